package org.tellonce.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.tellonce.http.Json;

/**
 * Stands in for SSM Parameter Store during the cold-start runs, so a fresh function JVM reads the
 * resident key secret over HTTP as it does in AWS (there it is an SSM SecureString read at the first
 * request), instead of from an environment variable that costs nothing. Answers
 * {@code AmazonSSM.GetParameter} for one parameter name; anything else gets SSM's 400.
 */
final class SsmStub implements AutoCloseable {
    static final String PARAMETER = "/tellonce/bench/resident-key-secret";

    private final HttpServer server;

    SsmStub(String secret) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            var body = Json.parse(request.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : request);
            var answer = Json.object();
            int status;
            if ("AmazonSSM.GetParameter".equals(target) && PARAMETER.equals(body.path("Name").asText())) {
                var parameter = answer.putObject("Parameter");
                parameter.put("Name", PARAMETER);
                parameter.put("Type", "SecureString");
                parameter.put("Value", secret);
                parameter.put("Version", 1);
                status = 200;
            } else {
                answer.put("__type", "ParameterNotFound");
                answer.put("message", "only " + PARAMETER + " is served here");
                status = 400;
            }
            byte[] bytes = Json.write(answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
