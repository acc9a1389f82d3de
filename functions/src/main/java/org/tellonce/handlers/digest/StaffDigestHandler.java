package org.tellonce.handlers.digest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.tellonce.core.digest.StaffDigest;
import org.tellonce.telemetry.Log;
import org.tellonce.wiring.Wiring;

/**
 * {@code StaffDigestFunction}: a daily schedule e-mails each partner's responders and administrators
 * the references of the stories newly shared with it. The run's day is the event's {@code time} (a
 * retry, or a run delivered late, belongs to the day it was scheduled for). Logs counts only.
 */
public final class StaffDigestHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final StaffDigest digest;
    private final Clock clock;

    public StaffDigestHandler() {
        this(Wiring.lambda());
    }

    public StaffDigestHandler(Wiring wiring) {
        this(wiring.staffDigest(), wiring.clock());
        // SnapStart: one read of the partners (no staff: their addresses must not sit in a snapshot), no write.
        wiring.warmUp(() -> wiring.partnerStore().all());
    }

    public StaffDigestHandler(StaffDigest digest, Clock clock) {
        this.digest = digest;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        StaffDigest.Run run = digest.run(runTime(event));
        Log.info(StaffDigestHandler.class, requestId, "staff_digest_sent",
                "partners=" + run.partners() + " emails=" + run.emails() + " failed=" + run.failed());
        if (run.failed() > 0) {
            // Lambda retries the run (its claims keep the e-mails already sent from going twice).
            throw new IllegalStateException("Digest e-mails failed: " + run.failed());
        }
        return Map.of("partners", run.partners(), "emails", run.emails());
    }

    private Instant runTime(Map<String, Object> event) {
        Object time = event == null ? null : event.get("time");
        try {
            return time instanceof String text ? Instant.parse(text) : clock.instant();
        } catch (DateTimeParseException e) {
            return clock.instant();
        }
    }
}
