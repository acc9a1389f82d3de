package org.tellonce.core.webhook;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed delivery is tried again (SPEC section 14): {@code first}, then twice as long each time up
 * to {@code longest}, for {@code window} after the event was queued; then it goes to the dead-letter queue.
 * In AWS 30 s doubling to 4 h over 24 h (14 attempts); locally 1, 2, 4, 8 s … so a redelivery after a
 * 500 arrives within seconds.
 */
public record RetrySchedule(Duration first, Duration longest, Duration window) {
    public static final RetrySchedule AWS = new RetrySchedule(Duration.ofSeconds(30), Duration.ofHours(4),
            Duration.ofHours(24));

    public RetrySchedule {
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || window.isNegative()) {
            throw new IllegalArgumentException("A retry schedule needs 0 < first <= longest and a window");
        }
    }

    /** The schedule that starts at {@code firstSeconds} (the local stack's 1 s), keeping the 24-hour window. */
    public static RetrySchedule startingAt(long firstSeconds) {
        return new RetrySchedule(Duration.ofSeconds(firstSeconds), firstSeconds < AWS.first().toSeconds()
                ? Duration.ofMinutes(5) : AWS.longest(), AWS.window());
    }

    /** The wait after the {@code attempt}-th failed attempt (1 = the first delivery). */
    public Duration delay(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        long seconds = first.toSeconds() << Math.min(doublings, 20);
        return Duration.ofSeconds(Math.min(seconds, longest.toSeconds()));
    }

    /** Whether an event queued at {@code queuedAt} has used up its window by the time of the next try. */
    public boolean givesUp(Instant queuedAt, int attempt, Instant now) {
        return now.plus(delay(attempt)).isAfter(queuedAt.plus(window));
    }
}
