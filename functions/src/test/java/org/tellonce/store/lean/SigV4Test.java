package org.tellonce.store.lean;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB Local does not check signatures, so this is the proof that the lean client's SigV4 is
 * right: the Authorization header must be byte-identical to the AWS SDK's own signer
 * ({@link AwsV4HttpSigner}) on the same request, clock and credentials, with and without a session
 * token, for AWS's endpoints and for a non-default port, and on the request as it actually goes out
 * over the wire (Host and headers as HttpURLConnection sends them).
 */
class SigV4Test {
    private static final Instant NOW = Instant.parse("2026-11-24T08:09:10.123Z");
    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMiJHMEUCIQD+session/token==";
    private static final byte[] BODY = ("{\"TableName\":\"tellonce\",\"Key\":{\"PK\":{\"S\":\"PRIME\"},"
            + "\"SK\":{\"S\":\"Ünïcødé ✓\"}}}").getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesTheSdkSignerWithLongTermCredentials() {
        assertSameAsSdk("dynamodb.eu-west-2.amazonaws.com", "https://dynamodb.eu-west-2.amazonaws.com/",
                "eu-west-2", "DynamoDB_20120810.GetItem", BODY, null);
    }

    @Test
    void matchesTheSdkSignerWithSessionCredentials() {
        assertSameAsSdk("dynamodb.eu-west-2.amazonaws.com", "https://dynamodb.eu-west-2.amazonaws.com/",
                "eu-west-2", "DynamoDB_20120810.TransactWriteItems", BODY, TOKEN);
    }

    @Test
    void matchesTheSdkSignerOnANonDefaultPortAnotherRegionAndAnEmptyBody() {
        assertSameAsSdk("localhost:8000", "http://localhost:8000/", "us-east-1", "DynamoDB_20120810.Query",
                new byte[0], TOKEN);
        assertSameAsSdk("localhost:8000", "http://localhost:8000/", "us-east-1", "DynamoDB_20120810.Query",
                new byte[0], null);
    }

