package org.tellonce.telemetry;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.tellonce.core.story.Review;

/**
 * The moderation figures operators watch (SPEC section 12), by function and by stack: stories held
 * for a moderator ({@code StoriesHeld}), per safeguarding concern ({@code StoriesFlagged}, dimension
 * {@code Concern}), decisions ({@code StoriesApproved}, {@code StoriesRejected}) and the hours a
 * story waited for one ({@code HoursToDecision}); the decisions carry {@code Flagged} = yes|no, so
 * an alarm can watch how long flagged stories wait. Concern names and states only: never a story.
 */
public final class ModerationMetrics {
    public static final String HELD = "StoriesHeld";
    public static final String FLAGGED = "StoriesFlagged";
    public static final String APPROVED = "StoriesApproved";
    public static final String REJECTED = "StoriesRejected";
    public static final String HOURS_TO_DECISION = "HoursToDecision";
    public static final String CONCERN = "Concern";
    public static final String FLAGGED_DIMENSION = "Flagged";

    private final Metrics metrics;
    private final Class<?> source;

    /** @param source the function that counts (its simple name is the {@code Function} dimension) */
    public ModerationMetrics(Metrics metrics, Class<?> source) {
        this.metrics = metrics;
        this.source = source;
    }

    /** A story was held for a moderator; {@code concerns} are the wire names its text raised (none under MODERATION=all). */
    public void held(List<String> concerns) {
        metrics.stackWide(source, HELD, 1, "Count", null, null);
        for (String concern : new TreeSet<>(concerns)) {
            metrics.stackWide(source, FLAGGED, 1, "Count", CONCERN, concern);
        }
    }

    /**
     * A moderator decided: {@code decision} is {@link Review.State#APPROVED} or {@link Review.State#REJECTED};
     * {@code waited} runs from the hold to the decision.
     */
    public void decided(Review.State decision, Duration waited, List<String> concerns) {
        String metric = switch (decision) {
            case APPROVED -> APPROVED;
            case REJECTED -> REJECTED;
            default -> throw new IllegalArgumentException("not a decision: " + decision.wire());
        };
        String flagged = concerns.isEmpty() ? "no" : "yes";
        metrics.stackWide(source, metric, 1, "Count", FLAGGED_DIMENSION, flagged);
        metrics.stackWide(source, HOURS_TO_DECISION, hours(waited), "None", FLAGGED_DIMENSION, flagged);
    }

    /** Hours to two decimal places (never below zero: a clock step back is not a negative wait). */
    static double hours(Duration waited) {
        long millis = Math.max(0, waited.toMillis());
        return BigDecimal.valueOf(millis).divide(BigDecimal.valueOf(Duration.ofHours(1).toMillis()), 2,
                RoundingMode.HALF_UP).doubleValue();
    }
}
