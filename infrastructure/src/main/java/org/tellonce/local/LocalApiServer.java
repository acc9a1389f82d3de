package org.tellonce.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the HTTP routes of template.yaml as API Gateway's HTTP API would: payload format 2.0
 * events, the same header, cookie, path-parameter and base64 rules.
 */
public final class LocalApiServer implements AutoCloseable {
    /** API Gateway's own payload limit. */
    private static final int MAX_BODY = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    static {
        // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
        // the body then waits for the client's delayed ACK (~40 ms on Linux) on every request.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // Past its own limits (200 header fields, 384 KiB of headers) the JDK server drops the
        // connection without an answer; it takes far more, so that this server answers 431 as API
        // Gateway would, at API Gateway's limits (below).
        if (System.getProperty("sun.net.httpserver.maxReqHeaders") == null) {
            System.setProperty("sun.net.httpserver.maxReqHeaders", "100000");
        }
        if (System.getProperty("sun.net.httpserver.maxReqHeaderSize") == null) {
            System.setProperty("sun.net.httpserver.maxReqHeaderSize", Integer.toString(16 * 1024 * 1024));
        }
    }

    /** API Gateway HTTP APIs: request line and header values 10,240 bytes in all. */
    static final int MAX_HEADER_BYTES = 10_240;
    /** More header fields than any browser or client sends. */
    static final int MAX_HEADER_FIELDS = 100;

    /** A local-only endpoint (not in the template), such as the SMS simulator. */
    public interface LocalRoute {
        /** @return status, content type and body */
        LocalReply handle(String method, String query, byte[] body);
    }

    public record LocalReply(int status, String contentType, String body) {
    }

    private record Route(SamTemplate.HttpRoute route, Pattern pattern, List<String> parameters, int literalLength) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, LocalRoute> localRoutes = new LinkedHashMap<>();
    private final LambdaInvoker invoker;
    private final RouteAuthorizer authorizer;

    /** Decides whether an authorized route may run; returns the authorizer context or an error reply. */
    public interface RouteAuthorizer {
        AuthResult authorize(SamTemplate.HttpRoute route, APIGatewayV2HTTPEvent event);
    }

    public record AuthResult(boolean allowed, int status, Map<String, Object> context) {
    }

