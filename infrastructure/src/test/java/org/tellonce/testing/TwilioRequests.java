package org.tellonce.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook requests as Twilio sends them, signed here independently of the product's
 * {@code TwilioSignature}: HMAC-SHA1 (auth token) over the URL followed by each parameter's name and
 * value, sorted by name, base64 — Twilio's documented scheme, checked against openssl vectors in
 * {@code TwilioSignatureTest}.
 */
public final class TwilioRequests {
    private TwilioRequests() {
    }

    /** A form body and its signature for {@code url}. @param fields name, value, name, value, ... */
    public record Signed(String body, String signature) {
    }

    public static Signed sign(String authToken, String url, String... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name, value pairs");
        }
        List<String[]> pairs = new ArrayList<>();
        StringJoiner body = new StringJoiner("&");
        for (int i = 0; i < fields.length; i += 2) {
            pairs.add(new String[] {fields[i], fields[i + 1]});
            body.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        pairs.sort((a, b) -> a[0].compareTo(b[0]));
        StringBuilder data = new StringBuilder(url);
        pairs.forEach(p -> data.append(p[0]).append(p[1]));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return new Signed(body.toString(),
                    Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An inbound SMS as Twilio posts it. */
    public static Signed message(String authToken, String url, String messageSid, String from, String to,
                                 String body) {
        return sign(authToken, url, "ToCountry", "GB", "SmsMessageSid", messageSid, "NumMedia", "0",
                "SmsSid", messageSid, "SmsStatus", "received", "Body", body, "FromCountry", "GB", "To", to,
                "NumSegments", "1", "MessageSid", messageSid, "AccountSid", "AC0123456789abcdef0123456789abcdef",
                "From", from, "ApiVersion", "2010-04-01");
    }
}
