package org.tellonce.core.sms;

import java.time.Duration;
import java.time.Instant;

/**
 * Shares the stories whose routing questions went unanswered: after {@link #PATIENCE} a story answered
 * YES or ANON is shared with what is known (SPEC §5). Run on a schedule, never by a function that waits.
 * Each completion is conditional on the routing's revision, so a late answer and the sweep never both
 * apply; a routing that changed meanwhile is left for the next run.
 */
public final class RoutingSweep {
    /** How long the questions wait for an answer. */
    public static final Duration PATIENCE = Duration.ofMinutes(30);
    /** Routings completed in one run at most; the rest wait for the next run. */
    static final int BATCH = 200;

    private final SmsStore store;

    public RoutingSweep(SmsStore store) {
        this.store = store;
    }

    /** @param now the time of this run; @return how many stories this run shared */
    public int sweep(Instant now) {
        int shared = 0;
        for (SmsStore.DueRouting due : store.routingsStartedBefore(now.minus(PATIENCE), BATCH)) {
            if (store.completeRouting(due.residentKey(), due.routing())) {
                shared++;
            }
        }
        return shared;
    }
}
