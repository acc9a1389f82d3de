package org.tellonce.handlers.partner;

import java.util.Map;
import org.tellonce.core.feed.FeedCursor;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.story.Topics;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.SameOrigin;
import org.tellonce.telemetry.Log;
import org.tellonce.web.Inbox;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerPages;
import org.tellonce.wiring.Components;

/**
 * {@code POST /partner/inbox/{storyId}/responses}: a reply from the inbox's form, stored as the
 * API's {@code POST /partner/stories/{storyId}/responses} stores it; the resident sees it on their
 * story page. A story not (or no longer) shared with this partner is a 404.
 */
public final class PartnerInboxResponseHandler extends ApiHandler {
    private static final int BODY_MAX = 16 * 1024;
    private final FeedService feed;
    private final Inbox inbox;
    private final PartnerSession sessions;
    private final PartnerStore partners;
    private final Topics topics;

    public PartnerInboxResponseHandler() {
        this(Components.get());
    }

    private PartnerInboxResponseHandler(Components c) {
        this(new FeedService(c.feedStore(), new FeedCursor(c::cursorKey), c.clock()), c);
    }

    private PartnerInboxResponseHandler(FeedService feed, Components c) {
        this(feed, new Inbox(feed, c.storyStore()), new PartnerSession(c::sessionKey, c.clock()), c.partnerStore(),
                c.topics());
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
        InboxAccess.Access access = InboxAccess.of(request, sessions, partners);
        if (!(access instanceof InboxAccess.SignedIn signedIn)) {
            return InboxAccess.refuse(access, page, 401);
        }
        if (SameOrigin.crossSite(request)) {
            return PartnerPages.problem(page, 403, "problem.crossSite.title", "partner.crossSite.body");
        }
        Partner partner = signedIn.partner();
        String storyId = request.pathParameter("storyId").orElse("");
        if (feed.one(partner, storyId).isEmpty()) {
            return PartnerPages.notFound(page);
        }
        if (!request.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent()
                || request.body().length > BODY_MAX) {
            return PartnerPages.problem(page, 400, "problem.unreadable.title", "partner.unreadable.body");
        }
        String text = FormBody.parse(request.body()).single("text").map(String::strip).orElse("");
        if (!FeedService.acceptableResponse(text)) {
            return inbox.render(page, 400, partner, topics, Map.of(),
                    Map.of("reply-" + storyId, page.t("partner.error.reply", FeedService.RESPONSE_MAX)),
                    Map.of(storyId, text));
        }
        if (feed.respond(partner, storyId, text).isEmpty()) {
            return PartnerPages.notFound(page);
        }
        Log.info(PartnerInboxResponseHandler.class, request.requestId(), "responded", partner.id());
        return HttpResponse.redirect(PartnerSession.PATH + "?" + Page.NOTICE + "=" + PartnerPages.NOTICE_REPLY_SENT
                + "#story-" + storyId);
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        if (request == null) {
            return super.badRequest(null, message);
        }
        return PartnerPages.problem(Page.of(request, PartnerSession.PATH).switchingAt(PartnerSession.PATH), 400,
                "problem.unreadable.title", "partner.unreadable.body");
    }
}
