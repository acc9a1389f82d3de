package org.tellonce.core.staff;

import java.time.Instant;
import java.util.Optional;

/**
 * Wrong codes typed for one staff key, and the lock they bring. Kept for any e-mail, known or not, so
 * that the answers never tell which addresses belong to staff.
 */
public interface SignInLock {
    /** Until when the key is locked, if it is. */
    Optional<Instant> lockedUntil(String staffKey);

    /**
     * Counts a wrong code; when that makes {@code max}, locks the key until {@code until} and starts
     * the count again. True when this wrong code locked it.
     */
    boolean countWrongCode(String staffKey, int max, Instant until);

    /** A right code: the wrong ones before it no longer count. */
    void clear(String staffKey);
}
