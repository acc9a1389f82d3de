package org.tellonce.handlers.consent;

import java.util.Optional;
import org.tellonce.core.consent.ConsentStore;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.verify.ResidentSessions;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.ManageAccess;
import org.tellonce.telemetry.Log;
import org.tellonce.web.Page;
import org.tellonce.web.Pages;
import org.tellonce.wiring.Wiring;

/**
 * Erasing a story from the browser, without JavaScript: {@code GET /stories/{reference}/erase} asks
 * to confirm, {@code POST} to the same address erases (as {@code DELETE /stories/{reference}}) and
 * goes (303) to {@code GET /stories/{reference}/erased}, which says it is done. The manage cookie
 * opens the first two; the last shows nothing of any story, so it needs none.
 */
public final class EraseStoryFormHandler extends ApiHandler {
    private final ResidentStore stories;
    private final ResidentSessions residents;
    private final ConsentStore consents;

    public EraseStoryFormHandler() {
        this(Wiring.lambda());
    }

    public EraseStoryFormHandler(Wiring wiring) {
        this(wiring.storyStore(), wiring.storyStore(), wiring.residentSessions());
        attach(wiring);
    }

    public EraseStoryFormHandler(ResidentStore stories, ConsentStore consents, ResidentSessions residents) {
        this.stories = stories;
        this.residents = residents;
        this.consents = consents;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Page page = Page.of(request, "/");
        if (request.method().equals("GET") && request.path().endsWith("/erased")) {
            // Only an erased story's counts (section 14): how many organisations were told to delete their
            // copies, and how many said they did. Nothing else of it is left to show.
            Optional<StoredStory> erased = request.pathParameter("reference").flatMap(Reference::parse)
                    .flatMap(stories::load).filter(s -> s.story().status() == org.tellonce.core.story.Story.Status.ERASED);
            return Pages.erased(page, erased.map(StoredStory::removalCounts));
        }
        Optional<ManageAccess.Owned> owned = ManageAccess.ownedToChange(request, stories, residents);
        if (owned.isEmpty()) {
            return Pages.notFound(page);
        }
        Optional<StoredStory> found = owned.map(ManageAccess.Owned::stored);
        Reference reference = found.get().story().reference();
        if (request.method().equals("GET")) {
            return Pages.confirmErase(page, found.get().story());
        }
        Optional<HttpResponse> crossSite = StoryPages.crossSite(request, found.get());
        if (crossSite.isPresent()) {
            return crossSite.get();
        }
        if (!consents.erase(reference, owned.get().owner())) {
            return Pages.notFound(page);
        }
        Log.info(EraseStoryFormHandler.class, request.requestId(), "story_erased", null);
        return HttpResponse.redirect(StoryPages.path(found.get()) + "/erased").cookie(ManageAccess.clearCookie(reference));
    }
}
