package org.tellonce.handlers.partner;

import java.util.Map;
import java.util.Optional;
import org.tellonce.core.partner.PartnerAccess;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.story.Topics;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.web.Inbox;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerPages;
import org.tellonce.wiring.Wiring;

/**
 * {@code GET /partner}: the partner inbox, or its sign-in page; {@code GET /partner/export.csv}: the
 * same stories (same filters) as a CSV download. The session cookie opens both, not the API's
 * authorizer: a browser has no API key to send.
 */
public final class PartnerInboxHandler extends ApiHandler {
    private final Inbox inbox;
    private final PartnerSession sessions;
    private final PartnerStore partners;
    private final Topics topics;

    public PartnerInboxHandler() {
        this(Wiring.lambda());
    }

    public PartnerInboxHandler(Wiring wiring) {
        this(new Inbox(wiring.feedService(), wiring.storyStore()), wiring.partnerSessions(), wiring.partnerStore(),
                wiring.topics());
        attach(wiring);
    }

    public PartnerInboxHandler(Inbox inbox, PartnerSession sessions, PartnerStore partners, Topics topics) {
        this.inbox = inbox;
        this.sessions = sessions;
        this.partners = partners;
        this.topics = topics;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Page page = Page.of(request, PartnerSession.PATH);
        boolean csv = request.path().endsWith("/export.csv");
        PartnerAccess access = InboxAccess.of(request, sessions, partners);
        if (!(access instanceof PartnerAccess.SignedIn signedIn)) {
            if (!csv && access instanceof PartnerAccess.SignedOut out && !out.refused()
                    && page.hasNotice(PartnerPages.NOTICE_SIGNED_OUT)) {
                return PartnerPages.signIn(page, 200, Optional.empty(), Optional.of("partner.notice.signedOut"));
            }
            return InboxAccess.refuse(access, page, csv ? 401 : 200);
        }
        return csv ? inbox.csv(signedIn.partner(), request.query(), topics)
                : inbox.render(page, 200, signedIn.partner(), topics, request.query(), Map.of(), Map.of());
    }
}
