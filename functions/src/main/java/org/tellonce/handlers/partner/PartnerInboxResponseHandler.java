package org.tellonce.handlers.partner;

import org.tellonce.core.feed.FeedService;
import org.tellonce.core.feed.ResponseOutcome;
import org.tellonce.core.feed.ResponseText;
import org.tellonce.core.partner.PartnerAccess;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.story.Topics;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.SameOrigin;
import org.tellonce.web.Inbox;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerPages;
import org.tellonce.wiring.Wiring;

/** {@code POST /partner/inbox/{storyId}/responses}: a reply from the inbox, stored as the API stores it. */
public final class PartnerInboxResponseHandler extends ApiHandler {
    private final FeedService feed;
    private final Inbox inbox;
    private final PartnerSession sessions;
    private final PartnerStore partners;
    private final Topics topics;

    public PartnerInboxResponseHandler() {
        this(Wiring.lambda());
    }

    public PartnerInboxResponseHandler(Wiring wiring) {
        this(wiring.feedService(), new Inbox(wiring.feedService(), wiring.storyStore()), wiring.partnerSessions(),
                wiring.partnerStore(), wiring.topics());
        attach(wiring);
    }

    public PartnerInboxResponseHandler(FeedService feed, Inbox inbox, PartnerSession sessions, PartnerStore partners,
                                       Topics topics) {
        this.feed = feed;
        this.inbox = inbox;
        this.sessions = sessions;
        this.partners = partners;
        this.topics = topics;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Page page = Page.of(request, PartnerSession.PATH).switchingAt(PartnerSession.PATH);
        PartnerAccess access = InboxAccess.of(request, sessions, partners);
        if (!(access instanceof PartnerAccess.SignedIn in)) {
            return InboxAccess.refuse(access, page, 401);
        }
        if (SameOrigin.crossSite(request)) {
            return PartnerPages.problem(page, 403, "problem.crossSite.title", "partner.crossSite.body");
        }
        String storyId = request.pathParameter("storyId").orElse("");
        if (feed.one(in.partner(), storyId).isEmpty()) {
            return PartnerPages.notFound(page);
        }
        PartnerReply.Form form = PartnerReply.form(request)
                .orElseThrow(() -> new BadRequestException("unreadable form"));
        if (!ResponseText.acceptable(form.text())) {
            return PartnerReply.again(inbox, page, in.partner(), topics, storyId, form.text());
        }
        ResponseOutcome outcome = feed.respondFromInbox(in.partner(), storyId, form.text(), form.formToken());
        if (outcome instanceof ResponseOutcome.Stored || outcome instanceof ResponseOutcome.Replayed) {
            return PartnerReply.sent(request.requestId(), in.partner(), storyId, outcome);
        }
        return outcome instanceof ResponseOutcome.NotShared ? PartnerPages.notFound(page)
                : PartnerPages.problem(page, 409, "problem.retry.title", "partner.unreadable.body");
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return request == null ? super.badRequest(null, message) : PartnerReply.unreadable(request);
    }
}
