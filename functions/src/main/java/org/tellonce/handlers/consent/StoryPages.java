package org.tellonce.handlers.consent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.consent.ConsentService;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.resident.PartnerChoices;
import org.tellonce.core.story.StoredStory;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.SameOrigin;
import org.tellonce.web.ConsentForm;
import org.tellonce.web.Page;
import org.tellonce.web.Pages;

/** The browser's side of a resident's own story: which posts are read, and the page each outcome answers. */
final class StoryPages {
    private StoryPages() {
    }

    static String path(StoredStory stored) {
        return "/stories/" + stored.story().reference().value();
    }

    /** A post from another site's page: refused, whatever it carries. */
    static Optional<HttpResponse> crossSite(HttpRequest request, StoredStory stored) {
        if (!SameOrigin.crossSite(request)) {
            return Optional.empty();
        }
        return Optional.of(Pages.problem(Page.of(request, "/").switchingAt(path(stored)), 403,
                "problem.crossSite.title", "problem.crossSite.body"));
    }

    /** Why a form posted to the story is not read (another site, not a form, too large), or empty to read it. */
    static Optional<HttpResponse> formRefusal(HttpRequest request, StoredStory stored) {
        Page page = Page.of(request, "/").switchingAt(path(stored));
        Optional<HttpResponse> crossSite = crossSite(request, stored);
        if (crossSite.isPresent()) {
            return crossSite;
        }
        if (!request.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent()
                || request.body().length > ConsentRequest.BODY_MAX) {
            return Optional.of(Pages.problem(page, 400, "problem.unreadable.title", "problem.unreadable.body"));
        }
        return Optional.empty();
    }

    /** The story page after its consent form: the notice that it was saved, or the form again with what to fix. */
    static HttpResponse consent(ConsentService.Change change, HttpRequest request, StoredStory stored,
                                PartnerStore partners) {
        if (change instanceof ConsentService.Refused refused) {
            Page page = Page.of(request, "/").switchingAt(path(stored));
            Map<String, String> errors = new LinkedHashMap<>();
            ConsentForm.errorKeys(refused.checked().problems()).forEach((field, key) -> errors.put(field, page.t(key)));
            return Pages.story(page, 400, stored, PartnerChoices.forStory(stored, partners),
                    Optional.of(refused.checked().consent()), errors);
        }
        if (change instanceof ConsentService.Changed) {
            return HttpResponse.redirect(path(stored) + "?" + Page.NOTICE + "=" + Pages.CONSENT_SAVED);
        }
        return notFound(request);
    }

    /** No story, or not this token: the same page either way. */
    static HttpResponse notFound(HttpRequest request) {
        return Pages.notFound(Page.of(request, "/"));
    }

    static HttpResponse unreadable(HttpRequest request) {
        return Pages.problem(Page.of(request, "/").switchingAt("/"), 400, "problem.unreadable.title",
                "problem.unreadable.body");
    }
}
