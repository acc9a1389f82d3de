package org.tellonce.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.List;
import java.util.Map;
import org.tellonce.core.StoreUnavailableException;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.telemetry.Log;
import org.tellonce.telemetry.Metrics;
import org.tellonce.wiring.Wiring;

/**
 * Edge of every HTTP function: payload 2.0 in, payload 2.0 out. Bad input becomes a 4xx, a store
 * outage a 503 with Retry-After, anything unexpected a 500 that leaks nothing but the request id.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** Where unexpected errors are counted; nothing until the handler is attached to its wiring. */
    private volatile Metrics errors = Metrics.OFF;

    /**
     * What every handler built from its wiring does: its warm-up is registered for SnapStart and its
     * unexpected errors are counted in the wiring's metrics.
     */
    protected final void attach(Wiring wiring) {
        wiring.warmUp(this::prime);
        this.errors = wiring.metrics();
    }

    /**
     * The SnapStart warm-up: one harmless request through the whole edge (event mapping, JSON, HTML,
     * the handler's own path). Handlers that read the store override {@link #primeRequest} with a
     * request that reads but never writes. The wiring runs it before a snapshot (see
     * {@code Wiring.prime}), with metrics off.
     */
    public void prime() {
        APIGatewayV2HTTPEvent event = primeRequest();
        handleRequest(event, null);
    }

    /** A request that exercises the handler without changing data: by default an unknown path. */
    protected APIGatewayV2HTTPEvent primeRequest() {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath("/__prime")
                .withHeaders(java.util.Map.of("accept", "application/json", "content-type", "application/json"))
                .withPathParameters(java.util.Map.of("reference", "TO-222222", "storyId",
                        "00000000-0000-0000-0000-000000000000"))
                .withBody("{}")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("prime")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build())
                        .build())
                .build();
    }

    /**
     * A priming request for a staff route: JSON to {@code path} with a staff session no one was given,
     * so the session's one read happens and nothing is written. {@code body} may be null.
     */
    protected static APIGatewayV2HTTPEvent withUnknownStaffSession(String method, String path, String body) {
        Map<String, String> headers = body == null ? Map.of("accept", "application/json")
                : Map.of("accept", "application/json", "content-type", "application/json");
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withHeaders(headers)
                .withCookies(List.of(StaffSessions.COOKIE + "=" + "A".repeat(43)))
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("prime")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
                .build();
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String requestId = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : "-";
        HttpRequest request = null;
        try {
            request = HttpRequest.from(event);
            return handle(request).toApiGateway();
        } catch (BadRequestException e) {
            return badRequest(request, e.getMessage()).toApiGateway();
        } catch (StoreUnavailableException e) {
            Log.warn(getClass(), requestId, "store_unavailable", e.getClass().getSimpleName());
            return HttpResponse.json(503, Json.error("unavailable",
                            "We could not save or read that just now. Please try again in a moment."))
                    .header("retry-after", "2").toApiGateway();
        } catch (RuntimeException e) {
            // Only the class name: messages may carry input.
            Log.error(getClass(), requestId, "unexpected", Log.describe(e));
            // A 500 is an answer, not a Lambda error: Lambda's Errors alarm never sees it, this metric's alarm does.
            errors.unexpectedError(getClass());
            return HttpResponse.json(500, Json.error("internal",
                    "Something went wrong on our side (request " + requestId + ").")).toApiGateway();
        }
    }

    protected abstract HttpResponse handle(HttpRequest request);

    /** How a request that could not be understood is answered; pages override this with HTML. */
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return HttpResponse.json(400, Json.error("bad_request", message));
    }
}
