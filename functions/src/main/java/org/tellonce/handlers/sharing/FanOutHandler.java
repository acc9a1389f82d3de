package org.tellonce.handlers.sharing;

import org.tellonce.core.sharing.FanOut;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.telemetry.Log;
import org.tellonce.telemetry.Metrics;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.core.story.Reference;
import org.tellonce.wiring.Wiring;

/**
 * {@code FanOutFunction}: the table's stream. Each story record brings that story's shares in
 * line with its current consent. A record that fails is reported as a batch item failure, so
 * Lambda retries from it (bounded, then the on-failure queue) and the others are not held up.
 */
public final class FanOutHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final FanOut fanOut;
    private final PartnerStore partners;
    private final Metrics metrics;

    public FanOutHandler() {
        this(Wiring.lambda());
    }

    public FanOutHandler(Wiring wiring) {
        this(wiring.fanOut(), wiring.partnerStore(), wiring.metrics());
    }

    public FanOutHandler(FanOut fanOut, PartnerStore partners, Metrics metrics) {
        this.metrics = metrics;
        this.fanOut = fanOut;
        this.partners = partners;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        List<DynamodbEvent.DynamodbStreamRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        if (records.isEmpty()) {
            return new StreamsEventResponse(failures);
        }
        List<Partner> all;
        try {
            all = partners.all();
        } catch (RuntimeException e) {
            // Nothing can be shared without the partner list: the whole batch is retried.
            Log.error(FanOutHandler.class, requestId, "partners_unavailable", e.getClass().getSimpleName());
            records.forEach(r -> failures.add(failure(r)));
            return new StreamsEventResponse(failures);
        }
        // Several records of one story in a batch need one reconciliation: it reads the story as it is now.
        Map<String, List<DynamodbEvent.DynamodbStreamRecord>> byStory = new LinkedHashMap<>();
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            Optional<String> story = storyPk(record);
            if (story.isPresent()) {
                byStory.computeIfAbsent(story.get(), k -> new ArrayList<>()).add(record);
            } else if (!isOtherItem(record)) {
                Log.error(FanOutHandler.class, requestId, "unreadable_record", record.getEventID());
                failures.add(failure(record));
            }
        }
        int added = 0;
        int removed = 0;
        for (Map.Entry<String, List<DynamodbEvent.DynamodbStreamRecord>> entry : byStory.entrySet()) {
            try {
                Reference reference = Table.referenceFromPk(entry.getKey())
                        .orElseThrow(() -> new IllegalArgumentException("not a story reference"));
                FanOut.Result result = fanOut.reconcile(reference, all);
                added += result.added().size();
                removed += result.removed().size();
            } catch (RuntimeException e) {
                Log.error(FanOutHandler.class, requestId, "fan_out_failed", Log.describe(e));
                entry.getValue().forEach(r -> failures.add(failure(r)));
            }
        }
        metrics.count(FanOutHandler.class, "Shares", added);
        metrics.count(FanOutHandler.class, "SharesRemoved", removed);
        Log.info(FanOutHandler.class, requestId, "fan_out",
                "records=" + records.size() + " shares_added=" + added + " shares_removed=" + removed
                        + " failures=" + failures.size());
        return new StreamsEventResponse(failures);
    }

    /** The story partition key of a story item record; empty for other items. */
    private static Optional<String> storyPk(DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
        if (keys == null || keys.get(Table.PK) == null || keys.get(Table.SK) == null) {
            return Optional.empty();
        }
        String pk = keys.get(Table.PK).getS();
        String sk = keys.get(Table.SK).getS();
        if (Table.isStoryPk(pk) && Table.STORY_SK.equals(sk)) {
            return Optional.of(pk);
        }
        return Optional.empty();
    }

    /** Items the fan-out has nothing to do for (shares, feeds, partners...). */
    private static boolean isOtherItem(DynamodbEvent.DynamodbStreamRecord record) {
        Map<String, AttributeValue> keys = record.getDynamodb() == null ? null : record.getDynamodb().getKeys();
        if (keys == null || keys.get(Table.PK) == null || keys.get(Table.SK) == null) {
            return false;
        }
        String pk = keys.get(Table.PK).getS();
        String sk = keys.get(Table.SK).getS();
        return pk != null && sk != null && !(Table.isStoryPk(pk) && sk.equals(Table.STORY_SK));
    }

    private static StreamsEventResponse.BatchItemFailure failure(DynamodbEvent.DynamodbStreamRecord record) {
        String id = record.getDynamodb() == null ? record.getEventID() : record.getDynamodb().getSequenceNumber();
        return new StreamsEventResponse.BatchItemFailure(id);
    }
}
