package org.tellonce.handlers.moderation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tellonce.adapters.dynamo.DynamoSafeguardingAlerts;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.core.safeguarding.SafeguardingAlerts;
import org.tellonce.core.story.Reference;
import org.tellonce.handlers.StreamRecords;
import org.tellonce.telemetry.Log;
import org.tellonce.telemetry.Metrics;
import org.tellonce.wiring.Wiring;

/**
 * {@code SafeguardingAlertFunction}, two triggers. The table's stream, filtered to story items held with
 * a safeguarding concern: the staff are alerted within seconds; a record whose alerts could not all be
 * sent is a batch item failure (the stream retries it, then the dead-letter queue). A schedule every 5
 * minutes (its event has no stream records): reads the whole moderation queue, sends any alert still
 * unsent, alerts everyone again about a story unanswered for 30 minutes, and counts the queue
 * ({@code HeldStories}, {@code OldestHeldHours}). Logs counts only, never a story or a person.
 */
public final class SafeguardingAlertHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** A reference no story is ever given (the alphabet has no 0 or 1): what SnapStart's warm-up reads. */
    private static final Reference NONE = new Reference("TO-222222");

    private final SafeguardingAlerts alerts;
    private final Metrics metrics;
    private final Clock clock;

    public SafeguardingAlertHandler() {
        this(Wiring.lambda());
    }

    public SafeguardingAlertHandler(Wiring wiring) {
        this(wiring.safeguardingAlerts(), wiring.metrics(), wiring.clock());
        // SnapStart: the reads of one story's alerts (a story that does not exist), no staff, no write.
        DynamoSafeguardingAlerts store = new DynamoSafeguardingAlerts(wiring.dynamoDb(), wiring.config().tableName());
        wiring.warmUp(() -> {
            store.flaggedHeld(NONE);
            store.sent(NONE);
        });
    }

    public SafeguardingAlertHandler(SafeguardingAlerts alerts, Metrics metrics, Clock clock) {
        this.alerts = alerts;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        List<DynamodbEvent.DynamodbStreamRecord> records = StreamRecords.of(event);
        Instant now = clock.instant();
        if (records.isEmpty()) {
            sweep(now, requestId);
            return new StreamsEventResponse(List.of());
        }
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        int sent = 0;
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            Optional<Reference> reference = Table.referenceFromPk(StreamRecords.keys(record).get(Table.PK));
            if (reference.isEmpty()) {
                continue;
            }
            try {
                SafeguardingAlerts.Result result = alerts.alert(reference.get(), now);
                sent += result.sent();
                if (result.failed() > 0) {
                    Log.warn(SafeguardingAlertHandler.class, requestId, "safeguarding_alert_failed",
                            "failed=" + result.failed());
                    failures.add(StreamRecords.failure(record));
                }
            } catch (RuntimeException e) {
                Log.error(SafeguardingAlertHandler.class, requestId, "safeguarding_alert_failed", Log.describe(e));
                failures.add(StreamRecords.failure(record));
            }
        }
        metrics.count(SafeguardingAlertHandler.class, "SafeguardingAlertsSent", sent);
        Log.info(SafeguardingAlertHandler.class, requestId, "safeguarding_alerted",
                "records=" + records.size() + " sent=" + sent + " failures=" + failures.size());
        return new StreamsEventResponse(failures);
    }

    /** The scheduled run: what is due, and the queue's figures; a failed send fails the run (Lambda retries). */
    private void sweep(Instant now, String requestId) {
        SafeguardingAlerts.Sweep run = alerts.sweep(now);
        metrics.stackFigure(SafeguardingAlertHandler.class, "HeldStories", run.held());
        metrics.stackFigure(SafeguardingAlertHandler.class, "OldestHeldHours", run.oldestHeldHours(now));
        metrics.count(SafeguardingAlertHandler.class, "SafeguardingAlertsSent", run.sent());
        Log.info(SafeguardingAlertHandler.class, requestId, "safeguarding_swept", "held=" + run.held() + " flagged="
                + run.flagged() + " oldest_hours=" + run.oldestHeldHours(now) + " sent=" + run.sent()
                + " failed=" + run.failed());
        if (run.failed() > 0) {
            // Lambda retries the run; the next one, 5 minutes later, tries again too (what was sent stays sent).
            throw new IllegalStateException("Safeguarding alerts failed: " + run.failed());
        }
    }
}
