package org.tellonce.handlers.intake;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Optional;
import org.tellonce.core.language.Language;
import org.tellonce.core.intake.IntakeOutcome;
import org.tellonce.core.intake.IntakeService;
import org.tellonce.core.intake.StoryValidator;
import org.tellonce.core.intake.WebIntake;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.story.Topics;
import org.tellonce.core.verify.ResidentSessions;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.handlers.IdempotencyKeyHeader;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.ResidentAccess;
import org.tellonce.telemetry.IntakeMetrics;
import org.tellonce.wiring.Wiring;

/** {@code POST /stories}: a story from the web form or from JSON. */
public final class SubmitStoryHandler extends ApiHandler {
    private final WebIntake intake;
    private final IntakeFormAnswers form;
    private final IntakeMetrics metrics;
    private final Optional<ResidentSessions> residents;

    public SubmitStoryHandler() {
        this(Wiring.lambda());
    }

    public SubmitStoryHandler(Wiring wiring) {
        this(wiring.intakeService(), wiring.topics(), wiring.partnerDirectory(), wiring.intakeMetrics(),
                Optional.of(wiring.residentSessions()));
        attach(wiring);
    }

    /** @param partners the partners the form offers; a story may only name enabled ones */
    public SubmitStoryHandler(IntakeService intake, Topics topics, PartnerDirectory partners, IntakeMetrics metrics) {
        this(intake, topics, partners, metrics, Optional.empty());
    }

    /** @param residents resident sessions: a story sent with one proves the resident's own contact */
    public SubmitStoryHandler(IntakeService intake, Topics topics, PartnerDirectory partners, IntakeMetrics metrics,
                              Optional<ResidentSessions> residents) {
        this.intake = new WebIntake(intake, new StoryValidator(topics), partners);
        this.form = new IntakeFormAnswers(topics, partners);
        this.metrics = metrics;
        this.residents = residents;
    }

    @Override
    protected APIGatewayV2HTTPEvent primeRequest() {
        return StoryBody.primeRequest(super.primeRequest(), form.topics());
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Optional<HttpResponse> refused = StoryBody.refusal(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        WebIntake intake = this.intake.withSession(residents.flatMap(r -> ResidentAccess.residentKey(request, r)));
        if (StoryBody.isForm(request)) {
            StoryBody.Form posted = StoryBody.Form.read(request);
            IntakeOutcome outcome = intake.fromForm(posted.story(), posted.key(), posted.keySent(),
                    WebIntake.fingerprint(StoryBody.FORM, posted.story()));
            return form.of(IntakeLog.record(request, outcome, metrics), request, posted);
        }
        StoryRequestParser.Parsed parsed = StoryRequestParser.fromJson(request.body());
        if (!parsed.typeErrors().isEmpty()) {
            return IntakeAnswers.validationError(parsed.typeErrors());
        }
        Optional<String> key = IdempotencyKeyHeader.of(request);
        String fingerprint = WebIntake.fingerprint(StoryBody.JSON, parsed.request());
        return IntakeAnswers.of(IntakeLog.record(request, intake.fromApi(parsed.request(), key, fingerprint), metrics),
                Language.of(parsed.request().language()).orElse(Language.EN));
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return request != null && StoryBody.isForm(request) ? StoryBody.unreadable(request)
                : super.badRequest(request, message);
    }
}
