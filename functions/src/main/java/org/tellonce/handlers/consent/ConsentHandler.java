package org.tellonce.handlers.consent;

import java.util.Optional;
import org.tellonce.core.consent.ConsentPolicy;
import org.tellonce.core.consent.ConsentService;
import org.tellonce.core.consent.ConsentStore;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.verify.ResidentSessions;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.ManageAccess;
import org.tellonce.http.SameOrigin;
import org.tellonce.telemetry.Log;
import org.tellonce.telemetry.Metrics;
import org.tellonce.wiring.Wiring;

/**
 * {@code PUT /stories/{reference}/consent}: the resident widens, narrows or withdraws consent.
 * Narrowing takes effect at once for partners (the feed re-checks consent); the fan-out then
 * removes the shares themselves.
 */
public final class ConsentHandler extends ApiHandler {
    private final ResidentStore stories;
    private final ResidentSessions residents;
    private final ConsentService consents;
    private final Metrics metrics;

    public ConsentHandler() {
        this(Wiring.lambda());
    }

    public ConsentHandler(Wiring wiring) {
        this(wiring.storyStore(), wiring.storyStore(), wiring.residentSessions(), wiring.partnerDirectory(),
                wiring.metrics());
        attach(wiring);
    }

    /** @param partnerDirectory the enabled partners: the only ids a consent may name */
    public ConsentHandler(ResidentStore stories, ConsentStore consents, ResidentSessions residents,
                          PartnerDirectory partnerDirectory, Metrics metrics) {
        this.metrics = metrics;
        this.stories = stories;
        this.residents = residents;
        this.consents = new ConsentService(new ConsentPolicy(partnerDirectory), consents);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (SameOrigin.crossSiteCookieOnly(request, ManageAccess.COOKIE, ResidentSessions.COOKIE)) {
            return ConsentAnswers.crossSite();
        }
        Optional<ManageAccess.Owned> found = ManageAccess.ownedToChange(request, stories, residents);
        if (found.isEmpty()) {
            return ConsentAnswers.notFound();
        }
        Optional<HttpResponse> refused = ConsentRequest.refusal(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        ConsentService.Change change = consents.change(found.get().stored(), found.get().owner(),
                ConsentRequest.fromJson(request.body()));
        if (change instanceof ConsentService.Changed changed) {
            String share = changed.consent().share().wire();
            Log.info(ConsentHandler.class, request.requestId(), "consent_changed", share);
            metrics.count(ConsentHandler.class, "ConsentChanges", 1, "Share", share);
        }
        return ConsentAnswers.of(change, found.get().stored().story().reference());
    }
}
