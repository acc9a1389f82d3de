package org.tellonce.telemetry;

import org.tellonce.core.intake.IntakeOutcome;

/**
 * The intake figures operators watch: stories received by channel, duplicates, rejections by reason;
 * and stories held for a moderator at intake ({@link ModerationMetrics#held}).
 */
public final class IntakeMetrics {
    private final Metrics metrics;

    public IntakeMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    public void record(Class<?> source, IntakeOutcome outcome, String channel) {
        if (outcome instanceof IntakeOutcome.Accepted accepted) {
            metrics.count(source, "StoriesReceived", 1, "Channel", channel);
            if (accepted.held()) {
                new ModerationMetrics(metrics, source).held(accepted.review().concerns());
            }
        } else if (outcome instanceof IntakeOutcome.Duplicate) {
            metrics.count(source, "Duplicates", 1, "Channel", channel);
        } else if (outcome instanceof IntakeOutcome.Replayed) {
            metrics.count(source, "Replays", 1, "Channel", channel);
        } else if (outcome instanceof IntakeOutcome.Rejected rejected) {
            metrics.count(source, "Rejections", 1, "Reason", "validation:" + rejected.fields().keySet().iterator().next());
        } else if (outcome instanceof IntakeOutcome.RateLimited) {
            metrics.count(source, "Rejections", 1, "Reason", "rate_limited");
        } else if (outcome instanceof IntakeOutcome.KeyReused) {
            metrics.count(source, "Rejections", 1, "Reason", "idempotency_key_reused");
        } else {
            metrics.count(source, "Rejections", 1, "Reason", "conflict");
        }
    }
}
