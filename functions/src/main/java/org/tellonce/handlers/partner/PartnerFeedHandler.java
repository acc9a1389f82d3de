package org.tellonce.handlers.partner;

import org.tellonce.core.feed.FeedService;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.tellonce.wiring.Wiring;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;

/** {@code GET /partner/stories} and {@code GET /partner/stories/{storyId}}. */
public final class PartnerFeedHandler extends ApiHandler {
    private final FeedService feed;
    private final PartnerStore partners;

    public PartnerFeedHandler() {
        this(Wiring.lambda());
    }

    public PartnerFeedHandler(Wiring wiring) {
        this(wiring.feedService(), wiring.partnerStore());
        wiring.warmUp(this::prime);
    }

    public PartnerFeedHandler(FeedService feed, PartnerStore partners) {
        this.feed = feed;
        this.partners = partners;
    }

    /**
     * Before a snapshot: besides the default harmless request, the feed's own reads (the partner
     * lookup, the feed query and the page's JSON) for an id no partner can have ("_" is not allowed
     * in partner ids), so they never return data and never write.
     */
    @Override
    public void prime() {
        super.prime();
        Partner nobody = new Partner(PRIME_PARTNER, "prime", List.of(Partner.ALL_TOPICS), List.of(), true);
        partners.find(PRIME_PARTNER);
        FeedService.Page page = feed.page(nobody, Optional.empty(), 1);
        // Anonymous stories are masked: load the phone-number metadata now, not at the first request.
        org.tellonce.core.sharing.Redactor.mask("call 07700 900123 or a@b.org at LE1 1AA");
        ObjectNode body = Json.object();
        page.items().forEach(body.putArray("items")::add);
        Json.write(body.putNull("nextCursor"));
    }

    static final String PRIME_PARTNER = "_prime";

    @Override
    protected HttpResponse handle(HttpRequest request) {
        PartnerApi.Caller caller = PartnerApi.caller(request, partners);
        if (caller.refusal().isPresent()) {
            return caller.refusal().get();
        }
        Partner partner = caller.partner().orElseThrow();
        Optional<String> storyId = request.pathParameter("storyId");
        if (storyId.isPresent()) {
            return feed.one(partner, storyId.get())
                    .map(item -> HttpResponse.json(200, Json.write(item)))
                    .orElseGet(PartnerApi::notFound);
        }
        int limit = limit(request.query().get("limit"));
        Optional<String> cursor = Optional.ofNullable(request.query().get("cursor")).filter(c -> !c.isEmpty());
        FeedService.Page page;
        try {
            page = feed.page(partner, cursor, limit);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("The cursor is not valid; use a nextCursor exactly as you received it");
        }
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        page.items().forEach(items::add);
        if (page.nextCursor().isPresent()) {
            body.put("nextCursor", page.nextCursor().get());
        } else {
            body.putNull("nextCursor");
        }
        return HttpResponse.json(200, Json.write(body));
    }

    private static int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return FeedService.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= FeedService.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        throw new BadRequestException("limit must be a whole number from 1 to " + FeedService.MAX_LIMIT);
    }
}
