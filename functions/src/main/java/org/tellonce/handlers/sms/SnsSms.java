package org.tellonce.handlers.sms;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.tellonce.core.sms.InboundSms;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.Json;

/** An AWS End User Messaging two-way message, as SNS delivers it: JSON inside the record. */
final class SnsSms {
    private SnsSms() {
    }

    /** @throws BadRequestException when the record holds no readable message */
    static InboundSms parse(SNSEvent.SNSRecord record) {
        if (record == null || record.getSNS() == null || record.getSNS().getMessage() == null) {
            throw new BadRequestException("SNS record without a message");
        }
        JsonNode node = Json.parse(record.getSNS().getMessage().getBytes(StandardCharsets.UTF_8));
        String from = text(node, "originationNumber");
        String to = text(node, "destinationNumber");
        String body = text(node, "messageBody");
        String id = text(node, "inboundMessageId");
        if (from.isEmpty() || id.isEmpty() || id.length() > 200) {
            throw new BadRequestException("SMS message lacks originationNumber or inboundMessageId");
        }
        return new InboundSms(InboundSms.Provider.AWS, id, from, to, body);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.isObject() ? node.get(field) : null;
        return value != null && value.isTextual() ? value.asText() : "";
    }
}
