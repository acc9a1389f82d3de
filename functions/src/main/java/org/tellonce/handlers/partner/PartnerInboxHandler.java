package org.tellonce.handlers.partner;

import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.web.Inbox;
import org.tellonce.web.InboxCsv;
import org.tellonce.web.PartnerPages;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.wiring.Wiring;
import org.tellonce.core.story.Topics;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.web.Page;

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
        wiring.warmUp(this::prime);
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
        InboxAccess.Access access = InboxAccess.of(request, sessions, partners);
        if (!(access instanceof InboxAccess.SignedIn signedIn)) {
            if (!csv && access instanceof InboxAccess.SignedOut out && !out.ended()
                    && page.hasNotice(PartnerPages.NOTICE_SIGNED_OUT)) {
                return PartnerPages.signIn(page, 200, Optional.empty(), Optional.of("partner.notice.signedOut"));
            }
            return InboxAccess.refuse(access, page, csv ? 401 : 200);
        }
        Partner partner = signedIn.partner();
        if (csv) {
            Inbox.ParsedFilter parsed = Inbox.parse(request.query(), topics);
            return HttpResponse.text(200, InboxCsv.MEDIA_TYPE, InboxCsv.write(inbox.stories(partner, parsed.filter())))
                    .header("content-disposition", "attachment; filename=\"tellonce-" + partner.id() + ".csv\"")
                    .header("cache-control", "no-store")
                    .header("x-content-type-options", "nosniff");
        }
        return render(page, 200, partner, topics, inbox, request.query(), Map.of(), Map.of());
    }

    /** The inbox with the request's filters, plus errors and drafts of a reply that could not be sent. */
    static HttpResponse render(Page page, int status, Partner partner, Topics topics, Inbox inbox,
                               Map<String, String> query, Map<String, String> replyErrors, Map<String, String> drafts) {
        Inbox.ParsedFilter parsed = Inbox.parse(query, topics);
        List<ObjectNode> stories = inbox.stories(partner, parsed.filter());
        List<PartnerPages.Shown> shown = stories.stream().limit(Inbox.SHOWN_MAX)
                .map(item -> new PartnerPages.Shown(item, inbox.replies(partner, item.path("reference").asText())))
                .toList();
        Map<String, String> errors = new LinkedHashMap<>();
        parsed.errorKeys().forEach((field, key) -> errors.put(field, page.t(key)));
        errors.putAll(replyErrors);
        return PartnerPages.inbox(page, status, partner, topics, shown, stories.size(),
                new PartnerPages.InboxView(query, errors, drafts));
    }
}
