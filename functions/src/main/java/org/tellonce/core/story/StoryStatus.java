package org.tellonce.core.story;

import java.util.Optional;

/**
 * A story's status as its resident and partners are told it (SPEC section 12): what became of it,
 * worked out from what is stored, never stored itself.
 */
public enum StoryStatus {
    RECEIVED("received"),
    AWAITING_REVIEW("awaiting-review"),
    SHARED("shared"),
    NOT_SHARED("not-shared"),
    PRIVATE("private"),
    ERASED("erased");

    private final String wire;

    StoryStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Page and message keys use the wire name with its dash. */
    public String key() {
        return "story.status." + wire;
    }

    public static StoryStatus of(StoredStory stored) {
        Story story = stored.story();
        if (story.status() == Story.Status.ERASED) {
            return ERASED;
        }
        Review.State review = story.review().state();
        if (review == Review.State.HELD) {
            return AWAITING_REVIEW;
        }
        if (review == Review.State.REJECTED) {
            return NOT_SHARED;
        }
        if (!story.consent().share().shares()) {
            return PRIVATE;
        }
        return stored.sharedWith().isEmpty() ? RECEIVED : SHARED;
    }

    /** The moderator's plain reason for not sharing it, if that is what happened. */
    public static Optional<String> reason(Story story) {
        return story.review().state() == Review.State.REJECTED ? story.review().reason() : Optional.empty();
    }

    /** The edited text a moderator let partners see, if there is one. */
    public static Optional<String> sharedText(Story story) {
        return story.review().state() == Review.State.APPROVED ? story.review().sharedText() : Optional.empty();
    }
}
