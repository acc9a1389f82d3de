package org.tellonce.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.tellonce.crypto.Hashing;

/**
 * The partner inbox's sign-in: the API key is checked once and exchanged for a short-lived session
 * cookie, so the key never sits in a cookie or a URL. The cookie is a token of partner id and
 * expiry, MACed with a key derived from the server secret; nothing is stored. Whether the partner
 * is still enabled is checked on every request, so disabling one closes its sessions at once.
 */
public final class PartnerSession {
    public static final String COOKIE = "tellonce_partner";
    public static final Duration LIFETIME = Duration.ofMinutes(30);
    /** The inbox's pages and forms; the partner API ignores the cookie. */
    public static final String PATH = "/partner";
    private static final Pattern PARTNER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Supplier<byte[]> key;
    private final Clock clock;

    /** The key is asked for only when a session is made or read. */
    public PartnerSession(Supplier<byte[]> key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** A new session token for the partner, valid for {@link #LIFETIME}. */
    public String issue(String partnerId) {
        if (!PARTNER_ID.matcher(partnerId).matches()) {
            throw new IllegalArgumentException("partner id");
        }
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        String payload = "v1|" + partnerId + "|" + expires;
        return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(mac(payload));
    }

    /** The partner a token was issued to, or empty when it is forged, altered, expired or not ours. */
    public Optional<String> partnerId(String token) {
        if (token == null || token.isEmpty() || token.length() > 300) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(given, mac(payload))) {
                return Optional.empty();
            }
            String[] parts = payload.split("\\|", -1);
            if (parts.length != 3 || !parts[0].equals("v1") || !PARTNER_ID.matcher(parts[1]).matches()) {
                return Optional.empty();
            }
            long expires = Long.parseLong(parts[2]);
            return clock.instant().getEpochSecond() < expires ? Optional.of(parts[1]) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String setCookie(String token) {
        return COOKIE + "=" + token + "; Path=" + PATH + "; Max-Age=" + LIFETIME.toSeconds()
                + "; HttpOnly; Secure; SameSite=Strict";
    }

    public static String clearCookie() {
        return COOKIE + "=; Path=" + PATH + "; Max-Age=0; HttpOnly; Secure; SameSite=Strict";
    }

    private byte[] mac(String payload) {
        return Hashing.hmacSha256(key.get(), payload);
    }
}
