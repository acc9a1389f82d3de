package org.tellonce.resident;

import java.util.List;
import java.util.Map;
import org.tellonce.config.Topics;
import org.tellonce.crypto.Hashing;
import org.tellonce.http.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.intake.StoryRequest;
import org.tellonce.web.Page;

/** {@code GET /}: the story form. */
public final class StoryFormHandler extends ApiHandler {
    private static final StoryRequest BLANK = new StoryRequest("", List.of(), "", "", "", "", "", List.of(), "");
    private final Topics topics;

    public StoryFormHandler() {
        this(Topics.fromEnv());
    }

    public StoryFormHandler(Topics topics) {
        this.topics = topics;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return Pages.form(Page.of(request, "/"), 200, topics, List.of(), BLANK, Map.of(), Hashing.randomToken(16));
    }
}
