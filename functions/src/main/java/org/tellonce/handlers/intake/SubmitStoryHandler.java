package org.tellonce.handlers.intake;

import org.tellonce.telemetry.IntakeMetrics;
import org.tellonce.core.intake.IntakeOutcome;
import org.tellonce.core.intake.IntakeService;
import org.tellonce.core.intake.Limits;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.core.intake.StoryValidator;
import org.tellonce.core.intake.Violation;
import org.tellonce.web.ViolationWords;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tellonce.wiring.Wiring;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.telemetry.Log;
import org.tellonce.http.SameOrigin;
import org.tellonce.http.ManageAccess;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.web.Pages;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Reference;
import org.tellonce.web.Page;

/** {@code POST /stories}: a story from the web form or from JSON. */
public final class SubmitStoryHandler extends ApiHandler {
    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    private static final String RATE_LIMITED =
            "We have received many stories from this contact in the last hour. Please try again later.";

    private final IntakeService intake;
    private final org.tellonce.core.story.Topics topics;
    private final PartnerDirectory partners;
    private final IntakeMetrics metrics;

    public SubmitStoryHandler() {
        this(Wiring.lambda());
    }

    public SubmitStoryHandler(Wiring wiring) {
        this(wiring.intakeService(), wiring.topics(), wiring.partnerDirectory(), wiring.intakeMetrics());
        wiring.warmUp(this::prime);
    }

    /** @param partners the partners the form offers; a posted form may only name enabled ones */
    public SubmitStoryHandler(IntakeService intake, org.tellonce.core.story.Topics topics, PartnerDirectory partners,
                              IntakeMetrics metrics) {
        this.intake = intake;
        this.topics = topics;
        this.partners = partners;
        this.metrics = metrics;
    }

    /**
     * Before a snapshot: a JSON story that is parsed and validated in full (the contact through
     * libphonenumber) and then refused for being too short, so nothing is written.
     */
    @Override
    protected com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent primeRequest() {
        var event = super.primeRequest();
        event.setRawPath("/stories");
        event.getRequestContext().getHttp().setMethod("POST");
        event.setBody("{\"story\":\"short\",\"topics\":[\"" + topics.all().get(0)
                + "\"],\"area\":\"LE1 1AA\",\"contact\":\"07700 900123\",\"consent\":{\"share\":\"anonymous\"}}");
        return event;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Optional<String> mediaType = request.mediaType();
        boolean form = mediaType.filter(FORM::equals).isPresent();
        if (mediaType.filter(t -> t.equals(JSON) || t.equals(FORM)).isEmpty()) {
            return HttpResponse.json(415, Json.error("unsupported_media_type",
                    "Send the story as application/json or as a form (application/x-www-form-urlencoded)"));
        }
        String charset = request.header("content-type").map(SubmitStoryHandler::charset).orElse("utf-8");
        if (!charset.equals("utf-8")) {
            return HttpResponse.json(415, Json.error("unsupported_media_type", "Send the body as UTF-8"));
        }
        if (request.body().length > Limits.BODY_MAX_BYTES) {
            String message = "A story can be at most 64 KiB; please shorten it";
            return form ? Pages.problem(formPage(request), 413, "problem.tooLong.title", "problem.tooLong.body")
                    : HttpResponse.json(413, Json.error("too_large", message));
        }
        if (form && SameOrigin.crossSite(request)) {
            return Pages.problem(formPage(request), 403, "problem.crossSite.title", "problem.crossSite.body");
        }
        return form ? handleForm(request) : handleJson(request);
    }

