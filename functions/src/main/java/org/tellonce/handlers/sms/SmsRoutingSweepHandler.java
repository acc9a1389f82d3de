package org.tellonce.handlers.sms;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.sms.RoutingSweep;
import org.tellonce.telemetry.Log;
import org.tellonce.wiring.Wiring;

/**
 * {@code SmsRoutingSweepFunction}: a schedule (every 5 minutes) shares the SMS stories whose routing
 * questions went unanswered for 30 minutes, with what is known. The run's time is the event's
 * {@code time} when that is later than the clock (a run delivered late still ends what was due then).
 */
public final class SmsRoutingSweepHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final RoutingSweep sweep;
    private final Clock clock;

    public SmsRoutingSweepHandler() {
        this(Wiring.lambda());
    }

    public SmsRoutingSweepHandler(Wiring wiring) {
        this(new RoutingSweep(wiring.smsStore()), wiring.clock());
        // SnapStart: one query for routings started before 1970 reads the table and finds nothing to write.
        wiring.warmUp(() -> sweep.sweep(Instant.EPOCH));
    }

    public SmsRoutingSweepHandler(RoutingSweep sweep, Clock clock) {
        this.sweep = sweep;
        this.clock = clock;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        int shared = sweep.sweep(runTime(event));
        Log.info(SmsRoutingSweepHandler.class, requestId, "sms_routing_swept", "shared=" + shared);
        return Map.of("shared", shared);
    }

    private Instant runTime(Map<String, Object> event) {
        Instant now = clock.instant();
        return eventTime(event).filter(now::isBefore).orElse(now);
    }

    private static Optional<Instant> eventTime(Map<String, Object> event) {
        Object time = event == null ? null : event.get("time");
        try {
            return time instanceof String text ? Optional.of(Instant.parse(text)) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
