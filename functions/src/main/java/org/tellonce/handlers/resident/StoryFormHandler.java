package org.tellonce.handlers.resident;

import java.util.List;
import java.util.Map;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.story.Topics;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.web.Page;
import org.tellonce.web.Pages;
import org.tellonce.wiring.Wiring;

/** {@code GET /}: the story form, with the enabled partners as checkboxes (read through a short cache). */
public final class StoryFormHandler extends ApiHandler {
    private static final StoryRequest BLANK = new StoryRequest("", List.of(), "", "", "", "", "", List.of(), "");
    private final Topics topics;
    private final PartnerDirectory partners;

    public StoryFormHandler() {
        this(Wiring.lambda());
    }

    public StoryFormHandler(Wiring wiring) {
        this(wiring.topics(), wiring.partnerDirectory());
        attach(wiring);
    }

    public StoryFormHandler(Topics topics, PartnerDirectory partners) {
        this.topics = topics;
        this.partners = partners;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return Pages.form(Page.of(request, "/"), 200, topics, partners.choices(), BLANK, Map.of(),
                Hashing.randomToken(16));
    }
}
