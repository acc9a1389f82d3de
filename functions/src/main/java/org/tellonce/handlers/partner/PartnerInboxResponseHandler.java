package org.tellonce.handlers.partner;

import org.tellonce.core.feed.FeedService;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.web.Inbox;
import org.tellonce.web.PartnerPages;
import java.util.Map;
import org.tellonce.wiring.Wiring;
import org.tellonce.core.story.Topics;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.telemetry.Log;
import org.tellonce.http.SameOrigin;
import org.tellonce.web.Page;

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
        this(Wiring.lambda());
    }

    public PartnerInboxResponseHandler(Wiring wiring) {
        this(wiring.feedService(), wiring);
        wiring.warmUp(this::prime);
    }

    private PartnerInboxResponseHandler(FeedService feed, Wiring wiring) {
        this(feed, new Inbox(feed, wiring.storyStore()), wiring.partnerSessions(), wiring.partnerStore(),
                wiring.topics());
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
        if (!acceptable(text)) {
            return PartnerInboxHandler.render(page, 400, partner, topics, inbox, Map.of(),
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

    /** The API's rule for a reply: 1 to 2000 characters, no control characters but line breaks and tabs. */
    static boolean acceptable(String text) {
        int length = text.codePointCount(0, text.length());
        return length >= 1 && length <= FeedService.RESPONSE_MAX && text.chars().noneMatch(c ->
                Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
    }
}
