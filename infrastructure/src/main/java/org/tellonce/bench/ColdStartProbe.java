package org.tellonce.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Main class of the fresh JVM the cold-start benchmark starts: instantiates a handler by name,
 * builds an HTTP API event, invokes it once and prints how long that took from the moment the
 * parent spawned this process, and how many classes were loaded by then.
 *
 * <p>Runs on the function jar plus this class and {@link HelloHandler} only, so it may use nothing
 * but the JDK and the Lambda types. Before the response it avoids lambdas and string concatenation
 * (their bootstrap would add to the time it measures); the management beans are only touched after.
 *
 * <p>Arguments: {@code HANDLER_CLASS submit|feed SPAWNED_AT_EPOCH_MS [PARTNER_ID]}.
 */
public final class ColdStartProbe {
    static final String PREFIX = "TELLONCE-PROBE";

    private ColdStartProbe() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        String handlerClass = args[0];
        String kind = args[1];
        long spawnedAt = Long.parseLong(args[2]);
        APIGatewayV2HTTPEvent event = "feed".equals(kind) ? feedEvent(args[3]) : submitEvent();

        Object handler = Class.forName(handlerClass).getDeclaredConstructor().newInstance();
        long constructedAt = System.currentTimeMillis();
        APIGatewayV2HTTPResponse response =
                (APIGatewayV2HTTPResponse) ((RequestHandler) handler).handleRequest(event, null);
        long respondedAt = System.currentTimeMillis();

        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        System.out.println(PREFIX
                + " status=" + response.getStatusCode()
                + " spawnToResponseMs=" + (respondedAt - spawnedAt)
                + " jvmStartToResponseMs=" + (respondedAt - jvmStart)
                + " mainToResponseMs=" + (respondedAt - mainAt)
                + " constructMs=" + (constructedAt - mainAt)
                + " invokeMs=" + (respondedAt - constructedAt)
                + " classes=" + classes);
    }

    /** {@code POST /stories}, JSON, no contact and no Idempotency-Key: the minimal write path. */
    static APIGatewayV2HTTPEvent submitEvent() {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("host", "localhost");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /stories")
                .withRawPath("/stories")
                .withRawQueryString("")
                .withHeaders(headers)
                .withBody("{\"story\":\"The bus to the surgery stopped running and I missed two appointments.\","
                        + "\"topics\":[\"health\",\"transport\"],\"area\":\"LE1\","
                        + "\"consent\":{\"share\":\"private\",\"partners\":[]}}")
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("cold-start-probe")
                        .withRouteKey("POST /stories")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/stories").withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1").build())
                        .build())
                .build();
    }

    /** {@code GET /partner/stories} as API Gateway passes it on after the Lambda authorizer said yes. */
    static APIGatewayV2HTTPEvent feedEvent(String partnerId) {
        Map<String, String> headers = new HashMap<>();
        headers.put("host", "localhost");
        Map<String, Object> authorizer = new HashMap<>();
        authorizer.put("authenticated", "true");
        authorizer.put("partnerId", partnerId);
        Map<String, String> query = new HashMap<>();
        query.put("limit", "50");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("GET /partner/stories")
                .withRawPath("/partner/stories")
                .withRawQueryString("limit=50")
                .withQueryStringParameters(query)
                .withHeaders(headers)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("cold-start-probe")
                        .withRouteKey("GET /partner/stories")
                        .withStage("$default")
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withLambda(authorizer).build())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET").withPath("/partner/stories").withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1").build())
                        .build())
                .build();
    }
}
