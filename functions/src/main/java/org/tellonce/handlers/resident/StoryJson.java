package org.tellonce.handlers.resident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;
import org.tellonce.http.Json;

/** A resident's own story as the JSON API shows it: never the text, name or contact, only what became of it. */
final class StoryJson {
    private StoryJson() {
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
