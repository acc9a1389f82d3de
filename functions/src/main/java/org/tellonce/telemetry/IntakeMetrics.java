package org.tellonce.telemetry;

import org.tellonce.core.intake.IntakeOutcome;


/** The intake figures operators watch: stories received by channel, duplicates, rejections by reason. */
public final class IntakeMetrics {
    private IntakeMetrics() {
    }

    public static void record(Class<?> source, IntakeOutcome outcome, String channel) {
        if (outcome instanceof IntakeOutcome.Accepted) {
            Metrics.count(source, "StoriesReceived", 1, "Channel", channel);
        } else if (outcome instanceof IntakeOutcome.Duplicate) {
            Metrics.count(source, "Duplicates", 1, "Channel", channel);
        } else if (outcome instanceof IntakeOutcome.Replayed) {
            Metrics.count(source, "Replays", 1, "Channel", channel);
        } else if (outcome instanceof IntakeOutcome.Rejected rejected) {
            Metrics.count(source, "Rejections", 1, "Reason", "validation:" + rejected.fields().keySet().iterator().next());
        } else if (outcome instanceof IntakeOutcome.RateLimited) {
            Metrics.count(source, "Rejections", 1, "Reason", "rate_limited");
        } else if (outcome instanceof IntakeOutcome.KeyReused) {
            Metrics.count(source, "Rejections", 1, "Reason", "idempotency_key_reused");
        } else {
            Metrics.count(source, "Rejections", 1, "Reason", "conflict");
        }
    }
}
