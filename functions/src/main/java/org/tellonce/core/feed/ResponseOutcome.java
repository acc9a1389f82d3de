package org.tellonce.core.feed;

/** What came of a partner's response. */
public sealed interface ResponseOutcome {

    /** Stored now: the resident will see it (and get it by SMS). */
    record Stored(FeedResponse response) implements ResponseOutcome {
    }

    /** The same Idempotency-Key and request again: the first answer, nothing stored or sent again. */
    record Replayed(FeedResponse response) implements ResponseOutcome {
    }

    /** The story is not (or no longer) shared with the partner, or was erased. */
    record NotShared() implements ResponseOutcome {
    }

    /** The Idempotency-Key was used for a different response. */
    record KeyReused() implements ResponseOutcome {
    }

    /** A request with the same Idempotency-Key kept holding the same items; retry. */
    record Conflict() implements ResponseOutcome {
    }
}
