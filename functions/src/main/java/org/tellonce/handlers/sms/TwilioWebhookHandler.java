package org.tellonce.handlers.sms;

import org.tellonce.core.sms.SmsDelivery;
import org.tellonce.core.sms.TwilioSignature;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.telemetry.Log;
import org.tellonce.wiring.Wiring;

/**
 * {@code POST /sms/twilio}: Twilio's webhook. A bad or missing signature is a 403 and nothing is
 * stored; the conversation's reply goes back as TwiML.
 */
public final class TwilioWebhookHandler extends ApiHandler {
    private final SmsDelivery delivery;
    private final TwilioSignature signature;

    public TwilioWebhookHandler() {
        this(Wiring.lambda());
    }

    public TwilioWebhookHandler(Wiring wiring) {
        this(wiring.smsDelivery(), new TwilioSignature(wiring.twilioAuthToken()));
        attach(wiring);
    }

    public TwilioWebhookHandler(SmsDelivery delivery, TwilioSignature signature) {
        this.delivery = delivery;
        this.signature = signature;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        TwilioWebhook.Read read = TwilioWebhook.read(request, signature);
        if (read.refusal().isPresent()) {
            return read.refusal().get();
        }
        SmsDelivery.Result result = delivery.deliver(read.message().orElseThrow());
        Log.info(TwilioWebhookHandler.class, request.requestId(), "sms_inbound", result.summary());
        return TwilioWebhook.answer(result.reply());
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return HttpResponse.text(400, "text/plain", message);
    }
}
