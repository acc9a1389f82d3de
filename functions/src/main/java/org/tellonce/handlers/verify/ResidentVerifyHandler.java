package org.tellonce.handlers.verify;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.language.Language;
import org.tellonce.core.verify.Verification;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.telemetry.Log;
import org.tellonce.telemetry.Metrics;
import org.tellonce.web.Languages;
import org.tellonce.wiring.Wiring;

/**
 * {@code POST /residents/verify} {@code {"contact"}}: a 6-digit code goes to that phone or address,
 * and the answer is the same 202 whether or not any story was told from it. {@code POST
 * /residents/verify/confirm} {@code {"contact","code"}}: a right code opens a resident session.
 */
public final class ResidentVerifyHandler extends ApiHandler {
    static final int BODY_MAX = 4 * 1024;
    private static final String CONFIRM = "/residents/verify/confirm";

    private final Verification verification;
    private final Metrics metrics;

    public ResidentVerifyHandler() {
        this(Wiring.lambda());
    }

    public ResidentVerifyHandler(Wiring wiring) {
        this(wiring.verification(), wiring.metrics());
        attach(wiring);
    }

    public ResidentVerifyHandler(Verification verification, Metrics metrics) {
        this.verification = verification;
        this.metrics = metrics;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (!request.mediaType().filter("application/json"::equals).isPresent()) {
            return HttpResponse.json(415, Json.error("unsupported_media_type", "Send application/json"));
        }
        if (request.body().length > BODY_MAX) {
            return HttpResponse.json(413, Json.error("too_large", "The body is too large"));
        }
        JsonNode body = Json.parse(request.body());
        return request.path().equals(CONFIRM) ? confirm(request, body) : send(request, body);
    }

    private HttpResponse send(HttpRequest request, JsonNode body) {
        Language language = text(body, "language").flatMap(Language::of).orElseGet(() -> Languages.of(request));
        Verification.Request outcome = verification.request(text(body, "contact").orElse(""), language);
        Log.info(ResidentVerifyHandler.class, request.requestId(), "code_requested",
                outcome.getClass().getSimpleName());
        if (outcome instanceof Verification.NotAContact) {
            return HttpResponse.json(400, Json.error("validation",
                    "Give the e-mail address or phone number you told your story with"));
        }
        if (outcome instanceof Verification.TooMany tooMany) {
            return HttpResponse.json(429, Json.error("too_many",
                            "Five codes were sent to this contact in the last hour. Try again later."))
                    .header("retry-after", Long.toString(tooMany.retryAfter().toSeconds()));
        }
        metrics.count(ResidentVerifyHandler.class, "VerificationCodesSent", 1);
        ObjectNode answer = Json.object();
        answer.put("sent", true);
        return HttpResponse.json(202, Json.write(answer));
    }

    private HttpResponse confirm(HttpRequest request, JsonNode body) {
        Verification.Confirmation outcome = verification.confirm(text(body, "contact").orElse(""),
                text(body, "code").orElse(""));
        Log.info(ResidentVerifyHandler.class, request.requestId(), "code_confirmed",
                outcome.getClass().getSimpleName());
        if (!(outcome instanceof Verification.Confirmed confirmed)) {
            return HttpResponse.json(400, Json.error("wrong_code",
                    "That code is wrong or no longer valid. Ask for a new code."));
        }
        metrics.count(ResidentVerifyHandler.class, "ContactsVerified", 1);
        ObjectNode answer = Json.object();
        answer.put("residentToken", confirmed.session().token());
        answer.put("expiresAt", confirmed.session().expiresAt().toString());
        return HttpResponse.json(200, Json.write(answer));
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.isObject() ? body.get(field) : null;
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** A confirmation with a code no one was sent: reads the store, writes nothing. */
    @Override
    protected APIGatewayV2HTTPEvent primeRequest() {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(CONFIRM)
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody("{\"contact\":\"prime@example.invalid\",\"code\":\"000000\"}")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("prime")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build();
    }
}
