package org.tellonce.core.webhook;

import java.util.Base64;
import java.util.Optional;
import org.tellonce.core.crypto.Hashing;

/**
 * A signing secret as Standard Webhooks writes it: {@code whsec_} and the base64 of 32 random bytes.
 * Shown to the partner once; stored sealed.
 */
public final class WebhookSecret {
    public static final String PREFIX = "whsec_";
    private static final int BYTES = 32;

    private WebhookSecret() {
    }

    public static String generate() {
        byte[] key = new byte[BYTES];
        Hashing.random().nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The key's bytes: what follows {@code whsec_}, base64-decoded; empty for anything else. */
    public static Optional<byte[]> key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            return key.length == 0 ? Optional.empty() : Optional.of(key);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
