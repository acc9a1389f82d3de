package org.tellonce.core.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;
import org.tellonce.core.story.StoryStatus;

/** SPEC section 12: which stories wait for a moderator under each MODERATION setting, and what the resident is told. */
class ModerationTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final String DISCLOSURE = "I keep thinking about killing myself, I can't go on like this.";
    private static final String ORDINARY = "I could kill for a coffee, the bus service is dying and the shelter leaks.";
    private static final Consent SHARED = new Consent(Share.ANONYMOUS, List.of());

    private static Moderation mode(Moderation.Mode mode) {
        return new Moderation(mode, Safeguarding.load());
    }

    @Test
    void theDefaultHoldsADisclosureWithItsConcernAndLetsAnOrdinaryStoryGo() {
        Review held = mode(Moderation.Mode.SAFEGUARDING).atIntake(DISCLOSURE, SHARED, NOW);
        assertThat(held.state()).isEqualTo(Review.State.HELD);
        assertThat(held.concerns()).containsExactly("risk-to-life");
        assertThat(held.heldAt()).contains(NOW);
        assertThat(mode(Moderation.Mode.SAFEGUARDING).atIntake(ORDINARY, SHARED, NOW)).isEqualTo(Review.NONE);
    }

    @Test
    void aPrivateDisclosureIsStillHeldSoTheSafeguardingStaffSeeIt() {
        assertThat(mode(Moderation.Mode.SAFEGUARDING).atIntake(DISCLOSURE, Consent.PRIVATE, NOW).state())
                .isEqualTo(Review.State.HELD);
    }

    @Test
    void allHoldsEveryStoryThatWouldBeSharedButNotAPrivateOne() {
        Moderation all = mode(Moderation.Mode.ALL);
        assertThat(all.atIntake(ORDINARY, SHARED, NOW).state()).isEqualTo(Review.State.HELD);
        assertThat(all.atIntake(ORDINARY, SHARED, NOW).flagged()).isFalse();
        assertThat(all.atIntake(ORDINARY, Consent.PRIVATE, NOW)).isEqualTo(Review.NONE);
        assertThat(all.atIntake(DISCLOSURE, SHARED, NOW).concerns()).containsExactly("risk-to-life");
    }

    @Test
    void offHoldsNothingAndFlagsNothing() {
        assertThat(mode(Moderation.Mode.OFF).atIntake(DISCLOSURE, SHARED, NOW)).isEqualTo(Review.NONE);
        assertThat(mode(Moderation.Mode.OFF).concerns(DISCLOSURE)).isEmpty();
    }

    @Test
    void onlyAllHoldsAnUnreviewedStoryBeforeItsFirstShare() {
        Story unreviewed = story(Review.NONE);
        assertThat(mode(Moderation.Mode.ALL).holdsBeforeSharing(unreviewed)).isTrue();
        assertThat(mode(Moderation.Mode.SAFEGUARDING).holdsBeforeSharing(unreviewed)).isFalse();
        assertThat(mode(Moderation.Mode.ALL).holdsBeforeSharing(story(decided(Review.State.APPROVED)))).isFalse();
    }

    @Test
    void theStatusSaysWhatBecameOfTheStory() {
        assertThat(status(Review.held(List.of(), NOW), false)).isEqualTo(StoryStatus.AWAITING_REVIEW);
        assertThat(status(decided(Review.State.REJECTED), false)).isEqualTo(StoryStatus.NOT_SHARED);
        assertThat(status(decided(Review.State.APPROVED), true)).isEqualTo(StoryStatus.SHARED);
        assertThat(status(decided(Review.State.APPROVED), false)).isEqualTo(StoryStatus.RECEIVED);
        assertThat(status(Review.NONE, false)).isEqualTo(StoryStatus.RECEIVED);
        assertThat(StoryStatus.reason(story(decided(Review.State.REJECTED)))).contains("It names a neighbour.");
        assertThat(StoryStatus.sharedText(story(decided(Review.State.APPROVED)))).contains("Edited.");
        assertThat(StoryStatus.AWAITING_REVIEW.wire()).isEqualTo("awaiting-review");
        assertThat(StoryStatus.NOT_SHARED.wire()).isEqualTo("not-shared");
    }

    @Test
    void partnersReadTheEditedTextAndNeverLearnTheReasonFromTheReviewsOwnWords() {
        Story approved = story(decided(Review.State.APPROVED));
        assertThat(approved.partnerText()).isEqualTo("Edited.");
        assertThat(story(Review.NONE).partnerText()).isEqualTo(ORDINARY);
        assertThat(decided(Review.State.REJECTED).toString()).doesNotContain("neighbour", "Edited");
    }

    private static Review decided(Review.State state) {
        return new Review(state, List.of("risk-to-life"), Optional.of(NOW),
                state == Review.State.APPROVED ? Optional.of("Edited.") : Optional.empty(),
                state == Review.State.REJECTED ? Optional.of("It names a neighbour.") : Optional.empty(),
                Optional.of(NOW.plusSeconds(3600)));
    }

    private static StoryStatus status(Review review, boolean shared) {
        return StoryStatus.of(new StoredStory(story(review), "hash",
                shared ? List.of(new StoredStory.SharedWith("council", "Council")) : List.of(), List.of()));
    }

    private static Story story(Review review) {
        return new Story("id-1", new Reference("TO-ABC234"), NOW, Channel.WEB, ORDINARY, List.of("health"),
                Optional.empty(), "en", Optional.empty(), Optional.empty(), SHARED, Optional.empty(),
                Story.Status.RECEIVED, false, Optional.empty(), review);
    }
}
