package org.tellonce.handlers.sharing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.List;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.sharing.FanOut;
import org.tellonce.core.sharing.FanOutBatch;
import org.tellonce.handlers.StreamRecords;
import org.tellonce.telemetry.Log;
import org.tellonce.telemetry.Metrics;
import org.tellonce.wiring.Wiring;

/**
 * {@code FanOutFunction}: the table's stream. Each story record brings that story's shares in line
 * with its current consent ({@link FanOutBatch}); a record that fails is a batch item failure.
 */
public final class FanOutHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final FanOutBatch batch;
    private final Metrics metrics;

    public FanOutHandler() {
        this(Wiring.lambda());
    }

    public FanOutHandler(Wiring wiring) {
        this(wiring.fanOut(), wiring.partnerStore(), wiring.metrics());
    }

    public FanOutHandler(FanOut fanOut, PartnerStore partners, Metrics metrics) {
        this.batch = new FanOutBatch(fanOut, partners);
        this.metrics = metrics;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        List<FanOutBatch.Change> changes = StreamRecords.of(event).stream()
                .map(r -> Table.fanOutChange(StreamRecords.id(r), StreamRecords.keys(r))).toList();
        if (changes.isEmpty()) {
            return new StreamsEventResponse(List.of());
        }
        FanOutBatch.Result result = batch.run(changes);
        result.problems().forEach(p -> Log.error(FanOutHandler.class, requestId, p.event(),
                p.cause().map(Log::describe).orElse(p.recordId())));
        metrics.count(FanOutHandler.class, "Shares", result.added());
        metrics.count(FanOutHandler.class, "SharesRemoved", result.removed());
        Log.info(FanOutHandler.class, requestId, "fan_out", "records=" + changes.size() + " shares_added="
                + result.added() + " shares_removed=" + result.removed() + " failures=" + result.failed().size());
        return new StreamsEventResponse(result.failed().stream().map(StreamsEventResponse.BatchItemFailure::new)
                .toList());
    }
}
