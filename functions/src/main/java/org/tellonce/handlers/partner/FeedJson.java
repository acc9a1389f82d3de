package org.tellonce.handlers.partner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.FeedPage;
import org.tellonce.core.feed.FeedResponse;
import org.tellonce.core.story.StoryStatus;
import org.tellonce.http.Json;

/**
 * The partner API's JSON (SPEC §7): fields in this order, and an absent area, contact or contact
 * detail written as {@code null}, never left out.
 */
public final class FeedJson {
    private FeedJson() {
    }

    static String page(FeedPage page) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        page.items().forEach(item -> items.add(item(item)));
        putOrNull(body, "nextCursor", page.nextCursor());
        return Json.write(body);
    }

    public static String one(FeedItem item) {
        return Json.write(item(item));
    }

    static String response(FeedResponse response) {
        ObjectNode node = Json.object();
        node.put("responseId", response.responseId());
        node.put("storyId", response.storyId());
        node.put("text", response.text());
        node.put("at", response.at().toString());
        return Json.write(node);
    }

    private static ObjectNode item(FeedItem item) {
        ObjectNode node = Json.object();
        node.put("storyId", item.storyId());
        node.put("reference", item.reference().value());
        node.put("receivedAt", item.receivedAt().toString());
        node.put("sharedAt", item.sharedAt().toString());
        node.put("channel", item.channel().wire());
        ArrayNode topics = node.putArray("topics");
        item.topics().forEach(topics::add);
        putOrNull(node, "area", item.area());
        node.put("language", item.language());
        node.put("text", item.text());
        // A partner holds only what was shared: a held or rejected story is a 404 (SPEC section 12).
        node.put("status", StoryStatus.SHARED.wire());
        if (item.contact().isPresent()) {
            FeedItem.ContactDetails details = item.contact().get();
            ObjectNode contact = node.putObject("contact");
            putOrNull(contact, "name", details.name());
            putOrNull(contact, "email", details.email());
            putOrNull(contact, "phone", details.phone());
            contact.put("verified", details.verified());
        } else {
            node.putNull("contact");
        }
        ArrayNode history = node.putArray("history");
        for (FeedItem.Earlier earlier : item.history()) {
            ObjectNode e = history.addObject();
            e.put("storyId", earlier.storyId());
            e.put("reference", earlier.reference().value());
            e.put("receivedAt", earlier.receivedAt().toString());
            ArrayNode earlierTopics = e.putArray("topics");
            earlier.topics().forEach(earlierTopics::add);
            e.put("text", earlier.text());
        }
        node.put("chosenByResident", item.chosenByResident());
        node.put("handling", item.work().handling().wire());
        if (item.work().assignee().isPresent()) {
            node.putObject("assignee").put("name", item.work().assignee().get().name());
        } else {
            node.putNull("assignee");
        }
        putLead(node, item.lead());
        node.put("overdue", item.overdue());
        return node;
    }

    /** {@code "lead":{"partnerId","name"}} or {@code "lead":null} (SPEC section 13). */
    private static void putLead(ObjectNode node, Optional<org.tellonce.core.feed.Lead> lead) {
        if (lead.isPresent()) {
            ObjectNode l = node.putObject("lead");
            l.put("partnerId", lead.get().partnerId());
            l.put("name", lead.get().name());
        } else {
            node.putNull("lead");
        }
    }

    /** After a claim: {@code {"lead":{"partnerId","name"},"since"}}; after a release: {@code {"lead":null}}. */
    static String lead(Optional<org.tellonce.core.feed.Lead> lead) {
        ObjectNode node = Json.object();
        putLead(node, lead);
        lead.ifPresent(l -> node.put("since", l.since().toString()));
        return Json.write(node);
    }

    /** The partner's work on a story after a change from the inbox: {@code {"storyId","handling","assignee"}}. */
    static String work(String storyId, org.tellonce.core.feed.Work work) {
        ObjectNode node = Json.object();
        node.put("storyId", storyId);
        node.put("handling", work.handling().wire());
        if (work.assignee().isPresent()) {
            node.putObject("assignee").put("name", work.assignee().get().name());
        } else {
            node.putNull("assignee");
        }
        return Json.write(node);
    }

    private static void putOrNull(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }
}
