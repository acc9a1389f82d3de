package org.tellonce.handlers.partner;

import java.util.Optional;
import org.tellonce.core.partner.PartnerAccess;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.core.partner.PartnerAuthentication;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.SameOrigin;
import org.tellonce.telemetry.Log;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerPages;
import org.tellonce.wiring.Wiring;

/**
 * {@code POST /partner/session}: signs a partner in to the inbox with its API key, checked once as
 * the authorizer checks it and exchanged for a session cookie. {@code POST /partner/sign-out} ends
 * the session on the server (a copy of the cookie opens nothing afterwards) and clears it here.
 */
public final class PartnerSessionHandler extends ApiHandler {
    private final PartnerAuthentication partners;
    private final PartnerSession sessions;

    public PartnerSessionHandler() {
        this(Wiring.lambda());
    }

    public PartnerSessionHandler(Wiring wiring) {
        this(new PartnerAuthentication(wiring.partnerStore()), wiring.partnerSessions());
        attach(wiring);
    }

    public PartnerSessionHandler(PartnerAuthentication partners, PartnerSession sessions) {
        this.partners = partners;
        this.sessions = sessions;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (SameOrigin.crossSite(request)) {
            return PartnerPages.problem(SignInForm.page(request), 403, "problem.crossSite.title",
                    "partner.crossSite.body");
        }
        if (request.path().endsWith("/sign-out")) {
            request.cookie(PartnerSession.COOKIE).ifPresent(sessions::end);
            Log.info(PartnerSessionHandler.class, request.requestId(), "sign_out", null);
            return HttpResponse.redirect(PartnerSession.PATH + "?" + Page.NOTICE + "=" + PartnerPages.NOTICE_SIGNED_OUT)
                    .cookie(PartnerSession.clearCookie());
        }
        Optional<String> key = SignInForm.key(request);
        PartnerAccess access = partners.apiKey(key);
        Log.info(PartnerSessionHandler.class, request.requestId(), "sign_in", SignInForm.outcome(access));
        if (!(access instanceof PartnerAccess.SignedIn in)) {
            return SignInForm.refusal(access, request);
        }
        return HttpResponse.redirect(PartnerSession.PATH).cookie(sessions.setCookie(
                sessions.issue(in.partner().id(), PartnerAdmin.hashKey(key.orElseThrow()))));
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return request == null ? super.badRequest(null, message)
                : SignInForm.refusal(new PartnerAccess.SignedOut(false), request);
    }
}
