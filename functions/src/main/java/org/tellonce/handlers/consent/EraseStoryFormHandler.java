package org.tellonce.handlers.consent;

import org.tellonce.core.consent.ConsentStore;
import java.util.Optional;
import org.tellonce.wiring.Wiring;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.telemetry.Log;
import org.tellonce.http.SameOrigin;
import org.tellonce.http.ManageAccess;
import org.tellonce.web.Pages;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Reference;
import org.tellonce.web.Page;

/**
 * Erasing a story from the browser, without JavaScript: {@code GET /stories/{reference}/erase} asks
 * to confirm, {@code POST} to the same address erases (as {@code DELETE /stories/{reference}}) and
 * goes (303) to {@code GET /stories/{reference}/erased}, which says it is done. The manage cookie
 * opens the first two; the last shows nothing of any story, so it needs none.
 */
public final class EraseStoryFormHandler extends ApiHandler {
    private final ResidentStore stories;
    private final ConsentStore consents;

    public EraseStoryFormHandler() {
        this(Wiring.lambda());
    }

    public EraseStoryFormHandler(Wiring wiring) {
        this(wiring.storyStore(), wiring.storyStore());
        wiring.warmUp(this::prime);
    }

    public EraseStoryFormHandler(ResidentStore stories, ConsentStore consents) {
        this.stories = stories;
        this.consents = consents;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Page page = Page.of(request, "/");
        if (request.method().equals("GET") && request.path().endsWith("/erased")) {
            return Pages.erased(page);
        }
        Optional<StoredStory> found = ConsentHandler.Resident.authorised(request, stories);
        if (found.isEmpty()) {
            return Pages.notFound(page);
        }
        Reference reference = found.get().story().reference();
        if (request.method().equals("GET")) {
            return Pages.confirmErase(page, found.get().story());
        }
        if (SameOrigin.crossSite(request)) {
            return Pages.problem(page.switchingAt("/stories/" + reference.value()), 403, "problem.crossSite.title",
                    "problem.crossSite.body");
        }
        if (!consents.erase(reference, found.get().manageTokenHash())) {
            return Pages.notFound(page);
        }
        Log.info(EraseStoryFormHandler.class, request.requestId(), "story_erased", null);
        return HttpResponse.redirect("/stories/" + reference.value() + "/erased")
                .cookie(ManageAccess.clearCookie(reference));
    }
}
