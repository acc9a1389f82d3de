package org.tellonce.core.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing: {@code v1,} and the base64 HMAC-SHA256 of {@code "{id}.{timestamp}.{body}"}
 * keyed with the secret's bytes (SPEC section 14).
 */
public final class Signature {
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private Signature() {
    }

    /** @param timestamp seconds since the epoch, as the {@code webhook-timestamp} header says */
    public static String sign(String secret, String id, long timestamp, String body) {
        byte[] key = WebhookSecret.key(secret).orElseThrow(() ->
                new IllegalArgumentException("The webhook secret is not a whsec_ secret"));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signed = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signed);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * What a receiver does: one of the space-separated {@code v1,} signatures matches, compared in
     * constant time. (Receivers should also refuse a timestamp more than 5 minutes from their clock.)
     */
    public static boolean verify(String secret, String id, long timestamp, String body, String header) {
        if (header == null || WebhookSecret.key(secret).isEmpty()) {
            return false;
        }
        byte[] expected = sign(secret, id, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : header.trim().split(" +")) {
            if (java.security.MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }
}
