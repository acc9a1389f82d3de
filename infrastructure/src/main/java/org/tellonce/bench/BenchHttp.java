package org.tellonce.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The benchmark's HTTP client: {@link HttpURLConnection} with keep-alive, the same kind of client
 * the functions' SDK client ({@code UrlConnectionHttpClient}) uses for DynamoDB, so the local
 * stack's HTTP hop and the raw DynamoDB calls are measured with the same client type.
 */
final class BenchHttp {
    record Reply(int status, String body) {
    }

    private BenchHttp() {
    }

    static Reply get(String url, Map<String, String> headers) {
        return send("GET", url, null, null, headers);
    }

    static Reply postJson(String url, String json, Map<String, String> headers) {
        return send("POST", url, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    static Reply send(String method, String url, String contentType, byte[] body, Map<String, String> headers) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(5_000);
            c.setReadTimeout(30_000);
            c.setUseCaches(false);
            headers.forEach(c::setRequestProperty);
            if (contentType != null) {
                c.setRequestProperty("Content-Type", contentType);
            }
            if (body != null) {
                // Not streamed: headers and body leave in one write, as most clients send a small body.
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] bytes = new byte[0];
            if (in != null) {
                // Read to the end and close: the connection goes back to the keep-alive cache.
                try (in) {
                    bytes = in.readAllBytes();
                }
            }
            return new Reply(status, new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
