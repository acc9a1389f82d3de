package org.tellonce.handlers.partner;

import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.web.PartnerPages;
import java.util.Optional;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.web.Page;

/** Who is using the partner inbox: its session cookie, checked against the partner as it is now. */
public final class InboxAccess {
    private InboxAccess() {
    }

    sealed interface Access permits SignedIn, SignedOut, Disabled {
    }

    record SignedIn(Partner partner) implements Access {
    }

    /**
     * @param ended a session cookie came but is forged, expired, of a partner that is gone, or opened
     *              with an API key that has since been rotated
     */
    record SignedOut(boolean ended) implements Access {
    }

    record Disabled(Partner partner) implements Access {
    }

    static Access of(HttpRequest request, PartnerSession sessions, PartnerStore partners) {
        Optional<String> cookie = request.cookie(PartnerSession.COOKIE).filter(c -> !c.isEmpty());
        if (cookie.isEmpty()) {
            return new SignedOut(false);
        }
        Optional<PartnerSession.Session> session = sessions.read(cookie.get());
        Optional<PartnerStore.Keyed> keyed = session.flatMap(s -> partners.findWithKeyHash(s.partnerId()));
        if (keyed.isEmpty() || !sessions.openedWith(session.get(), keyed.get().keyHash())) {
            // Forged, expired, a partner that is gone, or a key rotated since sign-in: sign in again.
            return new SignedOut(true);
        }
        Partner partner = keyed.get().partner();
        if (!partner.enabled()) {
            return new Disabled(partner);
        }
        return new SignedIn(partner);
    }

    /**
     * The answer to a request that is not signed in: the sign-in page (a session that ended says so)
     * or, for a disabled partner, 403. A cookie that no longer opens anything is cleared.
     */
    static HttpResponse refuse(Access access, Page page, int signedOutStatus) {
        if (access instanceof Disabled) {
            return PartnerPages.disabled(page.switchingAt(PartnerSession.PATH)).cookie(PartnerSession.clearCookie());
        }
        boolean ended = access instanceof SignedOut out && out.ended();
        HttpResponse response = PartnerPages.signIn(page.switchingAt(PartnerSession.PATH), signedOutStatus,
                Optional.empty(), ended ? Optional.of("partner.notice.sessionEnded") : Optional.empty());
        return ended ? response.cookie(PartnerSession.clearCookie()) : response;
    }
}
