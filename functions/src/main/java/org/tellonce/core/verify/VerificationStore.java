package org.tellonce.core.verify;

import java.time.Instant;
import java.util.Optional;

/**
 * Codes sent to prove a contact, keyed by resident key. Every "only once" here is a conditional
 * write: the hourly code budget, each wrong try, and the one use of a right code.
 */
public interface VerificationStore {
    /** A code waiting to be typed: only its keyed hash is stored. */
    record PendingCode(String codeHash, Instant expires, int wrongTries) {
    }

    /**
     * Takes one code from the contact's budget for the hour {@code epochHour}; false when {@code limit}
     * were already sent in that hour.
     */
    boolean countCode(String residentKey, long epochHour, int limit);

    /** The contact's new code, replacing any earlier one (and its wrong tries). */
    void saveCode(String residentKey, String codeHash, Instant expires);

    Optional<PendingCode> code(String residentKey);

    /** Counts a wrong try against the code {@code codeHash}, while it has fewer than {@code max}. */
    void countWrongTry(String residentKey, String codeHash, int max);

    /**
     * Uses the code: true for exactly one caller, and only while it is the contact's current code,
     * unexpired at {@code now}, with fewer than {@code max} wrong tries.
     */
    boolean useCode(String residentKey, String codeHash, int max, Instant now);

    /** Records that the contact was proven by a code at {@code at}. */
    void markVerified(String residentKey, Instant at);

    boolean verified(String residentKey);
}
