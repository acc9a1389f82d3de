package org.tellonce.core.intake;

import java.time.Instant;
import java.util.Optional;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Story;

/** The port intake writes through. Every "only once" is decided by the store's conditions. */
public interface IntakeStore {

    /** A new story with what guards it; written all or nothing. */
    record NewStoryWrite(Story story, String manageTokenHash, Optional<DuplicateClaim> duplicate,
                         Optional<IdempotencyRecord> idempotency, Optional<RateClaim> rate) {
    }

    /**
     * One more story from this resident in this hour, allowed while fewer than {@code max} were sent.
     * {@code residentKey} names the counter: a typed, unproven contact has its own (see {@link IntakeService}).
     */
    record RateClaim(String residentKey, long hour, int max) {
    }

    /** "This resident already told us this text", valid until {@code expiresAt}. */
    record DuplicateClaim(String duplicateKey, Reference reference, String storyId, Instant expiresAt) {
    }

    /** The answer an Idempotency-Key replays. The manage token, if any, is sealed with the key. */
    record IdempotencyRecord(String keyHash, String fingerprint, Reference reference, String storyId,
                             Optional<String> sealedManageToken, boolean duplicate, Instant expiresAt) {
    }

    sealed interface InsertResult
            permits Inserted, ReferenceTaken, IdempotencyTaken, DuplicateTaken, RateLimited, Contended {
    }

    /** The resident has sent their hourly allowance of stories. */
    record RateLimited() implements InsertResult {
    }

    record Inserted() implements InsertResult {
    }

    /** Another story has this reference: pick another. */
    record ReferenceTaken() implements InsertResult {
    }

    /** The Idempotency-Key was used before (and has not expired). */
    record IdempotencyTaken(IdempotencyRecord existing) implements InsertResult {
    }

    /** The same resident sent the same text within the window. */
    record DuplicateTaken(DuplicateClaim existing) implements InsertResult {
    }

    /** A concurrent write held the same keys; try again shortly. */
    record Contended() implements InsertResult {
    }

    InsertResult insert(NewStoryWrite write, Instant now);

    /** The answer stored under an Idempotency-Key (by its hash), unless there is none or it expired. */
    Optional<IdempotencyRecord> findAnswer(String keyHash, Instant now);

    /** Stores an answer under an Idempotency-Key unless one is already there. */
    void rememberAnswer(IdempotencyRecord record, Instant now);
}
