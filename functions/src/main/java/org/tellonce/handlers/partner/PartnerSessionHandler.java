package org.tellonce.handlers.partner;

import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.web.PartnerPages;
import java.util.Optional;
import org.tellonce.wiring.Wiring;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.telemetry.Log;
import org.tellonce.http.SameOrigin;
import org.tellonce.web.Page;

/**
 * {@code POST /partner/session}: signs a partner in to the inbox with its API key, which is checked
 * once (as the authorizer does) and exchanged for a session cookie. {@code POST /partner/sign-out}
 * ends the session in this browser.
 */
public final class PartnerSessionHandler extends ApiHandler {
    private static final int BODY_MAX = 4 * 1024;
    private final PartnerAdmin admin;
    private final PartnerSession sessions;

    public PartnerSessionHandler() {
        this(Wiring.lambda());
    }

    public PartnerSessionHandler(Wiring wiring) {
        this(wiring.partnerAdmin(), wiring.partnerSessions());
        wiring.warmUp(this::prime);
    }

    public PartnerSessionHandler(PartnerAdmin admin, PartnerSession sessions) {
        this.admin = admin;
        this.sessions = sessions;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Page page = Page.of(request, PartnerSession.PATH).switchingAt(PartnerSession.PATH);
        if (SameOrigin.crossSite(request)) {
            return PartnerPages.problem(page, 403, "problem.crossSite.title", "partner.crossSite.body");
        }
        if (request.path().endsWith("/sign-out")) {
            return HttpResponse.redirect(PartnerSession.PATH + "?" + Page.NOTICE + "=" + PartnerPages.NOTICE_SIGNED_OUT)
                    .cookie(PartnerSession.clearCookie());
        }
        if (!request.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent()
                || request.body().length > BODY_MAX) {
            return PartnerPages.signIn(page, 400, Optional.of("partner.error.keyEmpty"), Optional.empty());
        }
        String key = FormBody.parse(request.body()).single("key").map(String::strip).orElse("");
        if (key.isEmpty()) {
            return PartnerPages.signIn(page, 400, Optional.of("partner.error.keyEmpty"), Optional.empty());
        }
        Optional<Partner> partner = admin.authenticate(key);
        if (partner.isEmpty()) {
            Log.info(PartnerSessionHandler.class, request.requestId(), "sign_in", "unknown_key");
            return PartnerPages.signIn(page, 401, Optional.of("partner.error.keyWrong"), Optional.empty());
        }
        if (!partner.get().enabled()) {
            Log.info(PartnerSessionHandler.class, request.requestId(), "sign_in", "disabled");
            return PartnerPages.disabled(page);
        }
        Log.info(PartnerSessionHandler.class, request.requestId(), "sign_in", partner.get().id());
        return HttpResponse.redirect(PartnerSession.PATH)
                .cookie(sessions.setCookie(sessions.issue(partner.get().id(), PartnerAdmin.hashKey(key))));
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        if (request == null) {
            return super.badRequest(null, message);
        }
        return PartnerPages.signIn(Page.of(request, PartnerSession.PATH).switchingAt(PartnerSession.PATH), 400,
                Optional.of("partner.error.keyEmpty"), Optional.empty());
    }
}
