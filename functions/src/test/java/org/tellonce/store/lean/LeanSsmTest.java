package org.tellonce.store.lean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The secret read at a cold start: the request SSM gets, the value, retries, and errors without values. */
class LeanSsmTest {
    private static final String SECRET = "s3cr3t-value-that-must-never-appear-in-an-error-0123456789";

    private record Reply(int status, String body) {
    }

    private record Seen(Map<String, List<String>> headers, String body) {
    }

    private HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(new Seen(Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Reply reply;
            synchronized (script) {
                reply = script.isEmpty() ? ok() : script.poll();
            }
            byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", LeanSsm.CONTENT_TYPE);
            exchange.sendResponseHeaders(reply.status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static Reply ok() {
        return new Reply(200, "{\"Parameter\":{\"ARN\":\"arn:aws:ssm:eu-west-2:1:parameter/x\",\"DataType\":\"text\","
                + "\"Name\":\"/tellonce/secret\",\"Type\":\"SecureString\",\"Value\":\"" + SECRET
                + "\",\"Version\":3,\"Selector\":null}}");
    }

    private LeanSsm ssm(boolean session) {
        var credentials = session
                ? AwsSessionCredentials.create("AKIDEXAMPLE", "secret", "session-token-1")
                : AwsBasicCredentials.create("AKIDEXAMPLE", "secret");
        return new LeanSsm(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "eu-west-2",
                StaticCredentialsProvider.create(credentials), 2000);
    }

    private static String header(Seen request, String name) {
        return request.headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    @Test
    void readsTheDecryptedValueWithASignedGetParameter() {
        assertThat(ssm(true).parameter("/tellonce/secret")).isEqualTo(SECRET);

        assertThat(seen).hasSize(1);
        Seen request = seen.get(0);
        assertThat(request.body).isEqualTo("{\"Name\":\"/tellonce/secret\",\"WithDecryption\":true}");
        assertThat(header(request, "X-Amz-Target")).isEqualTo("AmazonSSM.GetParameter");
        assertThat(header(request, "Content-Type")).isEqualTo("application/x-amz-json-1.1");
        assertThat(header(request, "X-Amz-Security-Token")).isEqualTo("session-token-1");
        assertThat(header(request, "Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-2/ssm/aws4_request")
                .contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;"
                        + "x-amz-target");
    }

    @Test
    void triesAgainAfterA5xxAndThrottling() {
        script.add(new Reply(500, "{\"__type\":\"InternalServerError\",\"message\":\"boom\"}"));
        script.add(new Reply(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));

        assertThat(ssm(false).parameter("/tellonce/secret")).isEqualTo(SECRET);
        assertThat(seen).hasSize(3);
        assertThat(header(seen.get(0), "X-Amz-Security-Token")).isNull();
    }

    @Test
    void aMissingParameterIsNamedWithSsmsCodeAndNotTriedAgain() {
        script.add(new Reply(400, "{\"__type\":\"ParameterNotFound\",\"message\":\"Parameter /x not found.\"}"));

        assertThatThrownBy(() -> ssm(false).parameter("/tellonce/missing"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/tellonce/missing")
                .hasMessageContaining("ParameterNotFound");
        assertThat(seen).hasSize(1);
    }

    @Test
    void givesUpAfterThreeFailuresWithoutQuotingTheAnswer() {
        for (int i = 0; i < 3; i++) {
            script.add(new Reply(503, "{\"__type\":\"ServiceUnavailable\",\"message\":\"" + SECRET + "\"}"));
        }

        assertThatThrownBy(() -> ssm(false).parameter("/tellonce/secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after 3 attempts")
                .hasMessageNotContaining(SECRET);
        assertThat(seen).hasSize(3);
    }

    @Test
    void anUnreachableEndpointFailsAfterThreeAttempts() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        LeanSsm unreachable = new LeanSsm(URI.create("http://127.0.0.1:" + port), "eu-west-2",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")), 500);

        assertThatThrownBy(() -> unreachable.parameter("/tellonce/secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be read after 3 attempts")
                .hasRootCauseInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void anAnswerWithoutAValueIsAnError() {
        script.add(new Reply(200, "{\"Parameter\":{\"Name\":\"/tellonce/secret\"}}"));

        assertThatThrownBy(() -> ssm(false).parameter("/tellonce/secret"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a value");
    }
}
