package org.tellonce.core.feed;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;

/**
 * A story as one partner may see it (SPEC §7): the text already masked for an anonymous share, the
 * contact only when the resident shared it identified, the earlier stories that link to it, and
 * whether the resident ticked this partner (then it gets the story whatever its topics and areas),
 * the partner's own work on it, the partner that leads it (any partner's, SPEC section 13) and whether
 * this partner's first reply is overdue (the response clock).
 */
public record FeedItem(
        String storyId,
        Reference reference,
        Instant receivedAt,
        Instant sharedAt,
        Channel channel,
        List<String> topics,
        Optional<String> area,
        String language,
        Share share,
        String text,
        Optional<ContactDetails> contact,
        List<Earlier> history,
        boolean chosenByResident,
        Work work,
        Optional<Lead> lead,
        boolean overdue) {

    public FeedItem {
        topics = List.copyOf(topics);
        history = List.copyOf(history);
    }

    /** An item no partner leads and that is not overdue. */
    public FeedItem(String storyId, Reference reference, Instant receivedAt, Instant sharedAt, Channel channel,
                    List<String> topics, Optional<String> area, String language, Share share, String text,
                    Optional<ContactDetails> contact, List<Earlier> history, boolean chosenByResident, Work work) {
        this(storyId, reference, receivedAt, sharedAt, channel, topics, area, language, share, text, contact, history,
                chosenByResident, work, Optional.empty(), false);
    }

    /** An item nobody at the partner has worked on yet. */
    public FeedItem(String storyId, Reference reference, Instant receivedAt, Instant sharedAt, Channel channel,
                    List<String> topics, Optional<String> area, String language, Share share, String text,
                    Optional<ContactDetails> contact, List<Earlier> history, boolean chosenByResident) {
        this(storyId, reference, receivedAt, sharedAt, channel, topics, area, language, share, text, contact, history,
                chosenByResident, Work.NONE);
    }

    /**
     * What an identified share tells the partner; each part only when the resident gave it. {@code verified}:
     * the contact is proven to be the resident's (the number the SMS came from), not merely typed.
     */
    public record ContactDetails(Optional<String> name, Optional<String> email, Optional<String> phone,
                                 boolean verified) {
    }

    /** One of the resident's earlier stories held by the same partner, shared the same way. */
    public record Earlier(String storyId, Reference reference, Instant receivedAt, List<String> topics, String text) {
        public Earlier {
            topics = List.copyOf(topics);
        }
    }
}
