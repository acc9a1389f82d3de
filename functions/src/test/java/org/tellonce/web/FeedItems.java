package org.tellonce.web;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;

/** A feed item as the inbox gets it, anonymous unless given a contact; each test changes what it is about. */
final class FeedItems {
    private String storyId = "2f1c9a0e-5b7d-4c3e-9f6a-8d2b1e0c7a54";
    private String reference = "TO-7QK4MZ";
    private Instant receivedAt = Instant.parse("2026-03-12T14:05:00Z");
    private Instant sharedAt = Instant.parse("2026-03-12T14:05:01Z");
    private List<String> topics = List.of("health");
    private Optional<String> area = Optional.of("LE1");
    private String language = "en";
    private String text = "The bus was late.";
    private Optional<FeedItem.ContactDetails> contact = Optional.empty();
    private List<FeedItem.Earlier> history = List.of();

    static FeedItems anItem() {
        return new FeedItems();
    }

    FeedItems receivedAt(String value) {
        receivedAt = Instant.parse(value);
        return this;
    }

    FeedItems sharedAt(String value) {
        sharedAt = Instant.parse(value);
        return this;
    }

    FeedItems topics(String... value) {
        topics = List.of(value);
        return this;
    }

    FeedItems area(String value) {
        area = Optional.ofNullable(value);
        return this;
    }

    FeedItems language(String value) {
        language = value;
        return this;
    }

    FeedItems text(String value) {
        text = value;
        return this;
    }

    FeedItems identified(String name, String email, String phone) {
        contact = Optional.of(new FeedItem.ContactDetails(Optional.ofNullable(name), Optional.ofNullable(email),
                Optional.ofNullable(phone), false));
        return this;
    }

    FeedItems earlier(String earlierReference) {
        history = List.of(new FeedItem.Earlier("1d0b8f2a-3c4e-4a5b-8c7d-6e5f4a3b2c1d", new Reference(earlierReference),
                receivedAt.minusSeconds(86_400), topics, "Earlier."));
        return this;
    }

    FeedItem build() {
        return new FeedItem(storyId, new Reference(reference), receivedAt, sharedAt, Channel.WEB, topics, area, language,
                contact.isPresent() ? Share.IDENTIFIED : Share.ANONYMOUS, text, contact, history, false);
    }
}
