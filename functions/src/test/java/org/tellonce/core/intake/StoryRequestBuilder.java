package org.tellonce.core.intake;

import java.util.List;

/** A story submission for tests: valid by default, changed one field at a time. */
public final class StoryRequestBuilder {
    private String story = "The bus to the hospital did not come, so I missed my appointment.";
    private List<String> topics = List.of();
    private String area = "";
    private String name = "";
    private String contact = "";
    private String language = "";
    private String share = "";
    private List<String> partners = List.of();
    private String website = "";

    private StoryRequestBuilder() {
    }

    public static StoryRequestBuilder aStory() {
        return new StoryRequestBuilder();
    }

    public StoryRequestBuilder story(String story) {
        this.story = story;
        return this;
    }

    public StoryRequestBuilder topics(String... topics) {
        this.topics = List.of(topics);
        return this;
    }

    public StoryRequestBuilder area(String area) {
        this.area = area;
        return this;
    }

    public StoryRequestBuilder name(String name) {
        this.name = name;
        return this;
    }

    public StoryRequestBuilder contact(String contact) {
        this.contact = contact;
        return this;
    }

    public StoryRequestBuilder language(String language) {
        this.language = language;
        return this;
    }

    public StoryRequestBuilder share(String share) {
        this.share = share;
        return this;
    }

    public StoryRequestBuilder partners(String... partners) {
        this.partners = List.of(partners);
        return this;
    }

    public StoryRequestBuilder website(String website) {
        this.website = website;
        return this;
    }

    public StoryRequest build() {
        return new StoryRequest(story, topics, area, name, contact, language, share, partners, website);
    }

    @Override
    public String toString() {
        return build().toString();
    }
}
