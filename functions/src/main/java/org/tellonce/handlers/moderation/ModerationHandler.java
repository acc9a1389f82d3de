package org.tellonce.handlers.moderation;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.Policy;
import org.tellonce.core.language.Language;
import org.tellonce.core.moderators.ModerationStore;
import org.tellonce.core.moderators.Moderators;
import org.tellonce.core.moderators.Suggestions;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Story;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.http.SameOrigin;
import org.tellonce.http.StaffAccess;
import org.tellonce.telemetry.Log;
import org.tellonce.telemetry.ModerationMetrics;
import org.tellonce.web.ModerationPages;
import org.tellonce.web.Page;
import org.tellonce.wiring.Wiring;

/**
 * The moderators' routes (SPEC §12), staff session only: {@code GET /moderation} (the queue),
 * {@code GET /moderation/stories/{storyId}} (one held story, by its story id or its reference) and
 * {@code POST /moderation/stories/{storyId}/decision} {@code {"decision":"approve|reject","sharedText",
 * "reason"}}, each as JSON or as pages and forms without script. {@link Policy} decides who may; the
 * story's text and the decision never reach the logs.
 */
public final class ModerationHandler extends ApiHandler {
    static final int BODY_MAX = 64 * 1024;
    private static final String STORY_PATH = "/moderation/stories/";

    private final Moderators moderators;
    private final Actors actors;
    private final StaffSessions sessions;
    private final Clock clock;
    private final ModerationMetrics metrics;

    public ModerationHandler() {
        this(Wiring.lambda());
    }

    public ModerationHandler(Wiring wiring) {
        this(wiring.moderators(), wiring.actors(), wiring.staffSessions(), wiring.clock(),
                new ModerationMetrics(wiring.metrics(), ModerationHandler.class));
        attach(wiring);
    }

    public ModerationHandler(Moderators moderators, Actors actors, StaffSessions sessions, Clock clock) {
        this(moderators, actors, sessions, clock, new ModerationMetrics(new org.tellonce.telemetry.Metrics(false),
                ModerationHandler.class));
    }

    /** @param metrics the decision figures (approved or rejected, hours from hold to decision) */
    public ModerationHandler(Moderators moderators, Actors actors, StaffSessions sessions, Clock clock,
                             ModerationMetrics metrics) {
        this.moderators = moderators;
        this.actors = actors;
        this.sessions = sessions;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        boolean json = wantsJson(request);
        Page page = Page.of(request, ModerationPages.QUEUE);
        Optional<StaffSessions.Session> session = StaffAccess.session(request, sessions);
        Actors.Found found = session.isEmpty() ? new Actors.Nobody(false) : actors.staff(session.get());
        if (!(found instanceof Actors.Known known)) {
            return found instanceof Actors.Disabled ? refused(json, page, 403)
                    : json ? HttpResponse.json(401, Json.error("unauthorized", "Sign in at /staff/sign-in"))
                    : ModerationPages.refused(page, 401);
        }
        Actor actor = known.actor();
        boolean post = request.method().equals("POST");
        if (post && SameOrigin.crossSite(request)) {
            return HttpResponse.json(403, Json.error("cross_site", "A staff session works only from TellOnce's own pages"));
        }
        if (Policy.queue(actor) == Policy.Queue.NONE) {
            Log.info(ModerationHandler.class, request.requestId(), "moderation", "forbidden");
            return refused(json, page, 403);
        }
        if (!request.path().startsWith(STORY_PATH)) {
            return queue(request, json, page, actor);
        }
        Optional<Reference> reference = request.pathParameter("storyId").flatMap(moderators::find);
        if (reference.isEmpty()) {
            return refused(json, page, 404);
        }
        return post ? decide(request, json, page, actor, reference.get()) : open(json, page, actor, reference.get());
    }

