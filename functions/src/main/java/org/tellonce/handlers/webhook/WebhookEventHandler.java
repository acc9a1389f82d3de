package org.tellonce.handlers.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tellonce.adapters.dynamo.WebhookChanges;
import org.tellonce.core.webhook.WebhookEvent;
import org.tellonce.core.webhook.WebhookProducer;
import org.tellonce.core.webhook.WebhookQueue;
import org.tellonce.handlers.StreamRecords;
import org.tellonce.telemetry.Log;
import org.tellonce.wiring.Wiring;

/**
 * {@code WebhookEventFunction}: the table's stream (filtered to shares, removals, responses and outcome
 * links) into the webhook queue, one event per partner with a webhook (SPEC section 14). Records are
 * queued in stream order; the first that fails is reported, and Lambda retries from it (the queue drops
 * the copies of what was queued already by their {@code webhook-id}).
 */
public final class WebhookEventHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final WebhookProducer producer;
    private final WebhookQueue queue;

    public WebhookEventHandler() {
        this(Wiring.lambda());
    }

    public WebhookEventHandler(Wiring wiring) {
        this(wiring.webhookProducer(), wiring.webhookQueue());
        // Before a snapshot: the SQS client built and the webhooks partition read (no event is queued).
        wiring.warmUp(() -> {
            wiring.aws().sqs();
            wiring.webhookStore().registered();
        });
    }

    public WebhookEventHandler(WebhookProducer producer, WebhookQueue queue) {
        this.producer = producer;
        this.queue = queue;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        List<DynamodbEvent.DynamodbStreamRecord> records = StreamRecords.of(event);
        Set<String> registered = null;
        int queued = 0;
        for (DynamodbEvent.DynamodbStreamRecord record : records) {
            try {
                Optional<WebhookProducer.Change> change = WebhookChanges.of(StreamRecords.keys(record),
                        StreamRecords.inserted(record), StreamRecords.oldImage(record), StreamRecords.newImage(record));
                if (change.isEmpty()) {
                    continue;
                }
                if (registered == null) {
                    registered = producer.registered();
                }
                List<WebhookEvent> events = producer.events(change.get(), registered);
                if (!events.isEmpty()) {
                    queue.send(events);
                    queued += events.size();
                }
            } catch (RuntimeException e) {
                Log.error(WebhookEventHandler.class, requestId, "webhook_queue_failed", Log.describe(e));
                return new StreamsEventResponse(List.of(StreamRecords.failure(record)));
            }
        }
        if (queued > 0) {
            Log.info(WebhookEventHandler.class, requestId, "webhooks_queued", Integer.toString(queued));
        }
        return new StreamsEventResponse(List.of());
    }
}
