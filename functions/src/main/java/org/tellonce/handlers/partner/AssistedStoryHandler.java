package org.tellonce.handlers.partner;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.access.AccessRecorder;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.Policy;
import org.tellonce.core.assisted.AssistedTelling;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.intake.IntakeOutcome;
import org.tellonce.core.intake.Limits;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.core.intake.StoryValidator;
import org.tellonce.core.intake.Violation;
import org.tellonce.core.intake.WebIntake;
import org.tellonce.core.language.Language;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.core.story.Assisted;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoryStatus;
import org.tellonce.core.story.Topics;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.handlers.IdempotencyKeyHeader;
import org.tellonce.handlers.intake.IntakeAnswers;
import org.tellonce.handlers.intake.StoryRequestParser;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.telemetry.IntakeMetrics;
import org.tellonce.telemetry.Log;
import org.tellonce.web.AssistedPages;
import org.tellonce.web.Page;
import org.tellonce.web.Pages;
import org.tellonce.web.PartnerStaffPages;
import org.tellonce.wiring.Wiring;

/**
 * Assisted telling (SPEC section 15): {@code POST /partner/assisted-stories}, the fields of
 * {@code POST /stories} plus {@code "consentGiven":"verbal|written"}, from a partner's staff session
 * (JSON, or the form at {@code GET /partner/assisted}). The story goes through the same intake as any
 * other, with channel {@code assisted} and the helping partner; the answer has no manage token, as the
 * helper is not the resident.
 */
public final class AssistedStoryHandler extends ApiHandler {
    static final String PAGE = "/partner/assisted";
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    /** The query parameter of the confirmation: the reference just stored. */
    private static final String RECORDED = "recorded";

    private final AssistedTelling telling;
    private final StoryValidator validator;
    private final Topics topics;
    private final PartnerDirectory partners;
    private final Actors actors;
    private final StaffSessions sessions;
    private final IntakeMetrics metrics;
    private final AccessRecorder access;

    public AssistedStoryHandler() {
        this(Wiring.lambda());
    }

    public AssistedStoryHandler(Wiring wiring) {
        this(new AssistedTelling(new WebIntake(wiring.intakeService(), new StoryValidator(wiring.topics()),
                        wiring.partnerDirectory()), wiring.smsStore(), wiring.residentKeys(), wiring::sender),
                wiring.topics(), wiring.partnerDirectory(), wiring.actors(), wiring.staffSessions(),
                wiring.intakeMetrics(), wiring.accessRecorder());
        attach(wiring);
    }

    public AssistedStoryHandler(AssistedTelling telling, Topics topics, PartnerDirectory partners, Actors actors,
                                StaffSessions sessions, IntakeMetrics metrics, AccessRecorder access) {
        this.telling = telling;
        this.validator = new StoryValidator(topics);
        this.topics = topics;
        this.partners = partners;
        this.actors = actors;
        this.sessions = sessions;
        this.metrics = metrics;
        this.access = access;
    }