    @Test
    void datesAreTheSameAsJavaTimes() {
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd")
                .withZone(ZoneOffset.UTC);
        java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter.ofPattern("HHmmss")
                .withZone(ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(42);
        List<Long> seconds = new java.util.ArrayList<>(List.of(0L, 86_399L, 86_400L, 951_782_400L /* 2000-02-29 */,
                4_107_542_399L /* 2100-02-28T23:59:59 */, 4_107_542_400L, 1_709_164_800L /* 2024-02-29 */,
                NOW.getEpochSecond(), 253_402_300_799L /* 9999-12-31T23:59:59 */));
        for (int i = 0; i < 100_000; i++) {
            seconds.add((long) (random.nextDouble() * 253_402_300_799L));
        }
        for (long s : seconds) {
            Instant at = Instant.ofEpochSecond(s);
            assertThat(SigV4.utc(s)).as(at.toString()).containsExactly(day.format(at), time.format(at));
        }
    }

    @Test
    void theSigningKeyCacheFollowsTheDayAndTheSecret() {
        SigV4 signer = new SigV4("eu-west-2", "dynamodb");
        Instant tomorrow = NOW.plusSeconds(86_400);
        // Same signer, three keys in turn (cache hits and misses) must equal fresh signers' results.
        for (Instant when : List.of(NOW, NOW.plusSeconds(5), tomorrow, NOW)) {
            for (String secret : List.of(SECRET, SECRET + "2")) {
                String cachedAuth = signer.sign("h", LeanDynamoDbClient.CONTENT_TYPE, "T", BODY, KEY_ID, secret, null,
                        when).authorization();
                String freshAuth = new SigV4("eu-west-2", "dynamodb").sign("h", LeanDynamoDbClient.CONTENT_TYPE, "T",
                        BODY, KEY_ID, secret, null, when).authorization();
                assertThat(cachedAuth).isEqualTo(freshAuth);
            }
        }
    }

    /** The whole client: what arrives at a server verifies against the SDK's signature of the same request. */
    @Test
    void theRequestOnTheWireCarriesTheSdkSignature() throws Exception {
        List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            headers.add(Map.copyOf(exchange.getRequestHeaders()));
            bodies.add(exchange.getRequestBody().readAllBytes());
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            for (String token : new String[] {null, TOKEN}) {
                var credentials = token == null ? AwsBasicCredentials.create(KEY_ID, SECRET)
                        : AwsSessionCredentials.create(KEY_ID, SECRET, token);
                try (LeanDynamoDbClient client = LeanDynamoDbClient.builder()
                        .endpoint(URI.create("http://127.0.0.1:" + port))
                        .region("eu-west-2")
                        .credentialsProvider(StaticCredentialsProvider.create(credentials))
                        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                        .build()) {
                    client.getItem(b -> b.tableName("tellonce").key(Map.of("PK", AttributeValue.fromS("PRIME"),
                            "SK", AttributeValue.fromS("Ünïcødé ✓"))));
                }
                Map<String, List<String>> sent = headers.get(headers.size() - 1);
                byte[] body = bodies.get(bodies.size() - 1);
                String host = first(sent, "Host");
                assertThat(host).isEqualTo("127.0.0.1:" + port);
                assertThat(first(sent, "X-amz-date")).isEqualTo("20261124T080910Z");
                assertThat(first(sent, "X-amz-security-token")).isEqualTo(token);
                assertThat(first(sent, "Content-type")).isEqualTo("application/x-amz-json-1.0");
                assertThat(first(sent, "X-amz-target")).isEqualTo("DynamoDB_20120810.GetItem");
                assertThat(first(sent, "X-amz-content-sha256")).isEqualTo(SigV4.hex(SigV4.sha256(body)));
                String sdk = sdkAuthorization("http://127.0.0.1:" + port + "/", "eu-west-2",
                        first(sent, "X-amz-target"), body, token);
                assertThat(first(sent, "Authorization")).isEqualTo(sdk);
            }
        } finally {
            server.stop(0);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                assertThat(e.getValue()).as(name).hasSize(1);
                return e.getValue().get(0);
            }
        }
        return null;
    }

    private static void assertSameAsSdk(String host, String endpoint, String region, String target, byte[] body,
                                        String token) {
        SigV4.Signed ours = new SigV4(region, "dynamodb").sign(host, LeanDynamoDbClient.CONTENT_TYPE, target, body,
                KEY_ID, SECRET, token, NOW);
        assertThat(ours.amzDate()).isEqualTo("20261124T080910Z");
        String sdk = sdkAuthorization(endpoint, region, target, body, token);
        assertThat(ours.authorization()).isEqualTo(sdk);
        assertThat(ours.authorization()).isEqualTo(legacySdkAuthorization(endpoint, region, target, body, token));
        assertThat(ours.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/20261124/" + region
                + "/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;"
                + (token == null ? "" : "x-amz-security-token;") + "x-amz-target, Signature=");
    }

    /** The SDK's older signer (Aws4Signer), given the same headers to sign: a second, independent implementation. */
    @SuppressWarnings("deprecation")
    private static String legacySdkAuthorization(String endpoint, String region, String target, byte[] body,
                                                 String token) {
        software.amazon.awssdk.http.SdkHttpFullRequest request = software.amazon.awssdk.http.SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(endpoint))
                .putHeader("Content-Type", LeanDynamoDbClient.CONTENT_TYPE)
                .putHeader("X-Amz-Target", target)
                .putHeader("X-Amz-Content-Sha256", SigV4.hex(SigV4.sha256(body)))
                .contentStreamProvider(() -> new java.io.ByteArrayInputStream(body))
                .build();
        var credentials = token == null ? AwsBasicCredentials.create(KEY_ID, SECRET)
                : AwsSessionCredentials.create(KEY_ID, SECRET, token);
        var signed = software.amazon.awssdk.auth.signer.Aws4Signer.create().sign(request,
                software.amazon.awssdk.auth.signer.params.Aws4SignerParams.builder()
                        .awsCredentials(credentials)
                        .signingName("dynamodb")
                        .signingRegion(software.amazon.awssdk.regions.Region.of(region))
                        .signingClockOverride(Clock.fixed(NOW, ZoneOffset.UTC))
                        .build());
        return signed.firstMatchingHeader("Authorization").orElseThrow();
    }

    /** The SDK's signer on a request with the headers the lean client sends and signs. */
    private static String sdkAuthorization(String endpoint, String region, String target, byte[] body, String token) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(endpoint))
                .putHeader("Content-Type", LeanDynamoDbClient.CONTENT_TYPE)
                .putHeader("X-Amz-Target", target)
                .build();
        AwsCredentialsIdentity identity = token == null ? AwsCredentialsIdentity.create(KEY_ID, SECRET)
                : AwsSessionCredentialsIdentity.create(KEY_ID, SECRET, token);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
        assertThat(signed.request().firstMatchingHeader("X-Amz-Date")).hasValue("20261124T080910Z");
        assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256")).hasValue(SigV4.hex(SigV4.sha256(body)));
        if (token != null) {
            assertThat(signed.request().firstMatchingHeader("X-Amz-Security-Token")).hasValue(token);
        }
        return signed.request().firstMatchingHeader("Authorization").orElseThrow();
    }
}
