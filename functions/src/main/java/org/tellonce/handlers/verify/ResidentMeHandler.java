package org.tellonce.handlers.verify;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.List;
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
import org.tellonce.http.LambdaResponseSize;
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
    /** Stories an export part reads at most. */
    static final int EXPORT_STORIES = 100;
    /**
     * Bytes an export part may take in Lambda's response envelope ({@link LambdaResponseSize#MAX_BYTES}):
     * headers and the envelope's own fields fit in what is left.
     */
    static final long EXPORT_BUDGET = 5_500_000;

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
            return export(request, residentKey.get());
        }
        return list(request, residentKey.get());
    }

    /**
     * A page of the resident's stories, newest first: {@link MyStories#PAGE_SIZE} at most, and
     * {@code nextCursor} (null on the last page) for {@code ?cursor=} to read the older ones.
     */
    private HttpResponse list(HttpRequest request, String residentKey) {
        MyStories.Page page;
        try {
            page = mine.page(residentKey, cursor(request), MyStories.PAGE_SIZE);
        } catch (MyStories.InvalidCursor e) {
            return invalidCursor();
        }
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("stories");
        page.stored().forEach(stored -> list.add(StoryJson.listed(stored)));
        answer.put("nextCursor", page.nextCursor().orElse(null));
        return HttpResponse.json(200, Json.write(answer));
    }

    /**
     * Everything kept about the resident's stories, in parts that each fit Lambda's 6 MB response: up to
     * {@link #EXPORT_STORIES} stories and {@link #EXPORT_BUDGET} bytes as the response's JSON envelope
     * carries them. Most residents get one part ({@code "nextCursor": null}); with more, the part names
     * the next ({@code nextCursor}, {@code nextPart}), so a subject access request still returns everything.
     */
    private HttpResponse export(HttpRequest request, String residentKey) {
        MyStories.Page page;
        try {
            page = mine.page(residentKey, cursor(request), EXPORT_STORIES);
        } catch (MyStories.InvalidCursor e) {
            return invalidCursor();
        }
        ObjectNode answer = Json.object();
        answer.put("exportedAt", clock.instant().toString());
        answer.putObject("notifications").put("replies", mine.replyNotifications(residentKey));
        ArrayNode list = answer.putArray("stories");
        long size = LambdaResponseSize.envelopeBytes(Json.write(answer)) + 200;
        Optional<String> next = page.nextCursor();
        String lastIncluded = null;
        // Each story's access log is its own reads: the page's stories are read several at a time.
        List<ObjectNode> nodes = mine.each(page.stories(), story -> StoryJson.withAccessLog(
                StoryJson.exported(story.stored()), access.of(story.stored().story().reference())));
        for (int i = 0; i < nodes.size(); i++) {
            MyStories.Mine story = page.stories().get(i);
            ObjectNode node = nodes.get(i);
            long bytes = LambdaResponseSize.envelopeBytes(Json.write(node)) + 1;
            if (lastIncluded != null && size + bytes > EXPORT_BUDGET) {
                next = Optional.of(lastIncluded);
                break;
            }
            list.add(node);
            size += bytes;
            lastIncluded = story.cursor();
        }
        answer.put("nextCursor", next.orElse(null));
        answer.put("nextPart", next.map(c -> "/residents/me/export?cursor=" + c).orElse(null));
        return HttpResponse.json(200, Json.write(answer))
                .header("content-disposition", "attachment; filename=\"tellonce-my-stories"
                        + (request.query().containsKey("cursor") ? "-part" : "") + ".json\"");
    }

    private static Optional<String> cursor(HttpRequest request) {
        return Optional.ofNullable(request.query().get("cursor"));
    }

    private static HttpResponse invalidCursor() {
        return HttpResponse.json(400, Json.error("validation",
                "That cursor is not one we gave: start again without it"));
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

    /**
     * 204 once every story is erased and the records are gone. A resident with so many stories that the
     * time budget ran out first gets 503 with {@code Retry-After}: what was erased stays erased, the session
     * stays, and the same request erases the rest.
     */
    private HttpResponse eraseAll(HttpRequest request, String residentKey) {
        MyStories.Changed erased = mine.eraseAll(residentKey);
        Log.info(ResidentMeHandler.class, request.requestId(), erased.finished() ? "resident_erased" : "resident_erasing",
                Integer.toString(erased.count()));
        metrics.count(ResidentMeHandler.class, "Erasures", erased.count());
        if (!erased.finished()) {
            ObjectNode answer = Json.object();
            answer.put("error", "not_finished");
            answer.put("message", "Some stories are erased and some are not yet: send DELETE /residents/me again");
            answer.put("erased", erased.count());
            return HttpResponse.json(503, Json.write(answer)).header("retry-after", "1");
        }
        ResidentAccess.token(request).ifPresent(sessions::end);
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
