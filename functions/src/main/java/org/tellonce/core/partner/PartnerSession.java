package org.tellonce.core.partner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.story.PartnerId;

/**
 * The partner inbox's sign-in: the API key is checked once and exchanged for a short-lived session
 * cookie, so the key never sits in a cookie or a URL. The cookie is a token of partner id, expiry
 * and a tag of the API key it was opened with (a MAC of the key's hash, so it reveals nothing about
 * the key) and a random session id, MACed with a key derived from the server secret. Signing out
 * ends the session on the server (its id is remembered as ended until it would have expired), so a
 * copied cookie opens nothing afterwards. On every request the partner is read as it is now:
 * disabling it closes its sessions at once, and so does rotating its key (the session's key tag no
 * longer matches the partner's current key).
 */
public final class PartnerSession {
    public static final String COOKIE = "tellonce_partner";
    public static final Duration LIFETIME = Duration.ofMinutes(30);
    /** The inbox's pages and forms; the partner API ignores the cookie. */
    public static final String PATH = "/partner";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String VERSION = "v3";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<byte[]> key;
    private final Clock clock;
    private final EndedSessions ended;

    /** The key is asked for only when a session is made or read. */
    public PartnerSession(Supplier<byte[]> key, Clock clock, EndedSessions ended) {
        this.key = key;
        this.clock = clock;
        this.ended = ended;
    }

    /** What a valid session token says: whose it is, which of its API keys opened it, its id and end. */
    public record Session(String partnerId, String keyTag, String id, Instant expires) {
    }

    /** The sessions signed out before they expired. */
    public interface EndedSessions {
        /** Remembers the session as ended, at least until {@code expires}. */
        void end(String sessionId, Instant expires);

        boolean ended(String sessionId);
    }

    /**
     * A new session token for the partner, valid for {@link #LIFETIME} and only while {@code keyHash}
     * (the SHA-256 of the API key it signed in with) is the partner's current key.
     */
    public String issue(String partnerId, String keyHash) {
        if (!PartnerId.isValid(partnerId)) {
            throw new IllegalArgumentException("partner id");
        }
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String payload = String.join("|", VERSION, partnerId, Long.toString(expires), keyTag(keyHash),
                B64.encodeToString(id));
        return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(mac(payload));
    }

    /** The partner a token was issued to, or empty when it is forged, altered, expired or not ours. */
    public Optional<String> partnerId(String token) {
        return read(token).map(Session::partnerId);
    }

    /**
     * The session a token holds, or empty when it is forged, altered, expired, signed out or not ours
     * (tokens of earlier formats, without a session id, are no longer accepted: they sign in again).
     */
    public Optional<Session> read(String token) {
        return verify(token).filter(session -> !ended.ended(session.id()));
    }

    /** Signs the token's session out on the server: it opens nothing from now on, in any browser. */
    public void end(String token) {
        verify(token).ifPresent(session -> ended.end(session.id(), session.expires()));
    }

    private Optional<Session> verify(String token) {
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
            if (parts.length != 5 || !parts[0].equals(VERSION) || !PartnerId.isValid(parts[1])
                    || parts[3].isEmpty() || parts[4].isEmpty()) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
            return clock.instant().isBefore(expires) ? Optional.of(new Session(parts[1], parts[3], parts[4], expires))
                    : Optional.empty();
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

    /** Whether the session was opened with the key whose hash is {@code currentKeyHash}. */
    public boolean openedWith(Session session, String currentKeyHash) {
        return currentKeyHash != null && !currentKeyHash.isEmpty()
                && MessageDigest.isEqual(session.keyTag().getBytes(StandardCharsets.US_ASCII),
                keyTag(currentKeyHash).getBytes(StandardCharsets.US_ASCII));
    }

    /** 96 bits of a MAC of the key's hash: binds the session to the key without carrying the hash. */
    private String keyTag(String keyHash) {
        byte[] tag = java.util.Arrays.copyOf(mac("api-key|" + keyHash), 12);
        return B64.encodeToString(tag);
    }

    private byte[] mac(String payload) {
        return Hashing.hmacSha256(key.get(), payload);
    }
}
