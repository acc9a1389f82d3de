package org.tellonce.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A resident's story as POST /stories takes it (JSON), built with what a test cares about.
 * Defaults: a unique text, no topics, no area, no name or contact, consent private.
 */
public final class StorySubmission {
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private String text = "Story " + SERIAL.incrementAndGet() + ": the lift in our block has been broken for weeks.";
    private List<String> topics = List.of();
    private String area;
    private String name;
    private String contact;
    private String share = "private";
    private List<String> partners = List.of();

    public static StorySubmission aStory() {
        return new StorySubmission();
    }

    public StorySubmission text(String value) {
        text = value;
        return this;
    }

    public StorySubmission topics(String... value) {
        topics = List.of(value);
        return this;
    }

    public StorySubmission area(String value) {
        area = value;
        return this;
    }

    public StorySubmission name(String value) {
        name = value;
        return this;
    }

    public StorySubmission contact(String value) {
        contact = value;
        return this;
    }

    public StorySubmission privately() {
        share = "private";
        return this;
    }

    public StorySubmission anonymous() {
        share = "anonymous";
        return this;
    }

    public StorySubmission identified() {
        share = "identified";
        return this;
    }

    /** Only these partners (consent.partners); none named means every partner whose subscription matches. */
    public StorySubmission onlyFor(String... partnerIds) {
        partners = List.of(partnerIds);
        return this;
    }

    public String text() {
        return text;
    }

    public List<String> topics() {
        return topics;
    }

    public Optional<String> area() {
        return Optional.ofNullable(area);
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public Optional<String> contact() {
        return Optional.ofNullable(contact);
    }

    public String share() {
        return share;
    }

    public List<String> partners() {
        return partners;
    }

    public String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("story", text);
        body.put("topics", topics);
        if (area != null) {
            body.put("area", area);
        }
        if (name != null) {
            body.put("name", name);
        }
        if (contact != null) {
            body.put("contact", contact);
        }
        body.put("consent", Map.of("share", share, "partners", partners));
        return Http.write(body);
    }

    /** Sends it as a resident would; fails unless it is accepted as a new story. */
    public Submitted submitTo(Http http) {
        Http.Reply reply = http.postJson("/stories", json());
        if (reply.status() != 201) {
            throw new AssertionError("story not accepted: " + reply);
        }
        JsonNode answer = reply.json();
        return new Submitted(this, answer.get("reference").asText(), answer.get("storyId").asText(),
                answer.get("manageToken").asText());
    }

    /** What the resident got back: the story's reference, its id (what partners see) and the manage token. */
    public record Submitted(StorySubmission story, String reference, String storyId, String manageToken) {
        public String[] auth() {
            return Http.bearer(manageToken);
        }

        @Override
        public String toString() {
            return reference + " (" + story.share() + ", topics " + story.topics() + ", area " + story.area().orElse("-")
                    + ", for " + (story.partners().isEmpty() ? "any partner" : story.partners()) + ")";
        }
    }
}
