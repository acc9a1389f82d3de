package org.tellonce.core.story;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A story as stored: text and the resident's details live here and nowhere else. {@code contactProven}
 * says whether the contact is known to be the resident's (the number an SMS came from), not merely
 * typed: only a proven contact links the story into a history or counts against that contact's own
 * hourly limit. {@code assisted} is there exactly when the channel is {@link Channel#ASSISTED}: the
 * partner that helped the resident tell it, and how consent was given.
 */
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
        Status status,
        boolean contactProven,
        Optional<Assisted> assisted,
        Review review) {

    public enum Status {
        RECEIVED, ERASED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Story {
        topics = List.copyOf(topics);
        java.util.Objects.requireNonNull(review);
        if (assisted.isPresent() != (channel == Channel.ASSISTED)) {
            throw new IllegalArgumentException("An assisted story, and only one, records who helped");
        }
    }

    /** A story no moderator has seen (SPEC §12): it travels as its consent says. */
    public Story(String storyId, Reference reference, Instant receivedAt, Channel channel, String text,
                 List<String> topics, Optional<String> area, String language, Optional<String> name,
                 Optional<Contact> contact, Consent consent, Optional<String> residentKey, Status status,
                 boolean contactProven, Optional<Assisted> assisted) {
        this(storyId, reference, receivedAt, channel, text, topics, area, language, name, contact, consent,
                residentKey, status, contactProven, assisted, Review.NONE);
    }

    /** The same story as a moderator now has it. */
    public Story withReview(Review newReview) {
        return new Story(storyId, reference, receivedAt, channel, text, topics, area, language, name, contact,
                consent, residentKey, status, contactProven, assisted, newReview);
    }

    /** The text partners are given before masking: a moderator's edited text if there is one, else the story. */
    public String partnerText() {
        return review.sharedText().orElse(text);
    }

    /** A story told by the resident themselves (not {@link Channel#ASSISTED}). */
    public Story(String storyId, Reference reference, Instant receivedAt, Channel channel, String text,
                 List<String> topics, Optional<String> area, String language, Optional<String> name,
                 Optional<Contact> contact, Consent consent, Optional<String> residentKey, Status status,
                 boolean contactProven) {
        this(storyId, reference, receivedAt, channel, text, topics, area, language, name, contact, consent,
                residentKey, status, contactProven, Optional.empty());
    }

    /** Whether {@code partnerId} helped the resident tell this story: it gets it as if the resident chose it. */
    public boolean helpedBy(String partnerId) {
        return assisted.filter(a -> a.partnerId().equals(partnerId)).isPresent();
    }

    /** A story whose contact is proven exactly when its channel proves it ({@link #proves}). */
    public Story(String storyId, Reference reference, Instant receivedAt, Channel channel, String text,
                 List<String> topics, Optional<String> area, String language, Optional<String> name,
                 Optional<Contact> contact, Consent consent, Optional<String> residentKey, Status status) {
        this(storyId, reference, receivedAt, channel, text, topics, area, language, name, contact, consent,
                residentKey, status, proves(channel));
    }

    /**
     * Whether a channel proves the contact it brings: an SMS comes from the number itself; a contact
     * typed into a form proves nothing until it is verified by code (SPEC §10, not built yet).
     */
    public static boolean proves(Channel channel) {
        return channel == Channel.SMS;
    }
}
