package org.tellonce.core.feed;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.tellonce.core.crypto.Hashing;

/**
 * Opaque, tamper-proof feed cursors: the position in the partner's feed, MACed together with the
 * partner's id, so an edited cursor or another partner's cursor is refused.
 */
public final class FeedCursor {
    private static final int MAC_BYTES = 16;
    private final java.util.function.Supplier<byte[]> key;

    /** The key is asked for only when a cursor is made or read. */
    public FeedCursor(java.util.function.Supplier<byte[]> key) {
        this.key = key;
    }

    public FeedCursor(byte[] key) {
        byte[] copy = key.clone();
        this.key = () -> copy;
    }

    public String encode(String partnerId, long seq) {
        String payload = "v1:" + seq;
        byte[] mac = Arrays.copyOf(Hashing.hmacSha256(key.get(), partnerId + "|" + payload), MAC_BYTES);
        String token = payload + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes(StandardCharsets.UTF_8));
    }

    /** The position, or empty when the cursor is not one we issued to this partner. */
    public Optional<Long> decode(String partnerId, String cursor) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > 200) {
            return Optional.empty();
        }
        try {
            String token = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int last = token.lastIndexOf(':');
            if (last < 0 || !token.startsWith("v1:")) {
                return Optional.empty();
            }
            String payload = token.substring(0, last);
            byte[] given = Base64.getUrlDecoder().decode(token.substring(last + 1));
            byte[] expected = Arrays.copyOf(Hashing.hmacSha256(key.get(), partnerId + "|" + payload), MAC_BYTES);
            if (!java.security.MessageDigest.isEqual(given, expected)) {
                return Optional.empty();
            }
            long seq = Long.parseLong(payload.substring(3));
            return seq < 0 ? Optional.empty() : Optional.of(seq);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
