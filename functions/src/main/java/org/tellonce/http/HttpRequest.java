package org.tellonce.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An HTTP request as the domain code sees it: no Lambda types past this point. */
public record HttpRequest(
        String method,
        String path,
        Map<String, String> headers,
        Map<String, String> cookies,
        Map<String, String> pathParameters,
        Map<String, String> query,
        String rawQuery,
        byte[] body,
        String requestId,
        Map<String, String> authorizer) {

    public static HttpRequest from(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        Map<String, String> cookies = new HashMap<>();
        List<String> rawCookies = event.getCookies();
        if (rawCookies != null) {
            for (String cookie : rawCookies) {
                int eq = cookie.indexOf('=');
                if (eq > 0) {
                    cookies.putIfAbsent(cookie.substring(0, eq).trim(), cookie.substring(eq + 1).trim());
                }
            }
        }
        byte[] body = new byte[0];
        if (event.getBody() != null) {
            body = event.getIsBase64Encoded()
                    ? decodeBase64(event.getBody())
                    : event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        var context = event.getRequestContext();
        String method = context != null && context.getHttp() != null ? context.getHttp().getMethod() : "GET";
        String requestId = context != null && context.getRequestId() != null ? context.getRequestId() : "-";
        return new HttpRequest(
                method == null ? "GET" : method.toUpperCase(Locale.ROOT),
                event.getRawPath() == null ? "/" : event.getRawPath(),
                headers,
                cookies,
                event.getPathParameters() == null ? Map.of() : event.getPathParameters(),
                event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters(),
                event.getRawQueryString() == null ? "" : event.getRawQueryString(),
                body,
                requestId,
                authorizerContext(context));
    }

    /** What a Lambda authorizer passed on (simple responses: string values). */
    private static Map<String, String> authorizerContext(APIGatewayV2HTTPEvent.RequestContext context) {
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getLambda() == null) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        context.getAuthorizer().getLambda().forEach((k, v) -> {
            if (v != null) {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }

    private static byte[] decodeBase64(String body) {
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("The request body is not valid base64");
        }
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    public Optional<String> pathParameter(String name) {
        return Optional.ofNullable(pathParameters.get(name));
    }

    /** The media type of the body, lower-cased, without parameters. */
    public Optional<String> mediaType() {
        return header("content-type").map(v -> {
            int semi = v.indexOf(';');
            return (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        });
    }

    /** Whether the client would rather read HTML than JSON (a browser). */
    public boolean prefersHtml() {
        String accept = header("accept").orElse("");
        return accept.contains("text/html");
    }

    /** The bearer token of the Authorization header. */
    public Optional<String> bearerToken() {
        return header("authorization")
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim())
                .filter(v -> !v.isEmpty());
    }
}
