package org.tellonce.core.story;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a story stands with the moderators (SPEC §12). {@code concerns} are the safeguarding concerns
 * its text raised (wire names, empty when none); {@code sharedText} is the edited text a moderator
 * approved for partners (the resident's own text stays as told); {@code reason} is why a moderator
 * did not share it. A story no moderator needs to see is {@link #NONE}.
 */
public record Review(State state, List<String> concerns, Optional<Instant> heldAt, Optional<String> sharedText,
                     Optional<String> reason, Optional<Instant> decidedAt) {

    public enum State {
        /** No moderator needs to see it: it travels as its consent says. */
        NONE,
        /** Waiting for a moderator: shared with no one. */
        HELD,
        /** A moderator let it travel, perhaps with an edited text. */
        APPROVED,
        /** A moderator kept it from every partner. */
        REJECTED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<State> parse(String value) {
            for (State state : values()) {
                if (state.wire().equals(value)) {
                    return Optional.of(state);
                }
            }
            return Optional.empty();
        }
    }

    public static final Review NONE = new Review(State.NONE, List.of(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public Review {
        Objects.requireNonNull(state);
        concerns = List.copyOf(concerns);
    }

    /** Held for a moderator from {@code at}, with the concerns its text raised (none under MODERATION=all). */
    public static Review held(List<String> concerns, Instant at) {
        return new Review(State.HELD, concerns, Optional.of(at), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Whether a moderator's hold or refusal keeps the story from every partner. */
    public boolean blocksSharing() {
        return state == State.HELD || state == State.REJECTED;
    }

    /** Whether the text raised a safeguarding concern. */
    public boolean flagged() {
        return !concerns.isEmpty();
    }

    @Override
    public String toString() {
        // The edited text and the reason are the resident's words or about them: never in a log.
        return "Review[" + state.wire() + ", concerns=" + concerns + "]";
    }
}