    /** What was sent: the story, how consent was given (as sent), and the form's submission id. */
    private record Sent(StoryRequest story, String consentGiven, Map<String, String> typeErrors,
                        Optional<String> submission) {
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        boolean get = request.method().equals("GET");
        boolean page = get ? request.prefersHtml() : isForm(request);
        Page words = Page.of(request, "/partner").switchingAt(PAGE);
        if (!get) {
            Optional<HttpResponse> unread = unread(request, words);
            if (unread.isPresent()) {
                return unread.get();
            }
        }
        PartnerApi.Caller caller = PartnerApi.caller(request, actors, sessions);
        if (caller.refusal().isPresent()) {
            return page ? PartnerStaffPages.refused(words, caller.refusal().get().status()) : caller.refusal().get();
        }
        Actor actor = caller.who();
        Policy.Decision decision = Policy.decide(actor, Action.RECORD_ASSISTED, Policy.Story.NONE);
        if (!decision.allowed()) {
            Log.info(AssistedStoryHandler.class, request.requestId(), "assisted", "forbidden");
            return page ? PartnerStaffPages.refused(words, decision.status())
                    : PartnerApi.refusal(actor, Action.RECORD_ASSISTED, Policy.Story.NONE).orElseThrow();
        }
        Partner helper = actor.partner().orElseThrow();
        if (get) {
            String recorded = Optional.ofNullable(request.query().get(RECORDED)).flatMap(Reference::parse)
                    .map(Reference::value).orElse(null);
            return AssistedPages.form(words, 200, helper.name(), topics, partners.choices(), empty(words), "",
                    Map.of(), Map.of(), Hashing.randomToken(16), recorded);
        }
        Sent sent = page ? fromForm(request) : fromJson(request);
        Optional<Assisted.ConsentGiven> given = Assisted.ConsentGiven.parse(sent.consentGiven());
        if (given.isEmpty() || !sent.typeErrors().isEmpty()) {
            Log.info(AssistedStoryHandler.class, request.requestId(), "assisted", "Rejected");
            return refusedBeforeIntake(words, page, helper, sent, given.isEmpty());
        }
        Assisted assisted = new Assisted(helper.id(), given.get());
        String fingerprint = WebIntake.fingerprint("assisted|" + helper.id() + "|" + given.get().wire() + "|"
                + (page ? FORM : JSON), sent.story());
        // A form's submission id makes a double click store once; the form sent again changed is a new story.
        Optional<String> key = page
                ? IdempotencyKeyHeader.of(WebIntake.formKey(request.header(IdempotencyKeyHeader.NAME),
                        sent.submission().map(s -> Hashing.sha256Hex(s + "|" + fingerprint))))
                : IdempotencyKeyHeader.of(request);
        AssistedTelling.Recorded recorded = telling.record(sent.story(), assisted, key, fingerprint,
                publicUrl(request));
        IntakeOutcome outcome = recorded.outcome();
        if (outcome instanceof IntakeOutcome.Accepted accepted) {
            // The resident sees which organisation recorded the story for them (never who).
            access.record(actor, Action.RECORD_ASSISTED, accepted.reference());
        }
        Log.info(AssistedStoryHandler.class, request.requestId(), "assisted", outcome.getClass().getSimpleName()
                + recorded.texted().map(t -> " sms_" + t.name()).orElse(""));
        if (!(outcome instanceof IntakeOutcome.PartnersNotEnabled)) {
            metrics.record(AssistedStoryHandler.class, outcome, "assisted");
        }
        return page ? formAnswer(words, helper, sent, outcome) : jsonAnswer(outcome);
    }

    private static HttpResponse jsonAnswer(IntakeOutcome outcome) {
        if (outcome instanceof IntakeOutcome.Accepted a) {
            // A story held for a moderator says so: the helper can tell the resident it is read first.
            return HttpResponse.json(201, answer(a.reference(), a.storyId(), false,
                    a.held() ? StoryStatus.AWAITING_REVIEW : StoryStatus.RECEIVED));
        }
        if (outcome instanceof IntakeOutcome.Duplicate d) {
            return HttpResponse.json(200, answer(d.reference(), d.storyId(), true));
        }
        if (outcome instanceof IntakeOutcome.Replayed r) {
            return HttpResponse.json(200, answer(r.reference(), r.storyId(), r.duplicate()))
                    .header("idempotent-replayed", "true");
        }
        return IntakeAnswers.of(outcome);
    }

    private HttpResponse formAnswer(Page words, Partner helper, Sent sent, IntakeOutcome outcome) {
        Optional<Reference> stored = outcome instanceof IntakeOutcome.Accepted a ? Optional.of(a.reference())
                : outcome instanceof IntakeOutcome.Duplicate d ? Optional.of(d.reference())
                : outcome instanceof IntakeOutcome.Replayed r ? Optional.of(r.reference()) : Optional.empty();
        if (stored.isPresent()) {
            return HttpResponse.redirect(PAGE + "?" + RECORDED + "=" + stored.get().value());
        }
        if (outcome instanceof IntakeOutcome.Rejected rejected) {
            return formAgain(words, 400, helper, sent, rejected.fields(), Map.of());
        }
        if (outcome instanceof IntakeOutcome.PartnersNotEnabled refused) {
            return formAgain(words, 400, helper, sent, refused.fields(), Map.of());
        }
        if (outcome instanceof IntakeOutcome.RateLimited limited) {
            return Pages.problem(words, 429, "problem.rateLimited.title", "problem.rateLimited.body")
                    .header("retry-after", Long.toString(limited.retryAfterSeconds()));
        }
        return Pages.problem(words, 409, "problem.retry.title", "problem.retry.body");
    }

    /** How consent was given is missing or wrong (or a field has the wrong type): every field's problem at once. */
    private HttpResponse refusedBeforeIntake(Page words, boolean page, Partner helper, Sent sent,
                                             boolean consentGivenWrong) {
        Map<String, Violation> violations = validator.validate(sent.story()) instanceof StoryValidator.Invalid invalid
                ? invalid.fields() : Map.of();
        if (page) {
            return formAgain(words, 400, helper, sent, violations, consentGivenWrong
                    ? Map.of("consentGiven", words.t("assisted.error.consentGiven")) : Map.of());
        }
        Map<String, String> fields = new LinkedHashMap<>(IntakeAnswers.english(violations));
        fields.putAll(sent.typeErrors());
        if (consentGivenWrong) {
            fields.put("consentGiven", words.in(Language.EN).t("assisted.error.consentGiven"));
        }
        return IntakeAnswers.validationError(fields);
    }