    public LocalApiServer(int port, List<SamTemplate.HttpRoute> httpRoutes, LambdaInvoker invoker,
                          RouteAuthorizer authorizer) throws IOException {
        this.invoker = invoker;
        this.authorizer = authorizer;
        for (SamTemplate.HttpRoute r : httpRoutes) {
            routes.add(compile(r));
        }
        // API Gateway picks the most specific route: more literal characters first.
        routes.sort(Comparator.comparingInt(Route::literalLength).reversed());
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        this.executor = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "local-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public void addLocalRoute(String path, LocalRoute route) {
        localRoutes.put(path, route);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static Route compile(SamTemplate.HttpRoute route) {
        StringBuilder regex = new StringBuilder();
        List<String> parameters = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(route.path());
        int last = 0;
        int literal = 0;
        while (m.find()) {
            String lit = route.path().substring(last, m.start());
            regex.append(Pattern.quote(lit));
            literal += lit.length();
            String name = m.group(1);
            if (name.endsWith("+")) {
                parameters.add(name.substring(0, name.length() - 1));
                regex.append("(.+)");
            } else {
                parameters.add(name);
                regex.append("([^/]+)");
            }
            last = m.end();
        }
        String tail = route.path().substring(last);
        regex.append(Pattern.quote(tail));
        literal += tail.length();
        return new Route(route, Pattern.compile(regex.toString()), parameters, literal);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (headersTooLarge(exchange)) {
                send(exchange, 431, Map.of("content-type", "application/json"), List.of(),
                        "{\"message\":\"Request Header Fields Too Large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = exchange.getRequestURI().getRawPath();
            String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            String path;
            byte[] body;
            try {
                path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
                body = readBody(exchange.getRequestBody());
            } catch (IOException | IllegalArgumentException e) {
                // A request that cannot be read (broken chunking, a body cut short, a broken path) is the
                // client's fault: API Gateway answers 400, not 500.
                send(exchange, 400, Map.of("content-type", "application/json"), List.of(),
                        "{\"message\":\"Bad Request\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (body == null) {
                send(exchange, 413, Map.of("content-type", "application/json"), List.of(),
                        "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            LocalRoute local = localRoutes.get(path);
            if (local != null) {
                LocalReply reply = local.handle(method, rawQuery, body);
                send(exchange, reply.status(), Map.of("content-type", reply.contentType()), List.of(),
                        reply.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            for (Route route : routes) {
                if (!route.route().method().equals(method) && !route.route().method().equals("ANY")) {
                    continue;
                }
                Matcher m = route.pattern().matcher(path);
                if (!m.matches()) {
                    continue;
                }
                Map<String, String> pathParameters = new LinkedHashMap<>();
                for (int i = 0; i < route.parameters().size(); i++) {
                    pathParameters.put(route.parameters().get(i), m.group(i + 1));
                }
                APIGatewayV2HTTPEvent event = event(exchange, route.route(), method, rawPath, rawQuery, body,
                        pathParameters);
                if (route.route().authorized()) {
                    AuthResult auth = authorizer.authorize(route.route(), event);
                    if (!auth.allowed()) {
                        String message = auth.status() == 401 ? "Unauthorized"
                                : auth.status() == 403 ? "Forbidden" : "Internal Server Error";
                        send(exchange, auth.status(), Map.of("content-type", "application/json"), List.of(),
                                ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                            .withLambda(auth.context()).build());
                }
                Object result;
                try {
                    result = invoker.invoke(route.route().functionId(), event);
                } catch (RuntimeException e) {
                    // As API Gateway does when the function itself fails.
                    System.err.println("{\"level\":\"ERROR\",\"event\":\"function_failed\",\"function\":\""
                            + route.route().functionId() + "\",\"detail\":\"" + e.getClass().getName() + "\"}");
                    send(exchange, 500, Map.of("content-type", "application/json"), List.of(),
                            "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) result;
                byte[] out = response.getBody() == null ? new byte[0]
                        : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                        : response.getBody().getBytes(StandardCharsets.UTF_8);
                send(exchange, response.getStatusCode(),
                        response.getHeaders() == null ? Map.of() : response.getHeaders(),
                        response.getCookies() == null ? List.of() : response.getCookies(), out);
                return;
            }
            send(exchange, 404, Map.of("content-type", "application/json"), List.of(),
                    "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            System.err.println("{\"level\":\"ERROR\",\"event\":\"local_api_failed\",\"detail\":\""
                    + e.getClass().getName() + "\"}");
            try {
                send(exchange, 500, Map.of("content-type", "application/json"), List.of(),
                        "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException ignored) {
                // The response may have started already.
            }
        }
    }

    private static boolean headersTooLarge(HttpExchange exchange) {
        long bytes = exchange.getRequestMethod().length() + exchange.getRequestURI().toString().length() + 10;
        int fields = 0;
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            for (String value : header.getValue()) {
                fields++;
                bytes += header.getKey().length() + 2 + (value == null ? 0 : value.length());
            }
        }
        return fields > MAX_HEADER_FIELDS || bytes > MAX_HEADER_BYTES;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private APIGatewayV2HTTPEvent event(HttpExchange exchange, SamTemplate.HttpRoute route, String method,
                                        String rawPath, String rawQuery, byte[] body,
                                        Map<String, String> pathParameters) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("cookie")) {
                for (String v : values) {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            cookies.add(c.trim());
                        }
                    }
                }
            } else {
                headers.put(key, String.join(",", values));
            }
        });
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        headers.put("x-forwarded-for", sourceIp);
        headers.put("x-forwarded-port", Integer.toString(port()));
        headers.put("x-forwarded-proto", "http");
        headers.putIfAbsent("host", "localhost:" + port());
        headers.put("x-amzn-trace-id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 24));

        Map<String, String> query = new LinkedHashMap<>();
        if (!rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String k = decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decodeQuery(pair.substring(eq + 1));
                query.merge(k, v, (a, b) -> a + "," + b);
            }
        }
        // A "text" body that is not valid UTF-8 goes on as the bytes that came (base64), never with
        // replacement characters: the function then refuses it instead of storing altered text.
        boolean text = isText(headers.get("content-type")) && org.tellonce.http.Utf8.isValid(body);
        Instant now = Instant.now();
        String routeKey = route.method() + " " + route.path();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath)
                .withRawQueryString(rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withBody(body.length == 0 ? null
                        : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName(headers.get("host"))
                        .withDomainPrefix("localhost")
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(rawPath)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp(sourceIp)
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    private static String decodeQuery(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** API Gateway passes text bodies as they are and base64-encodes everything else (forms included). */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.startsWith("application/json") || type.contains("+json")
                || type.startsWith("application/xml") || type.contains("+xml")
                || type.startsWith("application/javascript");
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, List<String> cookies,
                             byte[] body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        cookies.forEach(c -> exchange.getResponseHeaders().add("Set-Cookie", c));
        exchange.getResponseHeaders().add("apigw-requestid", UUID.randomUUID().toString());
        boolean noBody = body.length == 0 || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
