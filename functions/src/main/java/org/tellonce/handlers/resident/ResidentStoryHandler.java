package org.tellonce.handlers.resident;

import org.tellonce.http.ManageAccess;
import org.tellonce.core.resident.PartnerChoices;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.StoredStory;
import org.tellonce.web.Pages;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.tellonce.wiring.Wiring;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Story;
import org.tellonce.web.Page;

/**
 * {@code GET /stories/{reference}} with the manage token. A wrong or missing token answers exactly
 * as a story that does not exist: 404.
 */
public final class ResidentStoryHandler extends ApiHandler {
    private final ResidentStore store;
    private final PartnerStore partners;

    public ResidentStoryHandler() {
        this(Wiring.lambda());
    }

    public ResidentStoryHandler(Wiring wiring) {
        this(wiring.storyStore(), wiring.partnerStore());
        wiring.warmUp(this::prime);
    }

    public ResidentStoryHandler(ResidentStore store, PartnerStore partners) {
        this.store = store;
        this.partners = partners;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Optional<StoredStory> found = authorised(request);
        if (found.isEmpty()) {
            return notFound(request);
        }
        StoredStory stored = found.get();
        if (request.prefersHtml()) {
            return Pages.story(Page.of(request, "/"), 200, stored, PartnerChoices.forStory(stored, partners),
                    Optional.empty(), Map.of());
        }
        return HttpResponse.json(200, Json.write(toJson(stored)));
    }

    private Optional<StoredStory> authorised(HttpRequest request) {
        Optional<Reference> reference = request.pathParameter("reference").flatMap(Reference::parse);
        Optional<String> token = ManageAccess.token(request);
        if (reference.isEmpty() || token.isEmpty() || token.get().length() > 200) {
            return Optional.empty();
        }
        return store.load(reference.get()).filter(s -> ManageAccess.matches(token.get(), s.manageTokenHash()));
    }

    static HttpResponse notFound(HttpRequest request) {
        if (request.prefersHtml()) {
            return Pages.notFound(Page.of(request, "/"));
        }
        return HttpResponse.json(404, Json.error("not_found", "No story with that reference and token"));
    }

    static ObjectNode toJson(StoredStory stored) {
        Story story = stored.story();
        ObjectNode node = Json.object();
        node.put("reference", story.reference().value());
        node.put("receivedAt", story.receivedAt().toString());
        node.put("channel", story.channel().wire());
        ArrayNode topics = node.putArray("topics");
        story.topics().forEach(topics::add);
        ObjectNode consent = node.putObject("consent");
        consent.put("share", story.consent().share().wire());
        ArrayNode partners = consent.putArray("partners");
        story.consent().partners().forEach(partners::add);
        ArrayNode shared = node.putArray("sharedWith");
        stored.sharedWith().forEach(s -> shared.addObject().put("partnerId", s.partnerId()).put("name", s.name()));
        ArrayNode responses = node.putArray("responses");
        stored.responses().forEach(r -> responses.addObject()
                .put("partnerId", r.partnerId())
                .put("name", r.name())
                .put("text", r.text())
                .put("at", r.at().toString()));
        return node;
    }
}
