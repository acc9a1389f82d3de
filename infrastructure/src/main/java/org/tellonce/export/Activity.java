package org.tellonce.export;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Share;

/**
 * What the export reads from the table: only the attributes it counts. There is deliberately no
 * field for text, names, contact, references or story ids; a story is known by a number that
 * means something only within one export, so shares and responses can be matched to it.
 */
public record Activity(List<StoryFact> stories, List<ShareFact> shares, List<ResponseFact> responses,
                       Map<String, String> partnerNames) {

    public Activity {
        stories = List.copyOf(stories);
        shares = List.copyOf(shares);
        responses = List.copyOf(responses);
        partnerNames = Map.copyOf(partnerNames);
    }

    /**
     * A story item; an erased story keeps only its time and channel. {@code area} is a postcode
     * district or {@code (other)}: an area typed as a name is free text and is not kept. {@code language}
     * is the language tag the story was told in ({@code en}, {@code cy}, ...).
     */
    public record StoryFact(int story, Instant receivedAt, Channel channel, List<String> topics, Optional<String> area,
                            Share share, boolean erased, ReviewFact review, Optional<String> language) {
        public StoryFact {
            topics = List.copyOf(topics);
        }

        /** A story whose language the export did not read. */
        public StoryFact(int story, Instant receivedAt, Channel channel, List<String> topics, Optional<String> area,
                         Share share, boolean erased, ReviewFact review) {
            this(story, receivedAt, channel, topics, area, share, erased, review, Optional.empty());
        }

        /** A story no moderator has seen. */
        public StoryFact(int story, Instant receivedAt, Channel channel, List<String> topics, Optional<String> area,
                         Share share, boolean erased) {
            this(story, receivedAt, channel, topics, area, share, erased, ReviewFact.NONE);
        }
    }

    /**
     * Where a story stands with the moderators: the state, the concerns' wire names and the two times;
     * never the edited text or the reason (both are about the resident). Erasure removes it all.
     */
    public record ReviewFact(Review.State state, List<String> concerns, Optional<Instant> heldAt,
                             Optional<Instant> decidedAt) {
        public static final ReviewFact NONE = new ReviewFact(Review.State.NONE, List.of(), Optional.empty(),
                Optional.empty());

        public ReviewFact {
            concerns = List.copyOf(concerns);
        }
    }

    /** A share marker: the story is (still) shared with the partner, since {@code sharedAt}. */
    public record ShareFact(int story, String partnerId, Instant sharedAt) {
    }

    /** A partner's response to a story. */
    public record ResponseFact(int story, String partnerId, Instant at) {
    }
}
