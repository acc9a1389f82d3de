package org.tellonce.local;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.joda.time.DateTime;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.Json;

/**
 * The SMS side of the local stack: {@code POST /_local/sms} takes the End User Messaging JSON of an
 * inbound text and delivers it, as SNS would, to every function subscribed to the topic;
 * {@code GET /_local/sms/outbox} lists the replies that would have been sent.
 */
final class LocalSms {
    private final LambdaInvoker invoker;
    private final List<String> subscribers = new ArrayList<>();
    private final String topicArn;
    private final LocalOutbox outbox;

    LocalSms(SamTemplate template, LambdaInvoker invoker, LocalOutbox outbox) {
        this.invoker = invoker;
        this.outbox = outbox;
        String topic = null;
        for (SamTemplate.Function f : template.functions()) {
            for (SamTemplate.Event e : f.events()) {
                if ("SNS".equals(e.type())) {
                    subscribers.add(f.logicalId());
                    if (e.properties().get("Topic") instanceof Map<?, ?> ref && ref.get("Ref") != null) {
                        topic = String.valueOf(ref.get("Ref"));
                    }
                }
            }
        }
        this.topicArn = "arn:aws:sns:eu-west-2:000000000000:" + (topic == null ? "local" : topic);
    }

    LocalApiServer.LocalReply inbound(String method, String query, byte[] body) {
        if (!"POST".equals(method)) {
            return new LocalApiServer.LocalReply(405, "application/json", Json.error("method", "POST the message JSON"));
        }
        JsonNode message;
        try {
            message = Json.parse(body);
        } catch (BadRequestException e) {
            return new LocalApiServer.LocalReply(400, "application/json", Json.error("bad_request", e.getMessage()));
        }
        if (!message.isObject() || !message.path("originationNumber").isTextual()
                || !message.path("messageBody").isTextual()) {
            return new LocalApiServer.LocalReply(400, "application/json", Json.error("bad_request",
                    "Send {\"originationNumber\",\"destinationNumber\",\"messageBody\",\"inboundMessageId\"}"));
        }
        ObjectNode full = (ObjectNode) message;
        if (!full.path("inboundMessageId").isTextual()) {
            full.put("inboundMessageId", UUID.randomUUID().toString());
        }
        full.putIfAbsent("destinationNumber", Json.object().textNode("+447700900000"));
        full.putIfAbsent("messageKeyword", Json.object().textNode("KEYWORD_LOCAL"));
        full.putIfAbsent("previousPublishedMessageId", Json.object().nullNode());
        SNSEvent event = new SNSEvent().withRecords(List.of(new SNSEvent.SNSRecord()
                .withEventSource("aws:sns")
                .withEventVersion("1.0")
                .withEventSubscriptionArn(topicArn + ":" + UUID.randomUUID())
                .withSns(new SNSEvent.SNS()
                        .withType("Notification")
                        .withMessageId(UUID.randomUUID().toString())
                        .withTopicArn(topicArn)
                        .withMessage(Json.write(full))
                        .withTimestamp(DateTime.now())
                        .withSignatureVersion("1")
                        .withMessageAttributes(Map.of()))));
        int failed = 0;
        for (String function : subscribers) {
            try {
                invoker.invoke(function, event);
            } catch (RuntimeException e) {
                failed++;
                System.err.println("{\"level\":\"ERROR\",\"event\":\"sns_delivery_failed\",\"function\":\"" + function
                        + "\",\"detail\":\"" + e.getClass().getSimpleName() + "\"}");
            }
        }
        ObjectNode answer = Json.object();
        answer.put("inboundMessageId", full.get("inboundMessageId").asText());
        answer.put("deliveredTo", subscribers.size() - failed);
        return new LocalApiServer.LocalReply(failed == 0 ? 202 : 500, "application/json", Json.write(answer));
    }

    LocalApiServer.LocalReply outbox(String method, String query, byte[] body) {
        ArrayNode list = Json.array();
        for (LocalOutbox.Sent sent : outbox.sent()) {
            list.addObject().put("to", sent.to()).put("body", sent.body()).put("at", sent.at().toString());
        }
        ObjectNode answer = Json.object();
        answer.set("messages", list);
        return new LocalApiServer.LocalReply(200, "application/json", Json.write(answer));
    }
}
