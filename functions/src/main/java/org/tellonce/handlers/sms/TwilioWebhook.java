package org.tellonce.handlers.sms;

import java.util.Optional;
import org.tellonce.core.sms.InboundSms;
import org.tellonce.core.sms.TwilioSignature;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.telemetry.Log;

/** Twilio's webhook at the edge: a signed form in, TwiML out. */
public final class TwilioWebhook {
    private static final int BODY_MAX = 64 * 1024;

    private TwilioWebhook() {
    }

    /** The message Twilio sent, or the answer refusing the request (nothing is stored then). */
    record Read(Optional<InboundSms> message, Optional<HttpResponse> refusal) {
        static Read refused(int status, String why) {
            return new Read(Optional.empty(), Optional.of(HttpResponse.text(status, "text/plain", why)));
        }
    }

    /** The signature is checked over the public URL rebuilt as API Gateway saw it, before anything is read. */
    static Read read(HttpRequest request, TwilioSignature signature) {
        if (request.body().length > BODY_MAX) {
            return Read.refused(413, "Too large");
        }
        if (!request.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent()) {
            return Read.refused(415, "Twilio webhooks are form-encoded");
        }
        FormBody form = FormBody.parse(request.body());
        if (!signature.valid(publicUrl(request), form.asMap(), request.header("x-twilio-signature").orElse(null))) {
            Log.warn(TwilioWebhookHandler.class, request.requestId(), "twilio_signature_rejected", null);
            return Read.refused(403, "Invalid signature");
        }
        String sid = form.single("MessageSid").or(() -> form.single("SmsSid")).orElse("");
        String from = form.single("From").orElse("");
        if (sid.isEmpty() || sid.length() > 64 || from.isEmpty()) {
            return Read.refused(400, "MessageSid and From are required");
        }
        return new Read(Optional.of(new InboundSms(InboundSms.Provider.TWILIO, sid, from,
                form.single("To").orElse(""), form.single("Body").orElse(""))), Optional.empty());
    }

    /** The URL Twilio requested, rebuilt from what API Gateway passes on. */
    public static String publicUrl(HttpRequest request) {
        String proto = request.header("x-forwarded-proto").orElse("https");
        String host = request.header("host").orElse("");
        String query = request.rawQuery();
        return proto + "://" + host + request.path() + (query.isEmpty() ? "" : "?" + query);
    }

    /** The reply, if any, as TwiML: Twilio texts it back. */
    static HttpResponse answer(Optional<String> reply) {
        return HttpResponse.text(200, "text/xml; charset=utf-8", twiml(reply));
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
