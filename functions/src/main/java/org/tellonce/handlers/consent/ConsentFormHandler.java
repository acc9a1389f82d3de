package org.tellonce.handlers.consent;

import java.util.Optional;
import org.tellonce.core.consent.ConsentPolicy;
import org.tellonce.core.consent.ConsentService;
import org.tellonce.core.consent.ConsentStore;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.verify.ResidentSessions;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.ManageAccess;
import org.tellonce.telemetry.Log;
import org.tellonce.wiring.Wiring;

/**
 * {@code POST /stories/{reference}/consent}: the story page's consent form, for browsers (no
 * JavaScript, so no PUT). The manage cookie opens it; saved, it goes back to the story page (303)
 * with a notice; with errors, the story page again (400) with what to fix.
 */
public final class ConsentFormHandler extends ApiHandler {
    private final ResidentStore stories;
    private final ResidentSessions residents;
    private final ConsentService consents;
    private final PartnerStore partners;

    public ConsentFormHandler() {
        this(Wiring.lambda());
    }

    public ConsentFormHandler(Wiring wiring) {
        this(wiring.storyStore(), wiring.storyStore(), wiring.residentSessions(), wiring.recentPartners(),
                wiring.partnerDirectory());
        attach(wiring);
    }

    /** @param partnerDirectory the enabled partners: the only ids the form may name */
    public ConsentFormHandler(ResidentStore stories, ConsentStore consents, ResidentSessions residents,
                              PartnerStore partners, PartnerDirectory partnerDirectory) {
        this.stories = stories;
        this.residents = residents;
        this.consents = new ConsentService(new ConsentPolicy(partnerDirectory), consents);
        this.partners = partners;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Optional<ManageAccess.Owned> owned = ManageAccess.ownedToChange(request, stories, residents);
        if (owned.isEmpty()) {
            return StoryPages.notFound(request);
        }
        Optional<StoredStory> found = owned.map(ManageAccess.Owned::stored);
        Optional<HttpResponse> refused = StoryPages.formRefusal(request, found.get());
        if (refused.isPresent()) {
            return refused.get();
        }
        ConsentService.Change change = consents.change(found.get(), owned.get().owner(),
                ConsentRequest.fromForm(FormBody.parse(request.body())));
        if (change instanceof ConsentService.Changed changed) {
            Log.info(ConsentFormHandler.class, request.requestId(), "consent_changed", changed.consent().share().wire());
        }
        return StoryPages.consent(change, request, found.get(), partners);
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return request == null ? super.badRequest(null, message) : StoryPages.unreadable(request);
    }
}
