package org.tellonce.handlers.consent;

import org.tellonce.core.consent.ConsentStore;
import org.tellonce.web.ConsentForm;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tellonce.wiring.Wiring;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.telemetry.Log;
import org.tellonce.http.SameOrigin;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.resident.PartnerChoices;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.web.Pages;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;
import org.tellonce.web.Page;

/**
 * {@code POST /stories/{reference}/consent}: the story page's consent form, for browsers (no
 * JavaScript, so no PUT). The manage cookie opens it; saved, it goes back to the story page (303)
 * with a notice; with errors, the story page again (400) with what to fix.
 */
public final class ConsentFormHandler extends ApiHandler {
    private static final int BODY_MAX = 8 * 1024;
    private final ResidentStore stories;
    private final ConsentStore consents;
    private final PartnerStore partners;
    private final PartnerDirectory partnerDirectory;

    public ConsentFormHandler() {
        this(Wiring.lambda());
    }

    public ConsentFormHandler(Wiring wiring) {
        this(wiring.storyStore(), wiring.storyStore(), wiring.partnerStore(), wiring.partnerDirectory());
        wiring.warmUp(this::prime);
    }

    /** @param partnerDirectory the enabled partners: the only ids the form may name */
    public ConsentFormHandler(ResidentStore stories, ConsentStore consents, PartnerStore partners,
                              PartnerDirectory partnerDirectory) {
        this.stories = stories;
        this.consents = consents;
        this.partners = partners;
        this.partnerDirectory = partnerDirectory;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Optional<StoredStory> found = ConsentHandler.Resident.authorised(request, stories);
        Page page = Page.of(request, "/");
        if (found.isEmpty()) {
            return Pages.notFound(page);
        }
        Story story = found.get().story();
        String storyPath = "/stories/" + story.reference().value();
        if (SameOrigin.crossSite(request)) {
            return Pages.problem(page.switchingAt(storyPath), 403, "problem.crossSite.title", "problem.crossSite.body");
        }
        if (!request.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent()
                || request.body().length > BODY_MAX) {
            return Pages.problem(page.switchingAt(storyPath), 400, "problem.unreadable.title", "problem.unreadable.body");
        }
        ConsentForm.Read read = ConsentForm.read(FormBody.parse(request.body()), story, partnerDirectory);
        if (!read.errorKeys().isEmpty()) {
            Map<String, String> errors = new LinkedHashMap<>();
            read.errorKeys().forEach((field, key) -> errors.put(field, page.t(key)));
            return Pages.story(page.switchingAt(storyPath), 400, found.get(),
                    PartnerChoices.forStory(found.get(), partners), Optional.of(read.consent()), errors);
        }
        if (!consents.changeConsent(story.reference(), found.get().manageTokenHash(), read.consent())) {
            return Pages.notFound(page);
        }
        Log.info(ConsentFormHandler.class, request.requestId(), "consent_changed", read.consent().share().wire());
        return HttpResponse.redirect(storyPath + "?" + Page.NOTICE + "=" + Pages.CONSENT_SAVED);
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        if (request == null) {
            return super.badRequest(null, message);
        }
        return Pages.problem(Page.of(request, "/").switchingAt("/"), 400, "problem.unreadable.title",
                "problem.unreadable.body");
    }
}