    private HttpResponse queue(HttpRequest request, boolean json, Page page, Actor actor) {
        Optional<ModerationStore.Cursor> cursor;
        try {
            String after = request.query().get("after");
            String before = request.query().get("before");
            String given = after != null && !after.isEmpty() ? after : before;
            cursor = given == null || given.isEmpty() ? Optional.empty()
                    : Optional.of(moderators.store().cursor(given));
        } catch (IllegalArgumentException e) {
            return json ? HttpResponse.json(400, Json.error("bad_cursor",
                    "The cursor is not valid; use a next or previous link exactly as you received it"))
                    : ModerationPages.refused(page, 400);
        }
        ModerationStore.Page shown = moderators.queue(actor, cursor).orElseThrow();
        Instant now = clock.instant();
        Optional<String> previous = shown.previous().map(c -> "before=" + moderators.store().cursorText(c));
        Optional<String> next = shown.next().map(c -> "after=" + moderators.store().cursorText(c));
        if (!json) {
            return ModerationPages.queue(page, Policy.queue(actor) == Policy.Queue.FLAGGED, shown.stories(), now,
                    previous.map(q -> ModerationPages.QUEUE + "?" + q).orElse(null),
                    next.map(q -> ModerationPages.QUEUE + "?" + q).orElse(null));
        }
        ObjectNode answer = Json.object();
        ArrayNode stories = answer.putArray("stories");
        for (Story story : shown.stories()) {
            Instant held = story.review().heldAt().orElse(story.receivedAt());
            ObjectNode line = stories.addObject()
                    .put("storyId", story.storyId())
                    .put("reference", story.reference().value())
                    .put("heldAt", held.toString())
                    .put("waitingHours", Duration.between(held, now).toHours())
                    .put("flagged", story.review().flagged());
            ArrayNode concerns = line.putArray("concerns");
            story.review().concerns().forEach(concerns::add);
            line.put("channel", story.channel().wire()).put("language", story.language())
                    .put("share", story.consent().share().wire());
        }
        answer.put("previous", previous.map(q -> q.substring(q.indexOf('=') + 1)).orElse(null));
        answer.put("next", next.map(q -> q.substring(q.indexOf('=') + 1)).orElse(null));
        return HttpResponse.json(200, Json.write(answer));
    }

    private HttpResponse open(boolean json, Page page, Actor actor, Reference reference) {
        Moderators.Opened opened = moderators.open(actor, reference);
        if (opened instanceof Moderators.Forbidden) {
            return refused(json, page, 403);
        }
        if (!(opened instanceof Moderators.Shown shown)) {
            return refused(json, page, 404);
        }
        Story story = shown.story();
        if (!json) {
            return ModerationPages.story(page, 200, story, shown.suggestions(), Map.of(), null, null);
        }
        return HttpResponse.json(200, Json.write(storyJson(story, shown.suggestions())));
    }