    private HttpResponse handleJson(HttpRequest request) {
        StoryRequestParser.Parsed parsed = StoryRequestParser.fromJson(request.body());
        if (!parsed.typeErrors().isEmpty()) {
            return validationError(parsed.typeErrors());
        }
        Optional<String> key = idempotencyKey(request.header("idempotency-key"));
        // As on the form: only enabled partners, or a typo would share the story with nobody.
        Optional<Map<String, Violation>> refused = partnersRefused(parsed.request());
        IntakeOutcome outcome;
        if (refused.isPresent()) {
            // A replay still answers as the first time did, even if a partner it names was disabled since.
            Optional<IntakeOutcome> earlier = intake.earlierAnswer(key, fingerprint(JSON, request.body()));
            if (earlier.isEmpty()) {
                Log.info(SubmitStoryHandler.class, request.requestId(), "intake", "UnknownPartner");
                return validationError(english(refused.get()));
            }
            outcome = earlier.get();
        } else {
            outcome = intake.submit(parsed.request(), Channel.WEB, key, fingerprint(JSON, request.body()));
        }
        log(request, outcome);
        if (outcome instanceof IntakeOutcome.Accepted a) {
            return HttpResponse.json(201, answer(a.reference(), a.storyId(), Optional.of(a.manageToken()), false))
                    .header("location", "/stories/" + a.reference().value());
        }
        if (outcome instanceof IntakeOutcome.Duplicate d) {
            return HttpResponse.json(200, answer(d.reference(), d.storyId(), Optional.empty(), true));
        }
        if (outcome instanceof IntakeOutcome.Replayed r) {
            return HttpResponse.json(200, answer(r.reference(), r.storyId(), r.manageToken(), r.duplicate()))
                    .header("idempotent-replayed", "true");
        }
        if (outcome instanceof IntakeOutcome.Rejected rejected) {
            return validationError(english(rejected.fields()));
        }
        if (outcome instanceof IntakeOutcome.RateLimited limited) {
            return HttpResponse.json(429, Json.error("rate_limited", RATE_LIMITED))
                    .header("retry-after", Long.toString(limited.retryAfterSeconds()));
        }
        if (outcome instanceof IntakeOutcome.KeyReused) {
            return HttpResponse.json(422, Json.error("idempotency_key_reused",
                    "This Idempotency-Key was already used for a different story; use a new key"));
        }
        return HttpResponse.json(409, Json.error("conflict",
                "A request with this Idempotency-Key is still being processed; retry shortly")).header("retry-after", "1");
    }

    private HttpResponse handleForm(HttpRequest request) {
        FormBody body = FormBody.parse(request.body());
        StoryRequestParser.Parsed parsed = StoryRequestParser.fromForm(body);
        // The form carries a one-off submission id, so a double click or a resubmitted page stores once.
        Optional<String> key = idempotencyKey(request.header("idempotency-key")
                .or(() -> body.single("submission").filter(s -> !s.isBlank()).map(s -> "form:" + s)));
        String fingerprint = fingerprint(FORM, request.body());
        Page page = Pages.formPage(Page.of(request, "/"), parsed.request());
        // The form offers enabled partners only: any other id is a form error, and nothing is stored.
        Optional<Map<String, Violation>> refused = partnersRefused(parsed.request());
        if (refused.isPresent()) {
            Log.info(SubmitStoryHandler.class, request.requestId(), "intake", "UnknownPartner");
            return Pages.form(page, 400, topics, partners.choices(), parsed.request(), refused.get(),
                    body.single("submission").orElse(Hashing.randomToken(16)));
        }
        IntakeOutcome outcome = intake.submit(parsed.request(), Channel.WEB, key, fingerprint);
        if (outcome instanceof IntakeOutcome.KeyReused && request.header("idempotency-key").isEmpty()) {
            // The resident went back and changed the form: that is a new story, idempotent in its own right.
            outcome = intake.submit(parsed.request(), Channel.WEB, key.map(k -> k + ":" + fingerprint), fingerprint);
        }
        log(request, outcome);
        if (outcome instanceof IntakeOutcome.Accepted a) {
            return HttpResponse.redirect("/stories/" + a.reference().value())
                    .cookie(ManageAccess.setCookie(a.reference(), a.manageToken()));
        }
        if (outcome instanceof IntakeOutcome.Replayed r && r.manageToken().isPresent()) {
            return HttpResponse.redirect("/stories/" + r.reference().value())
                    .cookie(ManageAccess.setCookie(r.reference(), r.manageToken().get()));
        }
        if (outcome instanceof IntakeOutcome.Replayed r) {
            return Pages.duplicate(page, r.reference().value());
        }
        if (outcome instanceof IntakeOutcome.Duplicate d) {
            return Pages.duplicate(page, d.reference().value());
        }
        if (outcome instanceof IntakeOutcome.RateLimited limited) {
            return Pages.problem(page, 429, "problem.rateLimited.title", "problem.rateLimited.body")
                    .header("retry-after", Long.toString(limited.retryAfterSeconds()));
        }
        if (outcome instanceof IntakeOutcome.Rejected rejected) {
            return Pages.form(page, 400, topics, partners.choices(), parsed.request(), rejected.fields(),
                    body.single("submission").orElse(Hashing.randomToken(16)));
        }
        return Pages.problem(page, 409, "problem.retry.title", "problem.retry.body");
    }

