package org.tellonce.store.lean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tellonce.store.Dynamo;
import org.tellonce.store.StoreUnavailableException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/** Retries, error mapping and hooks against a scripted local HTTP server that counts attempts. */
class LeanDynamoDbClientRetryTest {
    private record Reply(int status, String body, String crc) {
    }

    private HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile long stallMillis;
    private volatile Reply fallback = new Reply(200, "{}", null);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            attempts.incrementAndGet();
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            Reply reply;
            synchronized (script) {
                reply = script.isEmpty() ? fallback : script.poll();
            }
            if (stallMillis > 0) {
                try {
                    Thread.sleep(stallMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-amzn-RequestId", "REQ" + attempts.get());
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            if (reply.crc != null) {
                exchange.getResponseHeaders().add("x-amz-crc32", reply.crc);
            }
            exchange.sendResponseHeaders(reply.status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void then(int status, String body) {
        script.add(new Reply(status, body, null));
    }

    private LeanDynamoDbClient client(LeanDynamoDbClient.Hook... hooks) {
        return LeanDynamoDbClient.builder()
                .endpoint(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region("eu-west-2")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .backoff(Duration.ofMillis(5), Duration.ofMillis(10))
                .attemptTimeout(Duration.ofMillis(1500))
                .apiCallTimeout(Duration.ofSeconds(6))
                .hooks(List.of(hooks))
                .build();
    }

    private static GetItemResponse get(LeanDynamoDbClient client) {
        return client.getItem(b -> b.tableName("t").key(Map.of("PK", AttributeValue.fromS("a"))));
    }

    private static String error(String type, String message) {
        return "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}";
    }

    @Test
    void a500ThenSuccessIsRetriedOnce() {
        then(500, error("InternalServerError", "Internal server error"));
        then(200, "{\"Item\":{\"PK\":{\"S\":\"a\"}}}");
        assertThat(get(client()).item()).containsEntry("PK", AttributeValue.fromS("a"));
        assertThat(attempts).hasValue(2);
    }

    @Test
    void persistent500sGiveUpAfterThreeAttemptsWithTheSdkException() {
        for (int i = 0; i < 3; i++) {
            then(500, error("InternalServerError", "Internal server error"));
        }
        assertThatThrownBy(() -> get(client())).isInstanceOfSatisfying(InternalServerErrorException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(500);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
            assertThat(e.awsErrorDetails().serviceName()).isEqualTo("DynamoDb");
            assertThat(e.awsErrorDetails().sdkHttpResponse().statusCode()).isEqualTo(500);
            assertThat(e.requestId()).isEqualTo("REQ3");
            assertThat(e.numAttempts()).isEqualTo(3);
            assertThat(e.getMessage()).startsWith("Internal server error (Service: DynamoDb, Status Code: 500, "
                    + "Request ID: REQ3)");
        });
        assertThat(attempts).hasValue(3);
    }

    @Test
    void throttlingIsRetriedAndSurfacesAsAThrottlingExceptionTheStoresTurnInto503() {
        for (int i = 0; i < 3; i++) {
            then(400, error("ThrottlingException", "Rate exceeded"));
        }
        assertThatThrownBy(() -> get(client())).isInstanceOfSatisfying(ThrottlingException.class, e -> {
            assertThat(e.isThrottlingException()).isTrue();
            assertThat(e.statusCode()).isEqualTo(400);
        });
        assertThat(attempts).hasValue(3);

        attempts.set(0);
        then(400, error("ProvisionedThroughputExceededException", "slow down"));
        then(400, error("RequestLimitExceeded", "slow down"));
        then(400, error("ProvisionedThroughputExceededException", "slow down"));
        assertThatThrownBy(() -> Dynamo.call(() -> get(client()))).isInstanceOf(StoreUnavailableException.class)
                .hasCauseInstanceOf(ProvisionedThroughputExceededException.class);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void conditionalFailuresCancellationsConflictsAndValidationAreNotRetried() {
        then(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\",\"Item\":{\"PK\":{\"S\":\"a\"},\"n\":{\"N\":\"7\"}}}");
        assertThatThrownBy(() -> get(client())).isInstanceOfSatisfying(ConditionalCheckFailedException.class, e -> {
            assertThat(e.item()).containsEntry("n", AttributeValue.fromN("7"));
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ConditionalCheckFailedException");
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
        });
        assertThat(attempts).hasValue(1);

        then(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\",\"Message\":"
                + "\"Transaction cancelled, please refer cancellation reasons for specific reasons"
                + " [ConditionalCheckFailed, None]\",\"CancellationReasons\":[{\"Code\":\"ConditionalCheckFailed\","
                + "\"Message\":\"The conditional request failed\",\"Item\":{\"PK\":{\"S\":\"x\"}}},{\"Code\":\"None\"}]}");
        assertThatThrownBy(() -> get(client())).isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
            assertThat(e.hasCancellationReasons()).isTrue();
            assertThat(e.cancellationReasons()).hasSize(2);
            assertThat(e.cancellationReasons().get(0).code()).isEqualTo("ConditionalCheckFailed");
            assertThat(e.cancellationReasons().get(0).item()).containsEntry("PK", AttributeValue.fromS("x"));
            assertThat(e.cancellationReasons().get(1).code()).isEqualTo("None");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("Transaction cancelled");
        });
        assertThat(attempts).hasValue(2);

        then(400, error("TransactionConflictException", "conflict"));
        assertThatThrownBy(() -> get(client())).isInstanceOf(TransactionConflictException.class);
        assertThat(attempts).hasValue(3);

        then(400, error("ValidationException", "One or more parameter values were invalid"));
        assertThatThrownBy(() -> get(client())).isInstanceOfSatisfying(DynamoDbException.class, e -> {
            assertThat(e.getClass()).isEqualTo(DynamoDbException.class);
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
            assertThat(e.isThrottlingException()).isFalse();
        });
        assertThat(attempts).hasValue(4);
    }

    @Test
    void anUnknownErrorTypeAndANonJson503AreDynamoDbExceptions() {
        then(400, error("SomethingNewException", "new"));
        assertThatThrownBy(() -> get(client())).isInstanceOfSatisfying(DynamoDbException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SomethingNewException"));
        for (int i = 0; i < 3; i++) {
            then(503, "<html>busy</html>");
        }
        assertThatThrownBy(() -> get(client())).isInstanceOfSatisfying(DynamoDbException.class,
                e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(attempts).hasValue(4);
    }

    @Test
    void aMalformedAnswerIsAClientExceptionThatDoesNotQuoteIt() {
        then(200, "{\"Item\":{\"secret\":{\"S\":\"Mrs Jones at 4 Elm Road\"}, oops");
        assertThatThrownBy(() -> get(client())).isInstanceOf(SdkClientException.class)
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("Elm", "oops");
                    }
                });
        assertThat(attempts).hasValue(1);
    }

    @Test
    void theRetryQuotaStopsRetriesInALongOutageAndSuccessesRefillIt() {
        fallback = new Reply(500, error("InternalServerError", "down"), null);
        LeanDynamoDbClient client = client();
        // 500 tokens, 5 per retry: 50 calls of 3 attempts use them up.
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> get(client)).isInstanceOf(InternalServerErrorException.class);
        }
        assertThat(attempts).hasValue(150);
        assertThatThrownBy(() -> get(client)).isInstanceOfSatisfying(InternalServerErrorException.class,
                e -> assertThat(e.numAttempts()).isEqualTo(1));
        assertThat(attempts).hasValue(151);
        // Five first-time successes give one retry back.
        fallback = new Reply(200, "{}", null);
        for (int i = 0; i < 5; i++) {
            get(client);
        }
        fallback = new Reply(500, error("InternalServerError", "down"), null);
        attempts.set(0);
        assertThatThrownBy(() -> get(client)).isInstanceOf(InternalServerErrorException.class);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aCrcMismatchIsRetriedAndAMatchingCrcAccepted() {
        String body = "{\"Item\":{\"PK\":{\"S\":\"a\"}}}";
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        script.add(new Reply(200, body, Long.toString(crc.getValue() + 1)));
        script.add(new Reply(200, body, Long.toString(crc.getValue())));
        assertThat(get(client()).item()).containsKey("PK");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aSlowAnswerTimesOutPerAttemptAndEndsAsAClientException() {
        stallMillis = 2500;
        long started = System.nanoTime();
        assertThatThrownBy(() -> get(client())).isInstanceOf(SdkClientException.class);
        assertThat(attempts.get()).isBetween(2, 3);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aRefusedConnectionFailsFastAsAnSdkClientExceptionAfterThreeAttempts() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        AtomicInteger tried = new AtomicInteger();
        LeanDynamoDbClient.Hook counting = new LeanDynamoDbClient.Hook() {
            @Override
            public void beforeAttempt(String operation, SdkRequest request) {
                tried.incrementAndGet();
            }
        };
        LeanDynamoDbClient client = LeanDynamoDbClient.builder()
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .region("eu-west-2")
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .hooks(List.of(counting))
                .build();
        long started = System.nanoTime();
        assertThatThrownBy(() -> get(client)).isInstanceOf(SdkClientException.class)
                .hasMessageContaining("Unable to execute HTTP request");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(tried).hasValue(3);
        assertThatThrownBy(() -> Dynamo.call(() -> get(client))).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void hooksSeeEveryCallAndAttemptAndCanInjectFaults() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger n = new AtomicInteger();
        LeanDynamoDbClient.Hook hook = new LeanDynamoDbClient.Hook() {
            @Override
            public void beforeCall(String operation, SdkRequest request) {
                seen.add("call " + operation);
            }

            @Override
            public void beforeAttempt(String operation, SdkRequest request) {
                seen.add("attempt " + operation);
                if (n.incrementAndGet() == 1) {
                    throw ThrottlingException.builder().statusCode(400).message("injected")
                            .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                    .errorCode("ThrottlingException").build()).build();
                }
            }

            @Override
            public void afterAttempt(String operation, SdkRequest request, int status) {
                seen.add("answered " + status);
                if (n.get() == 2) {
                    throw InternalServerErrorException.builder().statusCode(500).message("lost").build();
                }
            }
        };
        assertThat(get(client(hook)).hasItem()).isFalse();
        assertThat(seen).containsExactly("call GetItem", "attempt GetItem", "attempt GetItem", "answered 200",
                "attempt GetItem", "answered 200");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void serviceNameAndClose() {
        LeanDynamoDbClient client = client();
        assertThat(client.serviceName()).isEqualTo("dynamodb");
        get(client);
        client.close();
        assertThatThrownBy(() -> get(client)).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void requestOverridesThatWouldChangeTheCallAreRefused() {
        assertThatThrownBy(() -> client().getItem(b -> b.tableName("t").key(Map.of("PK", AttributeValue.fromS("a")))
                .overrideConfiguration(o -> o.putHeader("X-Extra", "1"))))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("DYNAMODB_CLIENT=sdk");
        assertThat(attempts).hasValue(0);
    }

    @Test
    void theIdempotencyTokenIsGeneratedOnceAndResentOnRetries() {
        then(500, error("InternalServerError", "x"));
        client().transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                .put(Put.builder().tableName("t").item(Map.of("PK", AttributeValue.fromS("a"))).build()).build()));
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).contains("\"ClientRequestToken\":\"").isEqualTo(requests.get(1));
        client().transactWriteItems(b -> b.clientRequestToken("mine").transactItems(TransactWriteItem.builder()
                .put(Put.builder().tableName("t").item(Map.of("PK", AttributeValue.fromS("a"))).build()).build()));
        assertThat(requests.get(2)).contains("\"ClientRequestToken\":\"mine\"");
    }

