package org.tellonce.handlers.staff;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.core.staff.StaffSignIn;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.http.SameOrigin;
import org.tellonce.http.StaffAccess;
import org.tellonce.telemetry.Log;
import org.tellonce.web.Page;
import org.tellonce.web.Pages;
import org.tellonce.web.StaffPages;
import org.tellonce.wiring.Wiring;

/**
 * Staff sign-in (SPEC section 11), as JSON or as forms without script: {@code GET /staff/sign-in},
 * {@code POST /staff/sign-in} {@code {"email"}} (a code by e-mail, the same 202 for any address),
 * {@code POST /staff/sign-in/confirm} {@code {"email","code"}} (the {@code staff_session} cookie),
 * {@code POST /staff/sign-out} and {@code GET /staff/me}.
 */
public final class StaffSignInHandler extends ApiHandler {
    static final int BODY_MAX = 4 * 1024;
    private static final String PAGE = "/staff/sign-in";
    private static final String CONFIRM = "/staff/sign-in/confirm";
    private static final String SIGN_OUT = "/staff/sign-out";
    private static final String ME = "/staff/me";
    private static final Refusal NOT_AN_EMAIL = new Refusal(400, "validation", "email", "staff.error.email");
    private static final Refusal TOO_MANY = new Refusal(429, "too_many", "email", "staff.error.tooMany");
    private static final Refusal LOCKED = new Refusal(429, "locked", "code", "staff.error.locked");
    private static final Refusal WRONG_CODE = new Refusal(400, "wrong_code", "code", "staff.error.code");

    private final StaffSignIn signIn;
    private final StaffSessions sessions;
    private final Optional<DigestRoutes> digest;

    public StaffSignInHandler() {
        this(Wiring.lambda());
    }

    public StaffSignInHandler(Wiring wiring) {
        this(wiring.staffSignIn(), wiring.staffSessions(),
                Optional.of(new DigestRoutes(wiring.staffSessions(), wiring.staffStore(), wiring.digestLinks())));
        attach(wiring);
    }

    public StaffSignInHandler(StaffSignIn signIn, StaffSessions sessions) {
        this(signIn, sessions, Optional.empty());
    }