    /**
     * The field errors to answer when the story names partners that are not enabled right now (read from
     * the store, not the form's cache), with the story's other errors so all are fixed at once. Empty
     * when it names none (no read), names only enabled ones, is a honeypot hit (answered like success),
     * or its partner list is malformed (the intake's own validation says so).
     */
    private Optional<Map<String, Violation>> partnersRefused(StoryRequest story) {
        if (!story.website().isEmpty() || story.partners().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Violation> errors = new LinkedHashMap<>();
        if (new StoryValidator(topics).validate(story) instanceof StoryValidator.Invalid invalid) {
            if (invalid.fields().containsKey("partners")) {
                return Optional.empty();
            }
            errors.putAll(invalid.fields());
        }
        Set<String> notOffered = partners.notOffered(story.partners());
        if (notOffered.isEmpty()) {
            return Optional.empty();
        }
        Violation notEnabled = Violation.of(Violation.Rule.PARTNER_NOT_ENABLED);
        errors.put(notEnabled.field(), notEnabled);
        return Optional.of(errors);
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        if (request != null && request.mediaType().filter(FORM::equals).isPresent()) {
            return Pages.problem(formPage(request), 400, "problem.unreadable.title", "problem.unreadable.body");
        }
        return super.badRequest(request, message);
    }

    /** The JSON API's words for each field's violation: the English it has always answered. */
    private static Map<String, String> english(Map<String, Violation> violations) {
        Map<String, String> words = new LinkedHashMap<>();
        violations.forEach((field, violation) -> words.put(field, ViolationWords.english(violation)));
        return words;
    }

    private static HttpResponse validationError(Map<String, String> fields) {
        ObjectNode node = Json.object();
        node.put("error", "validation");
        ObjectNode f = node.putObject("fields");
        fields.forEach(f::put);
        return HttpResponse.json(400, Json.write(node));
    }

    private static String answer(Reference reference, String storyId, Optional<String> token, boolean duplicate) {
        ObjectNode node = Json.object();
        node.put("reference", reference.value());
        node.put("storyId", storyId);
        if (token.isPresent()) {
            node.put("manageToken", token.get());
        } else {
            node.putNull("manageToken");
        }
        node.put("status", "received");
        node.put("duplicate", duplicate);
        return Json.write(node);
    }

    private static Optional<String> idempotencyKey(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String key = header.get().trim();
        if (key.isEmpty() || key.length() > Limits.IDEMPOTENCY_KEY_MAX || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new BadRequestException("Idempotency-Key must be 1 to " + Limits.IDEMPOTENCY_KEY_MAX
                    + " visible ASCII characters");
        }
        return Optional.of(key);
    }

    private static String fingerprint(String mediaType, byte[] body) {
        byte[] type = (mediaType + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[type.length + body.length];
        System.arraycopy(type, 0, all, 0, type.length);
        System.arraycopy(body, 0, all, type.length, body.length);
        return java.util.HexFormat.of().formatHex(Hashing.sha256(all));
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

    /** A page answered to the form's POST, before its body is read: the language switcher leads to the form. */
    private static Page formPage(HttpRequest request) {
        return Page.of(request, "/").switchingAt("/");
    }

    private void log(HttpRequest request, IntakeOutcome outcome) {
        Log.info(SubmitStoryHandler.class, request.requestId(), "intake", outcome.getClass().getSimpleName());
        metrics.record(SubmitStoryHandler.class, outcome, "web");
    }
}
