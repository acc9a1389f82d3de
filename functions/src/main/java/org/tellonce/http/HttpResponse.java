package org.tellonce.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a handler answers; turned into the API Gateway payload 2.0 response at the edge. */
public final class HttpResponse {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private final String body;

    private HttpResponse(int status, String contentType, String body) {
        this.status = status;
        this.body = body;
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
    }

    public static HttpResponse json(int status, String json) {
        return new HttpResponse(status, "application/json", json).header("cache-control", "no-store");
    }

    public static HttpResponse html(int status, String html) {
        return new HttpResponse(status, "text/html; charset=utf-8", html)
                .header("cache-control", "no-store")
                .header("content-security-policy",
                        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
                                + "frame-ancestors 'none'; base-uri 'none'")
                .header("x-content-type-options", "nosniff")
                // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the form's
                // POST, and the cross-site check then refuses every story sent from our own form.
                .header("referrer-policy", "same-origin");
    }

    public static HttpResponse redirect(String location) {
        return new HttpResponse(303, null, "").header("location", location).header("cache-control", "no-store");
    }

    public static HttpResponse empty(int status) {
        return new HttpResponse(status, null, "");
    }

    public static HttpResponse text(int status, String contentType, String body) {
        return new HttpResponse(status, contentType, body);
    }

    public HttpResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpResponse cookie(String setCookie) {
        cookies.add(setCookie);
        return this;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public List<String> cookies() {
        return cookies;
    }

    public APIGatewayV2HTTPResponse toApiGateway() {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(new LinkedHashMap<>(headers))
                .withCookies(cookies.isEmpty() ? null : new ArrayList<>(cookies))
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }
}
