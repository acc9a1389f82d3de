package org.tellonce.handlers.resident;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.access.AccessHistory;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.resident.PartnerChoices;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.verify.ResidentSessions;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.http.ManageAccess;
import org.tellonce.web.Page;
import org.tellonce.web.Pages;
import org.tellonce.wiring.Wiring;

/**
 * {@code GET /stories/{reference}} (and its {@code /consent-receipt}) with the manage token, or the
 * session of the resident who told it. A wrong or missing token answers exactly as a story that does
 * not exist: 404.
 */
public final class ResidentStoryHandler extends ApiHandler {
    private final ResidentStore store;
    private final ResidentSessions residents;
    private final PartnerStore partners;
    private final AccessHistory access;

    public ResidentStoryHandler() {
        this(Wiring.lambda());
    }

    public ResidentStoryHandler(Wiring wiring) {
        this(wiring.storyStore(), wiring.residentSessions(), wiring.recentPartners(), wiring.accessHistory());
        attach(wiring);
    }

    public ResidentStoryHandler(ResidentStore store, ResidentSessions residents, PartnerStore partners,
                                AccessHistory access) {
        this.store = store;
        this.access = access;
        this.residents = residents;
        this.partners = partners;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Optional<StoredStory> found = ManageAccess.owned(request, store, residents).map(ManageAccess.Owned::stored);
        if (found.isEmpty()) {
            return notFound(request);
        }
        StoredStory stored = found.get();
        if (request.path().endsWith("/consent-receipt")) {
            return HttpResponse.json(200, Json.write(ConsentReceipt.of(stored, partners)));
        }
        List<AccessHistory.Line> log = access.of(stored.story().reference());
        if (request.prefersHtml()) {
            return Pages.story(Page.of(request, "/"), 200, stored, PartnerChoices.forStory(stored, partners),
                    Optional.empty(), Map.of(), log);
        }
        return HttpResponse.json(200, Json.write(StoryJson.withAccessLog(StoryJson.toJson(stored), log)));
    }

    /** Before a snapshot: the access log's read too, of a story no one holds (a query, no write). */
    @Override
    public void prime() {
        super.prime();
        access.of(new Reference("TO-222222"));
    }

    static HttpResponse notFound(HttpRequest request) {
        if (request.prefersHtml()) {
            return Pages.notFound(Page.of(request, "/"));
        }
        return HttpResponse.json(404, Json.error("not_found", "No story with that reference and token"));
    }
}
