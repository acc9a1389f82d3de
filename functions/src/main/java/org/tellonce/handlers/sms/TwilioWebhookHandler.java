package org.tellonce.handlers.sms;

import org.tellonce.core.sms.InboundSms;
import org.tellonce.core.sms.SmsDelivery;
import org.tellonce.core.sms.TwilioSignature;
import org.tellonce.wiring.Wiring;
import java.util.Optional;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.telemetry.Log;

/**
 * {@code POST /sms/twilio}: Twilio's webhook. The signature is checked over the public URL rebuilt
 * as API Gateway saw it; a bad or missing one is a 403 and nothing is stored. The reply is TwiML.
 */
public final class TwilioWebhookHandler extends ApiHandler {
    private static final int BODY_MAX = 64 * 1024;

    private final SmsDelivery delivery;
    private final TwilioSignature signature;

    public TwilioWebhookHandler() {
        this(Wiring.lambda());
    }

    public TwilioWebhookHandler(Wiring wiring) {
        this(wiring.smsDelivery(), new TwilioSignature(wiring.twilioAuthToken()));
        wiring.warmUp(this::prime);
    }

    public TwilioWebhookHandler(SmsDelivery delivery, TwilioSignature signature) {
        this.delivery = delivery;
        this.signature = signature;
    }


    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (request.body().length > BODY_MAX) {
            return HttpResponse.text(413, "text/plain", "Too large");
        }
        if (!request.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent()) {
            return HttpResponse.text(415, "text/plain", "Twilio webhooks are form-encoded");
        }
        FormBody form = FormBody.parse(request.body());
        String url = publicUrl(request);
        if (!signature.valid(url, form.asMap(), request.header("x-twilio-signature").orElse(null))) {
            Log.warn(TwilioWebhookHandler.class, request.requestId(), "twilio_signature_rejected", null);
            return HttpResponse.text(403, "text/plain", "Invalid signature");
        }
        String sid = form.single("MessageSid").or(() -> form.single("SmsSid")).orElse("");
        String from = form.single("From").orElse("");
        if (sid.isEmpty() || sid.length() > 64 || from.isEmpty()) {
            return HttpResponse.text(400, "text/plain", "MessageSid and From are required");
        }
        SmsDelivery.Result result = delivery.deliver(new InboundSms(InboundSms.Provider.TWILIO, sid, from,
                form.single("To").orElse(""), form.single("Body").orElse("")));
        Log.info(TwilioWebhookHandler.class, request.requestId(), "sms_inbound",
                (result.firstDelivery() ? "first" : "redelivery") + (result.reply().isPresent() ? " reply" : ""));
        return HttpResponse.text(200, "text/xml; charset=utf-8", twiml(result.reply()));
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return HttpResponse.text(400, "text/plain", message);
    }

    /** The URL Twilio requested, rebuilt from what API Gateway passes on. */
    public static String publicUrl(HttpRequest request) {
        String proto = request.header("x-forwarded-proto").orElse("https");
        String host = request.header("host").orElse("");
        String query = request.rawQuery();
        return proto + "://" + host + request.path() + (query.isEmpty() ? "" : "?" + query);
    }

    static String twiml(Optional<String> reply) {
        if (reply.isEmpty()) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>" + xml(reply.get())
                + "</Message></Response>";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
