package org.tellonce.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for what the fan-out does in the background; no fixed sleeps. */
public final class Eventually {
    /** SPEC §9: a shared story appears in the partner feed within 2 s locally (the same for removals). */
    public static final Duration FAN_OUT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 50;
    /**
     * Long waits (setting up hundreds of stories) poll less often: every poll is a request to the one
     * local engine, which serves one request at a time, so a tight poll would slow what it waits for.
     */
    private static final long SLOW_POLL_MILLIS = 500;
    private static final Duration LONG_WAIT = Duration.ofSeconds(10);

    private Eventually() {
    }

    /** Waits until the condition holds; fails with the description once the deadline has passed. */
    public static Duration within(Duration deadline, String what, BooleanSupplier condition) {
        return within(deadline, System.nanoTime(), what, condition);
    }

    /**
     * As {@link #within(Duration, String, BooleanSupplier)}, the deadline counted from {@code startNanos}
     * ({@link System#nanoTime()} when the triggering request returned), not from now.
     */
    public static Duration within(Duration deadline, long startNanos, String what, BooleanSupplier condition) {
        long start = startNanos;
        long end = start + deadline.toNanos();
        long pollMillis = deadline.compareTo(LONG_WAIT) > 0 ? SLOW_POLL_MILLIS : POLL_MILLIS;
        while (true) {
            if (condition.getAsBoolean()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("Not within " + deadline.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what);
            }
        }
    }
}
