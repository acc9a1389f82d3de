package org.tellonce.core.intake;

import java.util.Map;
import java.util.Optional;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;

/** What came of a submission. */
public sealed interface IntakeOutcome {

    /**
     * Stored (or, for a filled honeypot, answered as if stored); {@code review} says whether it waits for a
     * moderator and which safeguarding concerns its text raised (the resident is then signposted to help).
     */
    record Accepted(Reference reference, String storyId, String manageToken, Review review) implements IntakeOutcome {
        public Accepted(Reference reference, String storyId, String manageToken) {
            this(reference, storyId, manageToken, Review.NONE);
        }

        /** Whether the story waits for a moderator before it travels. */
        public boolean held() {
            return review.state() == Review.State.HELD;
        }
    }

    /** The same resident told us the same text within 30 days: the existing story. */
    record Duplicate(Reference reference, String storyId) implements IntakeOutcome {
    }

    /** The same Idempotency-Key again: the first answer. */
    record Replayed(Reference reference, String storyId, Optional<String> manageToken, boolean duplicate)
            implements IntakeOutcome {
    }

    /** Broke the rules: at most one violation per field. */
    record Rejected(Map<String, Violation> fields) implements IntakeOutcome {
    }

    /**
     * A story from the web named partners that are not enabled right now: nothing stored. With the
     * story's other violations, so all are fixed at once.
     */
    record PartnersNotEnabled(Map<String, Violation> fields) implements IntakeOutcome {
    }

    /** Too many stories from this contact in the last hour. */
    record RateLimited(long retryAfterSeconds) implements IntakeOutcome {
    }

    /** The Idempotency-Key was used for a different request. */
    record KeyReused() implements IntakeOutcome {
    }

    /** A request with the same Idempotency-Key is being processed right now. */
    record Conflict() implements IntakeOutcome {
    }
}
