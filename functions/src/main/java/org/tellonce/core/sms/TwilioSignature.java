package org.tellonce.core.sms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature: HMAC-SHA1, keyed with the account's auth token, over the full URL
 * Twilio requested followed by every POST parameter name and value, sorted by name; base64.
 */
public final class TwilioSignature {
    private final byte[] authToken;

    public TwilioSignature(String authToken) {
        this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
    }

    public String sign(String url, Map<String, List<String>> parameters) {
        StringBuilder data = new StringBuilder(url);
        List<String> names = new ArrayList<>(parameters.keySet());
        names.sort(null);
        for (String name : names) {
            for (String value : parameters.get(name)) {
                data.append(name).append(value);
            }
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison with the signature Twilio sent. */
    public boolean valid(String url, Map<String, List<String>> parameters, String signature) {
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(sign(url, parameters).getBytes(StandardCharsets.UTF_8),
                signature.trim().getBytes(StandardCharsets.UTF_8));
    }
}
