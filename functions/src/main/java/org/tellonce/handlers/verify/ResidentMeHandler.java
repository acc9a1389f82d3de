package org.tellonce.handlers.verify;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.access.AccessHistory;
import org.tellonce.core.verify.MyStories;
import org.tellonce.core.verify.ResidentSessions;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.handlers.resident.StoryJson;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.http.ResidentAccess;
import org.tellonce.http.SameOrigin;
import org.tellonce.telemetry.Log;
import org.tellonce.telemetry.Metrics;
import org.tellonce.wiring.Wiring;

/**
 * A resident with a session (SPEC section 10): {@code GET /residents/me/stories} lists every story
 * told from their contact on any channel, {@code GET /residents/me/export} gives everything kept
 * about them, {@code PUT /residents/me/notifications} says whether to tell them of replies, and
 * {@code DELETE /residents/me} erases every story and record and ends the session.
 */
public final class ResidentMeHandler extends ApiHandler {
    static final int BODY_MAX = 1024;

    private final ResidentSessions sessions;
    private final MyStories mine;
    private final Metrics metrics;
    private final Clock clock;
    private final AccessHistory access;

    public ResidentMeHandler() {
        this(Wiring.lambda());
    }

    public ResidentMeHandler(Wiring wiring) {
        this(wiring.residentSessions(), wiring.myStories(), wiring.metrics(), wiring.clock(),
                wiring.accessHistory());
        attach(wiring);
    }

    public ResidentMeHandler(ResidentSessions sessions, MyStories mine, Metrics metrics, Clock clock,
                             AccessHistory access) {
        this.access = access;
        this.sessions = sessions;
        this.mine = mine;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Optional<String> residentKey = ResidentAccess.residentKey(request, sessions);
        if (residentKey.isEmpty()) {
            return HttpResponse.json(401, Json.error("unauthorized",
                            "Prove your contact first: POST /residents/verify, then /residents/verify/confirm"))
                    .header("www-authenticate", "Bearer");
        }
        if (!request.method().equals("GET")
                && SameOrigin.crossSiteCookieOnly(request, ResidentSessions.COOKIE)) {
            return HttpResponse.json(403, Json.error("cross_site", "Changes come from TellOnce's own pages "
                    + "or with the resident token in the Authorization header"));
        }
        String path = request.path();
        if (request.method().equals("DELETE") && path.equals("/residents/me")) {
            return eraseAll(request, residentKey.get());
        }
        if (request.method().equals("PUT") && path.equals("/residents/me/notifications")) {
            return notifications(request, residentKey.get());
        }
        if (path.equals("/residents/me/export")) {
            return export(residentKey.get());
        }
        return list(residentKey.get());
    }

    private HttpResponse list(String residentKey) {
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("stories");
        mine.of(residentKey).forEach(stored -> list.add(StoryJson.listed(stored)));
        return HttpResponse.json(200, Json.write(answer));
    }

    private HttpResponse export(String residentKey) {
        ObjectNode answer = Json.object();
        answer.put("exportedAt", clock.instant().toString());
        answer.putObject("notifications").put("replies", mine.replyNotifications(residentKey));
        ArrayNode list = answer.putArray("stories");
        mine.of(residentKey).forEach(stored -> list.add(StoryJson.withAccessLog(StoryJson.exported(stored),
                access.of(stored.story().reference()))));
        return HttpResponse.json(200, Json.write(answer))
                .header("content-disposition", "attachment; filename=\"tellonce-my-stories.json\"");
    }

    private HttpResponse notifications(HttpRequest request, String residentKey) {
        if (!request.mediaType().filter("application/json"::equals).isPresent()) {
            return HttpResponse.json(415, Json.error("unsupported_media_type", "Send application/json"));
        }
        if (request.body().length > BODY_MAX) {
            return HttpResponse.json(413, Json.error("too_large", "The body is too large"));
        }
        JsonNode body = Json.parse(request.body());
        JsonNode replies = body.isObject() ? body.get("replies") : null;
        if (replies == null || !replies.isBoolean()) {
            return HttpResponse.json(400, Json.error("validation", "Say {\"replies\": true} or {\"replies\": false}"));
        }
        mine.setReplyNotifications(residentKey, replies.booleanValue());
        ObjectNode answer = Json.object();
        answer.put("replies", replies.booleanValue());
        return HttpResponse.json(200, Json.write(answer));
    }

    private HttpResponse eraseAll(HttpRequest request, String residentKey) {
        int erased = mine.eraseAll(residentKey);
        ResidentAccess.token(request).ifPresent(sessions::end);
        Log.info(ResidentMeHandler.class, request.requestId(), "resident_erased", Integer.toString(erased));
        metrics.count(ResidentMeHandler.class, "Erasures", erased);
        return HttpResponse.empty(204).cookie(ResidentAccess.clearCookie());
    }

    /** A token no session has: reads the session store, answers 401, writes nothing. */
    @Override
    protected APIGatewayV2HTTPEvent primeRequest() {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath("/residents/me/stories")
                .withHeaders(Map.of("authorization", "Bearer " + "A".repeat(43)))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("prime")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build())
                        .build())
                .build();
    }
}