    private StaffSignInHandler(StaffSignIn signIn, StaffSessions sessions, Optional<DigestRoutes> digest) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.digest = digest;
    }

    /** What the person sent: JSON from a client, or a form from the page. */
    private record Answers(boolean json, Optional<String> email, Optional<String> code) {
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (request.method().equals("GET") && DigestRoutes.serves(request) && digest.isPresent()) {
            return digest.get().handle(request);
        }
        if (request.method().equals("GET")) {
            return request.path().equals(ME) ? me(request) : page(request);
        }
        if (SameOrigin.crossSite(request)) {
            return Pages.problem(Page.of(request, "/").switchingAt(PAGE), 403, "problem.crossSite.title",
                    "problem.crossSite.body");
        }
        if (request.path().equals(SIGN_OUT)) {
            StaffAccess.token(request).ifPresent(sessions::end);
            return HttpResponse.redirect(PAGE + "?" + Page.NOTICE + "=signedOut").cookie(StaffAccess.clearCookie());
        }
        if (request.body().length > BODY_MAX) {
            return HttpResponse.json(413, Json.error("too_large", "The body is too large"));
        }
        if (DigestRoutes.serves(request) && digest.isPresent()) {
            return digest.get().handle(request);
        }
        Answers answers = answers(request);
        return request.path().equals(CONFIRM) ? confirm(request, answers) : send(request, answers);
    }

    private HttpResponse me(HttpRequest request) {
        Optional<StaffMember> member = StaffAccess.member(request, sessions);
        if (member.isEmpty()) {
            return HttpResponse.json(401, Json.error("unauthorized", "Sign in at " + PAGE));
        }
        ObjectNode answer = Json.object();
        answer.put("name", member.get().name());
        return HttpResponse.json(200, Json.write(withRole(answer, member.get())));
    }

    private HttpResponse page(HttpRequest request) {
        Page page = Page.of(request, "/");
        return StaffAccess.session(request, sessions).map(s -> StaffPages.signedIn(page, s.member(),
                        digest.flatMap(d -> d.choice(s)).orElse(null)))
                .orElseGet(() -> StaffPages.signIn(page, 200, null, Map.of()));
    }

    private HttpResponse send(HttpRequest request, Answers answers) {
        Page page = Page.of(request, "/").switchingAt(PAGE);
        String email = answers.email().orElse("").strip();
        StaffSignIn.Request outcome = signIn.request(email, page.language());
        Log.info(StaffSignInHandler.class, request.requestId(), "staff_code_requested", outcome.getClass().getSimpleName());
        if (outcome instanceof StaffSignIn.NotAnEmail) {
            return refused(answers, page, NOT_AN_EMAIL, null);
        }
        if (outcome instanceof StaffSignIn.TooMany tooMany) {
            return refused(answers, page, TOO_MANY, null)
                    .header("retry-after", Long.toString(tooMany.retryAfter().toSeconds()));
        }
        return answers.json() ? HttpResponse.json(202, Json.write(Json.object().put("sent", true)))
                : StaffPages.signIn(page, 202, email, Map.of());
    }

    private HttpResponse confirm(HttpRequest request, Answers answers) {
        Page page = Page.of(request, "/").switchingAt(PAGE);
        String email = answers.email().orElse("").strip();
        StaffSignIn.Confirmation outcome = signIn.confirm(email, answers.code().orElse(""));
        Log.info(StaffSignInHandler.class, request.requestId(), "staff_code_confirmed", outcome.getClass().getSimpleName());
        if (outcome instanceof StaffSignIn.Confirmed confirmed) {
            return signedIn(answers, confirmed).cookie(StaffAccess.setCookie(confirmed.session()));
        }
        if (outcome instanceof StaffSignIn.Locked locked) {
            return refused(answers, page, LOCKED, email)
                    .header("retry-after", Long.toString(locked.retryAfter().toSeconds()));
        }
        return refused(answers, page, WRONG_CODE, email);
    }

    private static HttpResponse signedIn(Answers answers, StaffSignIn.Confirmed confirmed) {
        if (!answers.json()) {
            return HttpResponse.redirect(PAGE);
        }
        ObjectNode answer = Json.object();
        answer.put("expiresAt", confirmed.session().expiresAt().toString());
        return HttpResponse.json(200, Json.write(withRole(answer, confirmed.member())));
    }

    /** How a refusal is told: its status, the JSON error code, and the form field and message it is shown on. */
    private record Refusal(int status, String error, String field, String message) {
    }

    /** As JSON, or on the page again (the code step when {@code email} is given) with the error at its field. */
    private static HttpResponse refused(Answers answers, Page page, Refusal refusal, String email) {
        String message = page.t(refusal.message());
        return answers.json() ? HttpResponse.json(refusal.status(), Json.error(refusal.error(), message))
                : StaffPages.signIn(page, refusal.status(), email, Map.of(refusal.field(), message));
    }

    private static ObjectNode withRole(ObjectNode answer, StaffMember member) {
        answer.put("role", member.role().wire());
        answer.put("partnerId", member.partnerId().orElse(null));
        return answer;
    }

    private static Answers answers(HttpRequest request) {
        if (request.mediaType().filter("application/json"::equals).isPresent()) {
            JsonNode body = Json.parse(request.body());
            return new Answers(true, text(body, "email"), text(body, "code"));
        }
        FormBody form = FormBody.parse(request.body());
        return new Answers(false, form.single("email"), form.single("code"));
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.isObject() ? body.get(field) : null;
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return request == null || request.mediaType().filter("application/json"::equals).isPresent()
                ? super.badRequest(request, message)
                : StaffPages.signIn(Page.of(request, "/").switchingAt(PAGE), 400, null,
                        Map.of("email", Page.of(request, "/").t("staff.error.email")));
    }

    /** {@code GET /staff/me} with a session no one was given: one read, no write. */
    @Override
    protected APIGatewayV2HTTPEvent primeRequest() {
        return withUnknownStaffSession("GET", ME, null);
    }
}
