package org.tellonce.core.sharing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

/** Small builders for sharing tests: a shareable story and a partner that takes it, unless told otherwise. */
public final class Stories {

    private Stories() {
    }

    static StoryBuilder aStory() {
        return new StoryBuilder();
    }

    static PartnerBuilder aPartner(String id) {
        return new PartnerBuilder(id);
    }

    static final class PartnerBuilder {
        private final String id;
        private List<String> topics = List.of(Partner.ALL_TOPICS);
        private List<String> areas = List.of();
        private boolean enabled = true;

        private PartnerBuilder(String id) {
            this.id = id;
        }

        PartnerBuilder topics(String... value) {
            topics = List.of(value);
            return this;
        }

        PartnerBuilder areas(String... value) {
            areas = List.of(value);
            return this;
        }

        PartnerBuilder enabled(boolean value) {
            enabled = value;
            return this;
        }

        Partner build() {
            return new Partner(id, "Partner " + id, topics, areas, enabled);
        }
    }

    static final class StoryBuilder {
        private List<String> topics = List.of("housing");
        private Optional<String> area = Optional.of("LE1");
        private Share share = Share.ANONYMOUS;
        private List<String> partners = List.of();
        private Story.Status status = Story.Status.RECEIVED;
        private Optional<String> helpedBy = Optional.empty();
        private org.tellonce.core.story.Review review = org.tellonce.core.story.Review.NONE;

        StoryBuilder topics(List<String> value) {
            topics = value;
            return this;
        }

        StoryBuilder topics(String... value) {
            return topics(List.of(value));
        }

        StoryBuilder area(Optional<String> value) {
            area = value;
            return this;
        }

        StoryBuilder area(String value) {
            return area(Optional.of(value));
        }

        StoryBuilder noArea() {
            return area(Optional.empty());
        }

        StoryBuilder share(Share value) {
            share = value;
            return this;
        }

        StoryBuilder forPartners(List<String> value) {
            partners = value;
            return this;
        }

        StoryBuilder forPartners(String... value) {
            return forPartners(List.of(value));
        }

        StoryBuilder status(Story.Status value) {
            status = value;
            return this;
        }

        StoryBuilder review(org.tellonce.core.story.Review.State state) {
            review = new org.tellonce.core.story.Review(state, List.of(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
            return this;
        }

        /** Told to this partner's staff, who recorded it (SPEC section 15). */
        StoryBuilder helpedBy(String partnerId) {
            helpedBy = Optional.of(partnerId);
            return this;
        }

        Story build() {
            return new Story("story-1", new Reference("TO-ABC234"), Instant.parse("2025-01-01T10:00:00Z"),
                    helpedBy.isPresent() ? Channel.ASSISTED : Channel.WEB, "The 14 bus has not come for a week.",
                    topics, area, "en", Optional.of("Ann"), Optional.empty(), new Consent(share, partners),
                    Optional.empty(), status, false,
                    helpedBy.map(p -> new org.tellonce.core.story.Assisted(p, org.tellonce.core.story.Assisted.ConsentGiven.VERBAL)),
                    review);
        }
    }
}
