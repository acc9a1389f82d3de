package org.tellonce.handlers.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tellonce.adapters.aws.SqsWebhookQueue;
import org.tellonce.adapters.webhook.HttpWebhookClient;
import org.tellonce.core.webhook.RetrySchedule;
import org.tellonce.core.webhook.WebhookDelivery;
import org.tellonce.core.webhook.WebhookEvent;
import org.tellonce.telemetry.Log;
import org.tellonce.wiring.Wiring;

/**
 * {@code WebhookDeliveryFunction}: the webhook FIFO queue. Each message is one event for one partner; a
 * 2xx deletes it. A failure shows it again after the retry schedule's wait (its receive count is the
 * attempt) and holds back the later events of the same story for that partner (in this batch, and in the
 * queue through its message group), so they arrive in order. After 24 hours it goes to the dead-letter
 * queue, whose alarm tells the operators.
 */
public final class WebhookDeliveryHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static {
        // Before any client resolves a name: the address a delivery checked is the one it connects to for
        // the next 30 s (HttpWebhookClient), whatever the runtime's default.
        java.security.Security.setProperty("networkaddress.cache.ttl", "30");
    }

    private final WebhookDelivery delivery;
    private final SqsWebhookQueue queue;
    private final RetrySchedule retries;
    private final Clock clock;

    public WebhookDeliveryHandler() {
        this(Wiring.lambda());
    }

    public WebhookDeliveryHandler(Wiring wiring) {
        this(new WebhookDelivery(wiring.webhookStore(), new WebhookPayloads(wiring.partnerStore(), wiring.feedService(),
                        wiring.storyStore()::load, wiring.accessRecorder()), wiring.webhookAddresses(),
                        new HttpWebhookClient(), wiring.webhookAttempts(), wiring.clock()),
                wiring.webhookQueue(), wiring.webhookRetries(), wiring.clock());
        wiring.warmUp(() -> {
            wiring.aws().sqs();
            wiring.webhookStore().find("_prime");
            SqsWebhookQueue.decode(SqsWebhookQueue.encode(new WebhookEvent(WebhookEvent.Type.STORY_SHARED, "msg_prime",
                    "_prime", "_prime", "_prime", Instant.EPOCH, "", "")));
        });
    }

    public WebhookDeliveryHandler(WebhookDelivery delivery, SqsWebhookQueue queue, RetrySchedule retries, Clock clock) {
        this.delivery = delivery;
        this.queue = queue;
        this.retries = retries;
        this.clock = clock;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Set<String> heldBack = new HashSet<>();
        List<SQSEvent.SQSMessage> messages = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : messages) {
            String group = attribute(message, "MessageGroupId");
            if (heldBack.contains(group)) {
                // An earlier event of this story for this partner failed: this one waits behind it. Visible again
                // at once, the queue still gives it out only after the earlier one (its message group).
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                try {
                    queue.retryAfter(message.getReceiptHandle(), java.time.Duration.ZERO);
                } catch (RuntimeException e) {
                    Log.error(WebhookDeliveryHandler.class, requestId, "webhook_release_failed", Log.describe(e));
                }
                continue;
            }
            try {
                WebhookEvent webhook = SqsWebhookQueue.decode(message.getBody());
                int attempt = (int) Math.max(1, number(message, "ApproximateReceiveCount"));
                WebhookDelivery.Result result = delivery.deliver(webhook, attempt);
                if (!result.retry()) {
                    continue;
                }
                Instant queuedAt = Instant.ofEpochMilli(number(message, "SentTimestamp"));
                if (retries.givesUp(queuedAt, attempt, clock.instant())) {
                    queue.deadLetter(webhook);
                    Log.error(WebhookDeliveryHandler.class, requestId, "webhook_dead_lettered",
                            webhook.type().wire() + " after " + attempt + " attempts");
                    continue;
                }
                queue.retryAfter(message.getReceiptHandle(), retries.delay(attempt));
                heldBack.add(group);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            } catch (IllegalArgumentException e) {
                // Not one of our messages: nothing can deliver it; kept in the dead-letter queue by the redrive.
                Log.error(WebhookDeliveryHandler.class, requestId, "webhook_unreadable", Log.describe(e));
                heldBack.add(group);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            } catch (RuntimeException e) {
                Log.error(WebhookDeliveryHandler.class, requestId, "webhook_delivery_failed", Log.describe(e));
                heldBack.add(group);
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static String attribute(SQSEvent.SQSMessage message, String name) {
        Map<String, String> attributes = message.getAttributes();
        String value = attributes == null ? null : attributes.get(name);
        return value == null ? message.getMessageId() : value;
    }

    private static long number(SQSEvent.SQSMessage message, String name) {
        Map<String, String> attributes = message.getAttributes();
        try {
            return attributes == null || attributes.get(name) == null ? 0 : Long.parseLong(attributes.get(name));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
