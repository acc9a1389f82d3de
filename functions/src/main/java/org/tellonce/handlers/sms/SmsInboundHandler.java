package org.tellonce.handlers.sms;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import org.tellonce.core.intake.ContactParser;
import org.tellonce.core.sms.InboundSms;
import org.tellonce.core.sms.SmsDelivery;
import org.tellonce.core.sms.SmsSender;
import org.tellonce.http.BadRequestException;
import org.tellonce.telemetry.Log;
import org.tellonce.wiring.Wiring;

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
        for (SNSEvent.SNSRecord record : event == null || event.getRecords() == null
                ? java.util.List.<SNSEvent.SNSRecord>of() : event.getRecords()) {
            InboundSms message;
            try {
                message = SnsSms.parse(record);
            } catch (BadRequestException e) {
                Log.warn(SmsInboundHandler.class, requestId, "sms_unreadable", e.getMessage());
                continue;
            }
            SmsDelivery.Result result = delivery.deliver(message,
                    reply -> sender.send(ContactParser.phone(message.from()).orElseThrow(), reply));
            Log.info(SmsInboundHandler.class, requestId, "sms_inbound", result.summary());
        }
        return null;
    }
}
