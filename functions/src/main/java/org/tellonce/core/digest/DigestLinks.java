package org.tellonce.core.digest;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.tellonce.core.crypto.Hashing;

/**
 * The links a digest e-mail holds. The opt-out link names the person by their staff key (a keyed hash,
 * never the address) with a MAC, so it works without signing in and no one can make one for another.
 */
public final class DigestLinks {
    public static final String UNSUBSCRIBE_PATH = "/staff/digest/unsubscribe";
    private static final Pattern STAFF_KEY = Pattern.compile("[0-9a-f]{64}");
    private static final int MAC_BYTES = 16;

    private final Supplier<byte[]> key;
    private final String publicUrl;

    public DigestLinks(Supplier<byte[]> key, String publicUrl) {
        this.key = key;
        this.publicUrl = publicUrl;
    }

    public String inbox() {
        return publicUrl + "/partner";
    }

    public String story(String storyId) {
        return publicUrl + "/partner/inbox/" + storyId;
    }

    public String unsubscribe(String staffKey) {
        return publicUrl + UNSUBSCRIBE_PATH + "?token=" + token(staffKey);
    }

    public String token(String staffKey) {
        return staffKey + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(staffKey));
    }

    /** The staff key the token names, or empty when it is not one we made. */
    public Optional<String> staffKey(String token) {
        int dot = token == null || token.length() > 200 ? -1 : token.indexOf('.');
        if (dot < 0 || !STAFF_KEY.matcher(token.substring(0, dot)).matches()) {
            return Optional.empty();
        }
        String staffKey = token.substring(0, dot);
        try {
            byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            return MessageDigest.isEqual(given, mac(staffKey)) ? Optional.of(staffKey) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String staffKey) {
        return Arrays.copyOf(Hashing.hmacSha256(key.get(), "digest-unsubscribe|" + staffKey), MAC_BYTES);
    }
}
