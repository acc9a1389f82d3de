package org.tellonce.core.story;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A story as stored: text and the resident's details live here and nowhere else. */
public record Story(
        String storyId,
        Reference reference,
        Instant receivedAt,
        Channel channel,
        String text,
        List<String> topics,
        Optional<String> area,
        String language,
        Optional<String> name,
        Optional<Contact> contact,
        Consent consent,
        Optional<String> residentKey,
        Status status) {

    public enum Status {
        RECEIVED, ERASED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Story {
        topics = List.copyOf(topics);
    }
}
