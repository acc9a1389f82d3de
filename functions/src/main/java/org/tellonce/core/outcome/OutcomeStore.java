package org.tellonce.core.outcome;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Story;

/** Where outcomes are kept: once for the public list, and linked into each story they answer. */
public interface OutcomeStore {

    /**
     * A story an outcome would link, as read now: whether the partner holds a share of it, and the story
     * item's version, which the write checks again so nothing changed in between.
     */
    record Candidate(Story story, boolean sharedWithPartner, long version) {
    }

    /** The stories of these ids (those that exist), by id, each with whether this partner holds it. */
    Map<String, Candidate> candidates(Collection<String> storyIds, String partnerId);

    /** What an Idempotency-Key replays: the outcome it stored. */
    record Claim(String keyHash, String fingerprint, String outcomeId, Instant expiresAt) {
    }

    /** One story to link: its reference and the version it was read at. */
    record Link(Reference reference, long version) {
    }

    record NewOutcome(Partner partner, String outcomeId, String title, String text, Instant at, List<Link> links,
                      Optional<Claim> claim) {
        @Override
        public String toString() {
            return "NewOutcome[" + outcomeId + ", " + links.size() + " stories]";
        }
    }

    sealed interface AddResult permits Added, StoryChanged, ClaimTaken, Contended {
    }

    record Added() implements AddResult {
    }

    /** A story was erased or changed (its consent, its review) since it was read: nothing was stored. */
    record StoryChanged() implements AddResult {
    }

    /** The Idempotency-Key was used before (and has not expired): nothing was stored. */
    record ClaimTaken(Claim existing) implements AddResult {
    }

    /** A concurrent write held one of the items; try again. */
    record Contended() implements AddResult {
    }

    /** The outcome an Idempotency-Key stored, while it has not expired. */
    Optional<Claim> claim(String keyHash, Instant now);

    /** Stores the outcome and every link, all or nothing, only while each story is as read. */
    AddResult add(NewOutcome outcome);

    /** One page of the public list, newest first. */
    record OutcomePage(List<Outcome> outcomes, Optional<String> next) {
    }

    /**
     * @param after the sort key the previous page ended at (opaque to callers), or empty for the newest
     * @throws IllegalArgumentException for an {@code after} that is not one of ours
     */
    OutcomePage published(Optional<String> after, int max);
}
