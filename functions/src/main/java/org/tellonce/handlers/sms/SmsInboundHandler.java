package org.tellonce.handlers.sms;

import org.tellonce.core.sms.InboundSms;
import org.tellonce.core.sms.SmsDelivery;
import org.tellonce.core.sms.SmsSender;
import org.tellonce.wiring.Wiring;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.Json;
import org.tellonce.telemetry.Log;

/**
 * {@code SmsInboundFunction}: AWS End User Messaging SMS two-way messages, published to SNS. A
 * message that cannot be read is logged and dropped (retrying cannot fix it); a store outage
 * throws, so Lambda retries the event and then sends it to the on-failure queue.
 */
public final class SmsInboundHandler implements RequestHandler<SNSEvent, Void> {
    private final SmsDelivery delivery;
    private final SmsSender sender;

    public SmsInboundHandler() {
        this(Wiring.lambda());
    }

    public SmsInboundHandler(Wiring wiring) {
        this(wiring.smsDelivery(), wiring.sender());
    }

    public SmsInboundHandler(SmsDelivery delivery, SmsSender sender) {
        this.delivery = delivery;
        this.sender = sender;
    }

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        if (event == null || event.getRecords() == null) {
            return null;
        }
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            InboundSms message;
            try {
                message = parse(record);
            } catch (BadRequestException e) {
                Log.warn(SmsInboundHandler.class, requestId, "sms_unreadable", e.getMessage());
                continue;
            }
            SmsDelivery.Result result = delivery.deliver(message, reply -> sender.send(
                    org.tellonce.core.intake.ContactParser.phone(message.from()).orElseThrow(), reply));
            Log.info(SmsInboundHandler.class, requestId, "sms_inbound",
                    (result.firstDelivery() ? "first" : "redelivery") + (result.reply().isPresent() ? " reply" : ""));
        }
        return null;
    }

    /** The End User Messaging JSON inside the SNS record. */
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
