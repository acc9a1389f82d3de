package org.tellonce.handlers.partner;

import java.util.Optional;
import org.tellonce.core.partner.PartnerAccess;
import org.tellonce.core.partner.PartnerAuthentication;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerPages;

/** Who is using the partner inbox: its session cookie, checked against the partner as it is now. */
public final class InboxAccess {
    private InboxAccess() {
    }

    static PartnerAccess of(HttpRequest request, PartnerSession sessions, PartnerStore partners) {
        return new PartnerAuthentication(partners).session(sessions, request.cookie(PartnerSession.COOKIE));
    }

    /**
     * The answer to a request that is not signed in: the sign-in page (a session that ended says so)
     * or, for a disabled partner, 403. A cookie that no longer opens anything is cleared.
     */
    static HttpResponse refuse(PartnerAccess access, Page page, int signedOutStatus) {
        if (access instanceof PartnerAccess.Disabled) {
            return PartnerPages.disabled(page.switchingAt(PartnerSession.PATH)).cookie(PartnerSession.clearCookie());
        }
        boolean ended = access instanceof PartnerAccess.SignedOut out && out.refused();
        HttpResponse response = PartnerPages.signIn(page.switchingAt(PartnerSession.PATH), signedOutStatus,
                Optional.empty(), ended ? Optional.of("partner.notice.sessionEnded") : Optional.empty());
        return ended ? response.cookie(PartnerSession.clearCookie()) : response;
    }
}