    private HttpResponse decide(HttpRequest request, boolean json, Page page, Actor actor, Reference reference) {
        if (request.mediaType().filter(t -> t.equals("application/json")
                || t.equals("application/x-www-form-urlencoded")).isEmpty()) {
            return HttpResponse.json(415, Json.error("unsupported_media_type",
                    "Send application/json or a form (application/x-www-form-urlencoded)"));
        }
        if (request.body().length > BODY_MAX) {
            return HttpResponse.json(413, Json.error("too_large", "The body is too large"));
        }
        String decision;
        Optional<String> sharedText;
        Optional<String> reason;
        if (json) {
            JsonNode body = Json.parse(request.body());
            decision = text(body, "decision").orElse("");
            sharedText = text(body, "sharedText");
            reason = text(body, "reason");
        } else {
            FormBody form = FormBody.parse(request.body());
            decision = form.single("decision").orElse("");
            sharedText = form.single("sharedText");
            reason = form.single("reason");
        }
        Moderators.Outcome outcome = moderators.decide(actor, reference, decision, sharedText, reason);
        Log.info(ModerationHandler.class, request.requestId(), "moderation_decision",
                outcome.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        if (outcome instanceof Moderators.Decided decided) {
            Review made = decided.review();
            metrics.decided(made.state(), java.time.Duration.between(made.heldAt().orElse(clock.instant()),
                    made.decidedAt().orElse(clock.instant())), made.concerns());
            if (!json) {
                return HttpResponse.redirect(ModerationPages.QUEUE + "?" + Page.NOTICE + "="
                        + (decided.review().state() == Review.State.APPROVED ? ModerationPages.NOTICE_APPROVED
                        : ModerationPages.NOTICE_REJECTED));
            }
            ObjectNode answer = Json.object().put("reference", reference.value())
                    .put("review", decided.review().state().wire());
            decided.review().sharedText().ifPresent(t -> answer.put("sharedText", t));
            decided.review().reason().ifPresent(r -> answer.put("reason", r));
            answer.put("decidedAt", decided.review().decidedAt().map(Instant::toString).orElse(null));
            return HttpResponse.json(200, Json.write(answer));
        }
        if (outcome instanceof Moderators.AlreadyDecided) {
            return json ? HttpResponse.json(409, Json.error("already_decided",
                    "This story is no longer waiting for a moderator: someone decided it already"))
                    : HttpResponse.redirect(ModerationPages.QUEUE + "?" + Page.NOTICE + "="
                    + ModerationPages.NOTICE_ALREADY_DECIDED);
        }
        if (outcome instanceof Moderators.Refused) {
            return refused(json, page, 403);
        }
        if (outcome instanceof Moderators.Missing) {
            return refused(json, page, 404);
        }
        Map<String, String> errors = ((Moderators.Invalid) outcome).errors();
        if (json) {
            ObjectNode answer = Json.object().put("error", "validation");
            ObjectNode fields = answer.putObject("fields");
            errors.forEach((field, code) -> fields.put(field, page.in(Language.EN).t("moderation.error." + code)));
            return HttpResponse.json(400, Json.write(answer));
        }
        Map<String, String> words = new LinkedHashMap<>();
        errors.forEach((field, code) -> words.put(field, page.t("moderation.error." + code)));
        // The form's page again, with the words the moderator typed: the story is read (and logged) again.
        Moderators.Opened opened = moderators.open(actor, reference);
        if (!(opened instanceof Moderators.Shown shown)) {
            return refused(false, page, 404);
        }
        return ModerationPages.story(page.switchingAt(STORY_PATH + reference.value()), 400, shown.story(),
                shown.suggestions(), words, sharedText.orElse(null), reason.orElse(""));
    }

    /** The story as an API client reads it: what the page shows, the suggestions and the text with them taken. */
    static ObjectNode storyJson(Story story, List<Suggestions.Suggestion> suggestions) {
        Review review = story.review();
        ObjectNode node = Json.object()
                .put("storyId", story.storyId())
                .put("reference", story.reference().value())
                .put("review", review.state().wire())
                .put("heldAt", review.heldAt().map(Instant::toString).orElse(null))
                .put("receivedAt", story.receivedAt().toString())
                .put("flagged", review.flagged());
        ArrayNode concerns = node.putArray("concerns");
        review.concerns().forEach(concerns::add);
        node.put("text", story.text());
        ArrayNode topics = node.putArray("topics");
        story.topics().forEach(topics::add);
        node.put("area", story.area().orElse(null))
                .put("language", story.language())
                .put("channel", story.channel().wire())
                .put("share", story.consent().share().wire());
        ArrayNode partners = node.putArray("partners");
        story.consent().partners().forEach(partners::add);
        ArrayNode suggested = node.putArray("suggestions");
        suggestions.forEach(s -> suggested.addObject().put("kind", s.kind().wire()).put("text", s.text()));
        node.put("suggestedText", Suggestions.applied(story.text(), story.name(), suggestions));
        review.sharedText().ifPresent(t -> node.put("sharedText", t));
        review.reason().ifPresent(r -> node.put("reason", r));
        review.decidedAt().ifPresent(at -> node.put("decidedAt", at.toString()));
        return node;
    }

    private static HttpResponse refused(boolean json, Page page, int status) {
        if (!json) {
            return ModerationPages.refused(page, status);
        }
        return switch (status) {
            case 404 -> HttpResponse.json(404, Json.error("not_found", "No story with that id or reference is before the moderators"));
            case 401 -> HttpResponse.json(401, Json.error("unauthorized", "Sign in at /staff/sign-in"));
            default -> HttpResponse.json(403, Json.error("forbidden", "Your role may not do this"));
        };
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body != null && body.isObject() ? body.get(field) : null;
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** JSON when the body is JSON, or a GET that does not ask for a page. */
    private static boolean wantsJson(HttpRequest request) {
        if (request.method().equals("GET")) {
            return !request.prefersHtml();
        }
        return request.mediaType().filter("application/json"::equals).isPresent();
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return request == null || wantsJson(request) ? super.badRequest(request, message)
                : ModerationPages.refused(Page.of(request, ModerationPages.QUEUE), 400);
    }

    /** {@code GET /moderation} as JSON with a staff session no one was given: one read, no write. */
    @Override
    protected APIGatewayV2HTTPEvent primeRequest() {
        return withUnknownStaffSession("GET", ModerationPages.QUEUE, null);
    }
}
