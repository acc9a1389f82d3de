package org.tellonce.handlers.partner;

import java.util.List;
import java.util.Optional;
import org.tellonce.core.access.AccessRecorder;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.Policy;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.FeedPage;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.feed.InvalidCursorException;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.sharing.Redactor;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.wiring.Wiring;

/** {@code GET /partner/stories} and {@code GET /partner/stories/{storyId}}. */
public final class PartnerFeedHandler extends ApiHandler {
    static final String PRIME_PARTNER = "_prime";
    private final FeedService feed;
    private final PartnerStore partners;
    private final Actors actors;
    private final StaffSessions sessions;
    private final AccessRecorder access;

    public PartnerFeedHandler() {
        this(Wiring.lambda());
    }

    public PartnerFeedHandler(Wiring wiring) {
        this(wiring.feedService(), wiring.partnerStore(), wiring.staffSessions(), wiring.accessRecorder());
        attach(wiring);
    }

    public PartnerFeedHandler(FeedService feed, PartnerStore partners, StaffSessions sessions, AccessRecorder access) {
        this.feed = feed;
        this.access = access;
        this.partners = partners;
        this.actors = new Actors(partners);
        this.sessions = sessions;
    }

    /** Before a snapshot: the feed's own reads and JSON for an id no partner can have ("_" is not allowed). */
    @Override
    public void prime() {
        super.prime();
        partners.find(PRIME_PARTNER);
        Partner nobody = new Partner(PRIME_PARTNER, "prime", List.of(Partner.ALL_TOPICS), List.of(), true);
        FeedJson.page(feed.page(nobody, Optional.empty(), 1));
        // Anonymous stories are masked: load the phone-number metadata now, not at the first request.
        Redactor.mask("call 07700 900123 or a@b.org at LE1 1AA");
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        PartnerApi.Caller caller = PartnerApi.caller(request, actors, sessions);
        if (caller.refusal().isPresent()) {
            return caller.refusal().get();
        }
        Actor actor = caller.who();
        Optional<String> storyId = request.pathParameter("storyId");
        Optional<HttpResponse> refusal = PartnerApi.refusal(actor, Action.READ_STORY, Policy.Story.SHARED);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        Partner partner = actor.partner().orElseThrow();
        // Each read is in the access log before its text leaves; a failed write answers 503, no text.
        if (storyId.isPresent()) {
            Optional<FeedItem> item = feed.one(partner, storyId.get());
            item.ifPresent(i -> access.record(actor, Action.READ_STORY, i.reference()));
            return item.map(i -> HttpResponse.json(200, FeedJson.one(i))).orElseGet(PartnerApi::notFound);
        }
        int limit = FeedService.limit(Optional.ofNullable(request.query().get("limit"))).orElseThrow(() ->
                new BadRequestException("limit must be a whole number from 1 to " + FeedService.MAX_LIMIT));
        Optional<String> cursor = Optional.ofNullable(request.query().get("cursor")).filter(c -> !c.isEmpty());
        try {
            FeedPage page = feed.page(partner, cursor, limit);
            access.record(actor, Action.READ_STORY, page.items().stream().map(FeedItem::reference).toList());
            return HttpResponse.json(200, FeedJson.page(page));
        } catch (InvalidCursorException e) {
            throw new BadRequestException("The cursor is not valid; use a nextCursor exactly as you received it");
        }
    }
}