    private HttpResponse formAgain(Page words, int status, Partner helper, Sent sent, Map<String, Violation> violations,
                                   Map<String, String> other) {
        return AssistedPages.form(words, status, helper.name(), topics, partners.choices(), sent.story(),
                sent.consentGiven(), violations, other, sent.submission().orElse(Hashing.randomToken(16)), null);
    }

    /**
     * The address this request came to (API Gateway's own host, or the custom domain): the resident's
     * link to {@code /me}. Not from the template: the function's address names the API, which names it.
     */
    private static String publicUrl(HttpRequest request) {
        String scheme = request.header("x-forwarded-proto").filter(p -> p.equals("http")).orElse("https");
        return scheme + "://" + request.header("host").orElse("localhost");
    }

    private static String answer(Reference reference, String storyId, boolean duplicate) {
        return answer(reference, storyId, duplicate, StoryStatus.RECEIVED);
    }

    private static String answer(Reference reference, String storyId, boolean duplicate, StoryStatus status) {
        ObjectNode node = Json.object();
        node.put("reference", reference.value());
        node.put("storyId", storyId);
        node.put("status", status.wire());
        node.put("duplicate", duplicate);
        return Json.write(node);
    }

    /** Why the body is not read: its media type, charset or size. */
    private static Optional<HttpResponse> unread(HttpRequest request, Page words) {
        if (request.mediaType().filter(t -> t.equals(JSON) || t.equals(FORM)).isEmpty()) {
            return Optional.of(HttpResponse.json(415, Json.error("unsupported_media_type",
                    "Send the story as application/json or as a form (application/x-www-form-urlencoded)")));
        }
        String charset = request.header("content-type").map(AssistedStoryHandler::charset).orElse("utf-8");
        if (!charset.equals("utf-8")) {
            return Optional.of(HttpResponse.json(415, Json.error("unsupported_media_type", "Send the body as UTF-8")));
        }
        if (request.body().length > Limits.BODY_MAX_BYTES) {
            return Optional.of(isForm(request)
                    ? Pages.problem(words, 413, "problem.tooLong.title", "problem.tooLong.body")
                    : HttpResponse.json(413, Json.error("too_large", "A story can be at most 64 KiB; please shorten it")));
        }
        return Optional.empty();
    }

    private static Sent fromJson(HttpRequest request) {
        StoryRequestParser.Parsed parsed = StoryRequestParser.fromJson(request.body());
        Map<String, String> typeErrors = new LinkedHashMap<>(parsed.typeErrors());
        JsonNode root = Json.parse(request.body());
        JsonNode given = root.isObject() ? root.get("consentGiven") : null;
        if (given != null && !given.isNull() && !given.isTextual()) {
            typeErrors.put("consentGiven", "consentGiven must be \"verbal\" or \"written\"");
        }
        return new Sent(parsed.request(), given != null && given.isTextual() ? given.asText() : "", typeErrors,
                Optional.empty());
    }

    private static Sent fromForm(HttpRequest request) {
        FormBody form = FormBody.parse(request.body());
        return new Sent(StoryRequestParser.fromForm(form).request(), form.single("consentGiven").orElse(""), Map.of(),
                form.single("submission").filter(s -> !s.isBlank()));
    }

    private static StoryRequest empty(Page words) {
        return new StoryRequest("", List.of(), "", "", "", words.language().tag(), "", List.of(), "");
    }

    private static boolean isForm(HttpRequest request) {
        return request.mediaType().filter(FORM::equals).isPresent();
    }

    private static String charset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.trim().toLowerCase(java.util.Locale.ROOT);
            if (p.startsWith("charset=")) {
                return p.substring(8).replace("\"", "").trim();
            }
        }
        return "utf-8";
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return request == null || !isForm(request) ? super.badRequest(request, message)
                : PartnerStaffPages.refused(Page.of(request, "/partner").switchingAt(PAGE), 400);
    }

    /** A JSON story from a session no one was given: one read, refused (401), nothing written. */
    @Override
    protected APIGatewayV2HTTPEvent primeRequest() {
        return withUnknownStaffSession("POST", "/partner/assisted-stories", "{\"story\":\"short\",\"contact\":\"07700 900123\",\"consentGiven\":\"verbal\"}");
    }
}
