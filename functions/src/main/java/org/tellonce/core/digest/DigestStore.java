package org.tellonce.core.digest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Where the daily digest remembers what it told: per partner, how far along its feed digests have
 * gone (the watermark), each day's batch (which feed positions that day's e-mails hold), and one
 * claim per person per day, taken before their e-mail is sent, so two runs or a retry send it once.
 */
public interface DigestStore {

    /** A day's digest of one partner: the feed positions after {@code fromSeq} up to {@code toSeq}. */
    record Batch(long fromSeq, long toSeq) {
    }

    /** The feed position every earlier digest reached; 0 before the first. */
    long watermark(String partnerId);

    Optional<Batch> batch(String partnerId, LocalDate day);

    /**
     * Starts the day's batch and moves the watermark from {@code batch.fromSeq()} to {@code batch.toSeq()},
     * both or neither. @return the day's batch: this one, or the one a concurrent run started first;
     * empty when the watermark moved meanwhile (another day's run), so this run leaves the partner be
     */
    Optional<Batch> startBatch(String partnerId, LocalDate day, Batch batch, Instant expiresAt);

    /** @return true for the one caller that may send this person the day's digest */
    boolean claim(String partnerId, LocalDate day, String staffKey, Instant expiresAt);

    /** Gives a claim back after its e-mail could not be sent, so the next run tries again. */
    void release(String partnerId, LocalDate day, String staffKey);
}
