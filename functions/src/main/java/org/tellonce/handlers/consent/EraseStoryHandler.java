package org.tellonce.handlers.consent;

import java.util.Optional;
import org.tellonce.core.consent.ConsentStore;
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
 * {@code DELETE /stories/{reference}}: text, name and contact are erased at once; partners get 404
 * from then on; the fan-out removes the share pointers.
 */
public final class EraseStoryHandler extends ApiHandler {
    private final ResidentStore stories;
    private final ResidentSessions residents;
    private final ConsentStore consents;
    private final Metrics metrics;

    public EraseStoryHandler() {
        this(Wiring.lambda());
    }

    public EraseStoryHandler(Wiring wiring) {
        this(wiring.storyStore(), wiring.storyStore(), wiring.residentSessions(), wiring.metrics());
        attach(wiring);
    }

    public EraseStoryHandler(ResidentStore stories, ConsentStore consents, ResidentSessions residents,
                             Metrics metrics) {
        this.metrics = metrics;
        this.stories = stories;
        this.residents = residents;
        this.consents = consents;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (SameOrigin.crossSiteCookieOnly(request, ManageAccess.COOKIE, ResidentSessions.COOKIE)) {
            return ConsentAnswers.crossSite();
        }
        Optional<ManageAccess.Owned> found = ManageAccess.ownedToChange(request, stories, residents);
        if (found.isEmpty() || !consents.erase(found.get().stored().story().reference(), found.get().owner())) {
            return ConsentAnswers.notFound();
        }
        Log.info(EraseStoryHandler.class, request.requestId(), "story_erased", null);
        metrics.count(EraseStoryHandler.class, "Erasures", 1);
        return HttpResponse.empty(204);
    }
}
