package org.tellonce.adapters.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.webhook.WebhookEvent;
import org.tellonce.core.webhook.WebhookQueue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The webhook queue: an SQS FIFO queue whose message group is one partner's one story (events of a story
 * reach a partner in order; nothing else waits behind a failing endpoint) and whose deduplication id is
 * the {@code webhook-id} (a redelivered stream record within 5 minutes is dropped; after that the
 * partner sees the same id). A message holds ids only.
 */
public final class SqsWebhookQueue implements WebhookQueue {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final Optional<String> deadLetterUrl;

    public SqsWebhookQueue(SqsClient sqs, String queueUrl, Optional<String> deadLetterUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.deadLetterUrl = deadLetterUrl;
    }

    @Override
    public void send(List<WebhookEvent> events) {
        for (int i = 0; i < events.size(); i += BATCH) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            List<WebhookEvent> chunk = events.subList(i, Math.min(events.size(), i + BATCH));
            for (int j = 0; j < chunk.size(); j++) {
                WebhookEvent e = chunk.get(j);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j)).messageBody(encode(e))
                        .messageGroupId(e.group()).messageDeduplicationId(e.id()).build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            if (response.hasFailed() && !response.failed().isEmpty()) {
                // Failing the stream record sends the whole batch again; the deduplication id drops the copies.
                throw new IllegalStateException(response.failed().size() + " webhook events could not be queued ("
                        + response.failed().get(0).code() + ")");
            }
        }
    }

    /** Shows the message again after {@code delay} (its retry), keeping its group waiting until then. */
    public void retryAfter(String receiptHandle, Duration delay) {
        int seconds = (int) Math.min(Math.max(delay.toSeconds(), 0), 43_200);
        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    }

    /** An event whose 24 hours of retries ran out goes to the dead-letter queue (its alarm fires). */
    public void deadLetter(WebhookEvent event) {
        String url = deadLetterUrl.orElseThrow(() -> new IllegalStateException("No webhook dead-letter queue is set"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(encode(event)).messageGroupId(event.group())
                .messageDeduplicationId(event.id()));
    }

    public static String encode(WebhookEvent e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", e.type().wire());
        node.put("id", e.id());
        node.put("partnerId", e.partnerId());
        node.put("storyId", e.storyId());
        node.put("reference", e.reference());
        node.put("at", e.at().toString());
        node.put("detail", e.detail());
        node.put("name", e.name());
        return node.toString();
    }

    /** @throws IllegalArgumentException for a message that is not one of ours */
    public static WebhookEvent decode(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            WebhookEvent.Type type = WebhookEvent.Type.fromWire(node.path("type").asText())
                    .orElseThrow(() -> new IllegalArgumentException("unknown event type"));
            return new WebhookEvent(type, text(node, "id"), text(node, "partnerId"), text(node, "storyId"),
                    text(node, "reference"), Instant.parse(text(node, "at")), node.path("detail").asText(""),
                    node.path("name").asText(""));
        } catch (java.io.IOException | java.time.format.DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("Not a webhook event message");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("Not a webhook event message");
        }
        return value.asText();
    }
}