    @Test
    void everyAttributeTypeIsWrittenInTheDynamoDbJsonFormat() {
        client().putItem(b -> b.tableName("t").item(Map.of("all", AttributeValue.fromM(Map.of(
                "s", AttributeValue.fromS("x\"y"),
                "n", AttributeValue.fromN("-1.5e3"),
                "b", AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {0, 1, -1})),
                "ss", AttributeValue.fromSs(List.of("a")),
                "ns", AttributeValue.fromNs(List.of("1")),
                "bs", AttributeValue.fromBs(List.of(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[] {2}))),
                "l", AttributeValue.fromL(List.of(AttributeValue.fromNul(true), AttributeValue.fromBool(false))),
                "emptyL", AttributeValue.fromL(List.of()),
                "emptyM", AttributeValue.fromM(Map.of()))))));
        String body = requests.get(0);
        assertThat(body).startsWith("{\"TableName\":\"t\",\"Item\":{\"all\":{\"M\":{")
                .contains("\"s\":{\"S\":\"x\\\"y\"}", "\"n\":{\"N\":\"-1.5e3\"}", "\"b\":{\"B\":\"AAH/\"}",
                        "\"ss\":{\"SS\":[\"a\"]}", "\"ns\":{\"NS\":[\"1\"]}", "\"bs\":{\"BS\":[\"Ag==\"]}",
                        "\"l\":{\"L\":[{\"NULL\":true},{\"BOOL\":false}]}", "\"emptyL\":{\"L\":[]}",
                        "\"emptyM\":{\"M\":{}}");
    }
}
