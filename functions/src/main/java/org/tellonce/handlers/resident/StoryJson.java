package org.tellonce.handlers.resident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.tellonce.core.access.AccessHistory;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;
import org.tellonce.core.story.StoryStatus;
import org.tellonce.http.Json;

/**
 * A resident's own story as the JSON API shows it: never the text, name or contact, only what became
 * of it; the resident's export adds what they told.
 */
public final class StoryJson {
    private StoryJson() {
    }

    public static ObjectNode toJson(StoredStory stored) {
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
        node.put("status", StoryStatus.of(stored).wire());
        node.put("statusReason", StoryStatus.reason(story).orElse(null));
        node.put("sharedText", StoryStatus.sharedText(story).orElse(null));
        ArrayNode shared = node.putArray("sharedWith");
        stored.sharedWith().forEach(s -> shared.addObject().put("partnerId", s.partnerId()).put("name", s.name()));
        ArrayNode responses = node.putArray("responses");
        stored.responses().forEach(r -> responses.addObject()
                .put("partnerId", r.partnerId())
                .put("name", r.name())
                .put("text", r.text())
                .put("at", r.at().toString()));
        // What partners changed after the story (SPEC section 13): public words, with who and when.
        ArrayNode outcomes = node.putArray("outcomes");
        stored.outcomes().forEach(o -> {
            ObjectNode outcome = outcomes.addObject().put("outcomeId", o.outcomeId());
            outcome.putObject("partner").put("id", o.partnerId()).put("name", o.partnerName());
            outcome.put("title", o.title()).put("text", o.text()).put("at", o.at().toString());
        });
        // Organisations told to delete their copies after a withdrawal, and how many said they did (section 14).
        StoredStory.Removals removals = stored.removalCounts();
        node.putObject("removals").put("notified", removals.notified()).put("confirmed", removals.confirmed());
        return node;
    }

    /**
     * With its access log (SPEC section 11): organisation, {@code staff} or {@code api}, the action's wire
     * name and when, newest first; never which member of staff.
     */
    public static ObjectNode withAccessLog(ObjectNode node, List<AccessHistory.Line> log) {
        ArrayNode entries = node.putArray("accessLog");
        log.forEach(line -> entries.addObject()
                .put("organisation", line.organisation())
                .put("kind", line.kind())
                .put("action", line.action().wire())
                .put("at", line.at().toString()));
        return node;
    }

    /** With its status, as "my stories" lists it. */
    public static ObjectNode listed(StoredStory stored) {
        return toJson(stored);
    }

    /** Everything kept about the story, what was told included: the resident's own export. */
    public static ObjectNode exported(StoredStory stored) {
        Story story = stored.story();
        ObjectNode node = listed(stored);
        node.put("language", story.language());
        node.put("text", story.text());
        node.put("area", story.area().orElse(null));
        node.put("name", story.name().orElse(null));
        story.contact().ifPresentOrElse(contact -> node.put("contact", contact.normalised()), () -> node.putNull("contact"));
        ArrayNode history = node.putArray("consentHistory");
        stored.consentHistory().forEach(event -> {
            ObjectNode entry = history.addObject().put("at", event.at().toString()).put("share", event.share().wire())
                    .put("method", event.method());
            event.partners().forEach(entry.putArray("partners")::add);
        });
        return node;
    }
}
