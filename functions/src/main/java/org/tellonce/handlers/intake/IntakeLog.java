package org.tellonce.handlers.intake;

import org.tellonce.core.intake.IntakeOutcome;
import org.tellonce.http.HttpRequest;
import org.tellonce.telemetry.IntakeMetrics;
import org.tellonce.telemetry.Log;

/** What a web submission leaves in the logs and metrics: the outcome's kind, never its content. */
final class IntakeLog {
    private IntakeLog() {
    }

    /** @return the outcome, to answer */
    static IntakeOutcome record(HttpRequest request, IntakeOutcome outcome, IntakeMetrics metrics) {
        if (outcome instanceof IntakeOutcome.PartnersNotEnabled) {
            Log.info(SubmitStoryHandler.class, request.requestId(), "intake", "UnknownPartner");
            return outcome;
        }
        Log.info(SubmitStoryHandler.class, request.requestId(), "intake", outcome.getClass().getSimpleName());
        metrics.record(SubmitStoryHandler.class, outcome, "web");
        return outcome;
    }
}
