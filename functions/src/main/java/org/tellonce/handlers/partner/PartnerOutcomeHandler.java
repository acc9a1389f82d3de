package org.tellonce.handlers.partner;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.access.AccessRecorder;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.Policy;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.outcome.OutcomeDraft;
import org.tellonce.core.outcome.OutcomeResult;
import org.tellonce.core.outcome.Outcomes;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.handlers.IdempotencyKeyHeader;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.http.SameOrigin;
import org.tellonce.telemetry.Log;
import org.tellonce.web.Inbox;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerPages;
import org.tellonce.wiring.Wiring;

/**
 * {@code POST /partner/outcomes} (SPEC section 13): a partner links what it changed to the stories that
 * led to it. JSON {@code {"title","text","storyIds"}} with an API key or a staff session (201
 * {@code {"outcomeId"}}; idempotent with {@code Idempotency-Key}), or the inbox's form (303 back to the
 * list with a notice; what to fix shown at the fields, the input kept). Each story linked is in the
 * access log.
 */
public final class PartnerOutcomeHandler extends ApiHandler {
    private static final int BODY_MAX = 64 * 1024;
    private final Outcomes outcomes;
    private final Actors actors;
    private final StaffSessions sessions;
    private final AccessRecorder access;
    private final PartnerInboxHandler inbox;

    public PartnerOutcomeHandler() {
        this(Wiring.lambda());
    }

    public PartnerOutcomeHandler(Wiring wiring) {
        this(wiring.outcomes(), wiring.actors(), wiring.staffSessions(), wiring.accessRecorder(),
                new PartnerInboxHandler(wiring.feedService(), new Inbox(wiring.feedService(), wiring.storyStore()),
                        wiring.actors(), wiring.staffSessions(), wiring.topics(), wiring.accessLog(), wiring.clock(),
                        wiring.config().publicUrl().orElse("")));
        attach(wiring);
    }

    public PartnerOutcomeHandler(Outcomes outcomes, Actors actors, StaffSessions sessions, AccessRecorder access,
                                 PartnerInboxHandler inbox) {
        this.outcomes = outcomes;
        this.actors = actors;
        this.sessions = sessions;
        this.access = access;
        this.inbox = inbox;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (request.body().length > BODY_MAX) {
            throw new BadRequestException("The body is too large");
        }
        boolean form = request.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent();
        return form ? fromForm(request) : fromJson(request);
    }

    private HttpResponse fromJson(HttpRequest request) {
        PartnerApi.Caller caller = PartnerApi.caller(request, actors, sessions);
        if (caller.refusal().isPresent()) {
            return caller.refusal().get();
        }
        Actor actor = caller.who();
        Optional<HttpResponse> refusal = PartnerApi.refusal(actor, Action.RECORD_OUTCOME, Policy.Story.NONE);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        OutcomeResult result = outcomes.record(actor.partner().orElseThrow(), draft(Json.parse(request.body())),
                IdempotencyKeyHeader.of(request));
        logged(request, actor, result);
        if (result instanceof OutcomeResult.Recorded recorded) {
            return HttpResponse.json(201, created(recorded.outcomeId()));
        }
        if (result instanceof OutcomeResult.Replayed replayed) {
            return HttpResponse.json(200, created(replayed.outcomeId())).header("idempotent-replayed", "true");
        }
        if (result instanceof OutcomeResult.Invalid invalid) {
            var error = Json.object();
            error.put("error", "validation");
            var fields = error.putObject("fields");
            invalid.problems().forEach((field, problem) -> fields.put(field, english(problem)));
            return HttpResponse.json(400, Json.write(error));
        }
        if (result instanceof OutcomeResult.NotShared notShared) {
            var error = Json.object();
            error.put("error", "validation");
            error.putObject("fields").put("storyIds", "These stories are not shared with you now: "
                    + String.join(", ", notShared.storyIds()));
            notShared.storyIds().forEach(error.putArray("notShared")::add);
            return HttpResponse.json(400, Json.write(error));
        }
        if (result instanceof OutcomeResult.KeyReused) {
            return HttpResponse.json(422, Json.error("idempotency_key_reused",
                    "This Idempotency-Key was already used for a different outcome; use a new key"));
        }
        return HttpResponse.json(409, Json.error("conflict", "The stories changed while the outcome was written; "
                + "retry shortly")).header("retry-after", "1");
    }

    private static String created(String outcomeId) {
        return Json.write(Json.object().put("outcomeId", outcomeId));
    }

    /** Only an outcome stored now is logged: a replay links nothing again. */
    private void logged(HttpRequest request, Actor actor, OutcomeResult result) {
        if (result instanceof OutcomeResult.Recorded recorded) {
            access.record(actor, Action.RECORD_OUTCOME, recorded.references());
            Log.info(PartnerOutcomeHandler.class, request.requestId(), "outcome_recorded",
                    actor.partner().map(p -> p.id()).orElse("-"));
        }
    }

    private static String english(OutcomeDraft.Problem problem) {
        return switch (problem) {
            case TITLE_LENGTH -> "Give a title of " + OutcomeDraft.TITLE_MIN + " to " + OutcomeDraft.TITLE_MAX
                    + " characters";
            case TEXT_LENGTH -> "Give a text of " + OutcomeDraft.TEXT_MIN + " to " + OutcomeDraft.TEXT_MAX
                    + " characters";
            case STORIES_COUNT -> "Give from 1 to " + OutcomeDraft.STORIES_MAX + " story ids";
            case STORIES_REPEATED -> "Give each story id once";
        };
    }

