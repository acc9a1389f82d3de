package org.tellonce.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON story submission for tests: valid by default, changed one field at a time. */
public final class StoryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ObjectNode node = MAPPER.createObjectNode();

    private StoryJson(String text) {
        node.put("story", text);
    }

    /** A valid story with a text no other test uses. */
    public static StoryJson aStory() {
        return story(StoryTexts.unique("The number 48 bus did not come, so I missed my hospital appointment."));
    }

    public static StoryJson story(String text) {
        return new StoryJson(text);
    }

    public String text() {
        return node.path("story").asText();
    }

    public StoryJson topics(String... topics) {
        ArrayNode array = node.putArray("topics");
        for (String t : topics) {
            array.add(t);
        }
        return this;
    }

    public StoryJson area(String area) {
        node.put("area", area);
        return this;
    }

    public StoryJson name(String name) {
        node.put("name", name);
        return this;
    }

    public StoryJson contact(String contact) {
        node.put("contact", contact);
        return this;
    }

    public StoryJson language(String language) {
        node.put("language", language);
        return this;
    }

    public StoryJson website(String website) {
        node.put("website", website);
        return this;
    }

    public StoryJson consent(String share, String... partners) {
        ObjectNode consent = node.putObject("consent");
        consent.put("share", share);
        ArrayNode array = consent.putArray("partners");
        for (String p : partners) {
            array.add(p);
        }
        return this;
    }

    /** Any value, for the wrong types a careless client sends ({@code "topics": "health"}). */
    public StoryJson set(String field, Object value) {
        node.set(field, MAPPER.valueToTree(value));
        return this;
    }

    public StoryJson without(String field) {
        node.remove(field);
        return this;
    }

    public JsonNode tree() {
        return node.deepCopy();
    }

    public String json() {
        return node.toString();
    }

    @Override
    public String toString() {
        String json = json();
        return json.length() > 120 ? json.substring(0, 120) + "…" : json;
    }
}
