package org.tellonce.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * README's first command as a fresh machine runs it: the packaged {@code tellonce.jar} (with only its
 * own {@code lib/}, not the test classpath) serves the story form and takes a story. Runs after
 * {@code package} (failsafe), so a dependency the jar lacks fails the build, not a newcomer.
 */
class PackagedJarIT {

    @Test
    void thePackagedJarServesTheFormAndTakesAStory() throws Exception {
        Path jar = Path.of("target", "tellonce.jar");
        assertThat(jar).exists();
        int port = freePort();
        int dynamo = freePort();
        Path log = Files.createTempFile("tellonce-local", ".log");
        Process local = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString(), "local", "--in-memory", "--port", Integer.toString(port),
                "--dynamodb-port", Integer.toString(dynamo))
                .directory(Path.of("..").toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            URI base = URI.create("http://localhost:" + port);
            int form = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (form != 200 && System.nanoTime() < deadline && local.isAlive()) {
                try {
                    form = http.send(HttpRequest.newBuilder(base.resolve("/")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(500);
                }
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(form).as(output).isEqualTo(200);
            HttpResponse<String> story = http.send(HttpRequest.newBuilder(base.resolve("/stories"))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"story\":\"The 48 bus never comes on time in the morning.\",\"topics\":[\"transport\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(story.statusCode()).as(story.body()).isEqualTo(201);
            assertThat(Files.readString(log, StandardCharsets.UTF_8))
                    .doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
        } finally {
            local.destroy();
            if (!local.waitFor(20, TimeUnit.SECONDS)) {
                local.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