    private static OutcomeDraft draft(JsonNode body) {
        if (!body.isObject()) {
            throw new BadRequestException("Send a JSON object");
        }
        List<String> ids = new ArrayList<>();
        JsonNode storyIds = body.get("storyIds");
        if (storyIds != null && !storyIds.isNull()) {
            if (!storyIds.isArray()) {
                throw new BadRequestException("'storyIds' must be an array of story ids");
            }
            for (JsonNode id : storyIds) {
                if (!id.isTextual()) {
                    throw new BadRequestException("'storyIds' must be an array of story ids");
                }
                ids.add(id.asText());
            }
        }
        return new OutcomeDraft(text(body, "title"), text(body, "text"), ids);
    }

    private static String text(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value != null && !value.isNull() && !value.isTextual()) {
            throw new BadRequestException("'" + name + "' must be a string");
        }
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** The inbox's form: a signed-in staff member, from TellOnce's own pages. */
    private HttpResponse fromForm(HttpRequest request) {
        Page page = InboxAccess.page(request).switchingAt(InboxAccess.HOME);
        InboxAccess.Who who = InboxAccess.of(request, actors, sessions, page, false);
        if (who.refusal().isPresent()) {
            return who.refusal().get();
        }
        if (SameOrigin.crossSite(request)) {
            return PartnerPages.problem(page, 403, "problem.crossSite.title", "partner.crossSite.body");
        }
        Actor actor = who.actor();
        Optional<HttpResponse> refused = InboxAccess.refusal(actor, Action.RECORD_OUTCOME, Policy.Story.NONE, page,
                false);
        if (refused.isPresent()) {
            return refused.get();
        }
        FormBody form = FormBody.parse(request.body());
        OutcomeDraft draft = new OutcomeDraft(form.single("title").orElse(""), form.single("text").orElse(""),
                List.copyOf(new LinkedHashSet<>(form.all("storyId"))));
        Optional<String> key = form.single(PartnerPages.FORM_TOKEN).filter(t -> !t.isBlank()).map(t -> "form:" + t);
        OutcomeResult result = outcomes.record(actor.partner().orElseThrow(), draft, key);
        if (result instanceof OutcomeResult.KeyReused) {
            // The partner went back and changed the form: a new outcome in its own right, once.
            result = outcomes.record(actor.partner().orElseThrow(), draft, key.map(k -> k + ":"
                    + Hashing.sha256Hex(draft.title() + "\n" + draft.text() + "\n" + String.join(",", draft.sortedIds()))));
        }
        logged(request, actor, result);
        if (result instanceof OutcomeResult.Recorded || result instanceof OutcomeResult.Replayed) {
            String notice = result instanceof OutcomeResult.Recorded ? PartnerPages.NOTICE_OUTCOME_RECORDED
                    : PartnerPages.NOTICE_OUTCOME_ALREADY;
            // Back to the same filtered page (rebuilt from the filter, so nothing else rides along).
            String back = Inbox.sameHref("/partner", request.query());
            return HttpResponse.redirect(back + (back.contains("?") ? "&" : "?") + Page.NOTICE + "=" + notice);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (result instanceof OutcomeResult.Invalid invalid) {
            invalid.problems().forEach((field, problem) -> errors.put(formField(field), words(page, problem)));
        } else if (result instanceof OutcomeResult.NotShared notShared) {
            errors.put("outcome-stories", page.t("outcome.error.notShared", String.join(", ", notShared.storyIds())));
        } else {
            return PartnerPages.problem(page, 409, "problem.retry.title", "partner.unreadable.body");
        }
        return inbox.list(request, page, actor, false, new PartnerPages.OutcomeForm(true, errors, draft.title(),
                draft.text(), new LinkedHashSet<>(draft.storyIds())));
    }

    private static String formField(String field) {
        return switch (field) {
            case "title" -> "outcome-title";
            case "text" -> "outcome-text";
            default -> "outcome-stories";
        };
    }

    private static String words(Page page, OutcomeDraft.Problem problem) {
        return switch (problem) {
            case TITLE_LENGTH -> page.t("outcome.error.title", OutcomeDraft.TITLE_MIN, OutcomeDraft.TITLE_MAX);
            case TEXT_LENGTH -> page.t("outcome.error.text", OutcomeDraft.TEXT_MIN, OutcomeDraft.TEXT_MAX);
            case STORIES_COUNT -> page.t("outcome.error.stories", OutcomeDraft.STORIES_MAX);
            case STORIES_REPEATED -> page.t("outcome.error.repeated");
        };
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        if (request == null || !request.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent()) {
            return super.badRequest(request, message);
        }
        return PartnerPages.problem(InboxAccess.page(request).switchingAt(InboxAccess.HOME), 400,
                "problem.unreadable.title", "partner.unreadable.body");
    }

    /** A JSON outcome with a staff session no one was given: the session's one read, nothing written. */
    @Override
    protected APIGatewayV2HTTPEvent primeRequest() {
        return withUnknownStaffSession("POST", "/partner/outcomes", "{}");
    }
}
