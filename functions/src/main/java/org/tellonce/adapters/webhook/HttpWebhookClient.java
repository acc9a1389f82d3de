package org.tellonce.adapters.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tellonce.core.webhook.WebhookDelivery;

/**
 * One webhook POST with the JDK's HTTP client (SECURITY.md, SPEC section 14): redirects are never followed
 * (a 3xx is a failed attempt, so a receiver cannot bounce the request into the VPC), the whole exchange
 * has 10 seconds, and at most 64 KiB of the answer is read and then dropped.
 *
 * <p>The URL's host was resolved and checked just before ({@code WebhookAddress}); the JDK's address cache
 * (30 s by default, set explicitly here) gives this request the same addresses, so a name cannot resolve
 * to a public address for the check and a private one for the connection.
 */
public final class HttpWebhookClient implements WebhookDelivery.Client {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_ANSWER_BYTES = 64 * 1024;

    static {
        java.security.Security.setProperty("networkaddress.cache.ttl", "30");
    }

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    @Override
    public int post(URI uri, Map<String, String> headers, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("user-agent", "TellOnce-Webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        InputStream answer = null;
        try {
            HttpResponse<InputStream> response = client.sendAsync(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            answer = response.body();
            InputStream stream = answer;
            // The status decides; at most 64 KiB of the answer is read, within what is left of the 10 s.
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return stream.readNBytes(MAX_ANSWER_BYTES);
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            try {
                read.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException slowAnswer) {
                read.cancel(true);
            }
            return response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException | IllegalArgumentException e) {
            throw new IOException("no answer (" + (e.getCause() == null ? e.getClass().getSimpleName()
                    : e.getCause().getClass().getSimpleName()) + ")");
        } finally {
            if (answer != null) {
                answer.close();
            }
        }
    }
}
