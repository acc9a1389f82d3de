package org.tellonce.core.verify;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tellonce.core.crypto.Hashing;

/**
 * A resident's session after proving their contact: a random token (256 bits) given to them once, kept
 * on the server only as its hash with the resident key and an expiry, so it can be ended at once.
 */
public final class ResidentSessions {
    public static final Duration LIFETIME = Duration.ofMinutes(30);
    public static final String COOKIE = "tellonce_resident";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ResidentSessionStore store;
    private final Clock clock;
    private final Duration lifetime;

    public ResidentSessions(ResidentSessionStore store, Clock clock) {
        this(store, clock, LIFETIME);
    }

    /** Sessions of another length, over another store: staff sessions are made the same way. */
    public ResidentSessions(ResidentSessionStore store, Clock clock, Duration lifetime) {
        this.store = store;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A new session: the token goes to the resident, never into a log. */
    public record Issued(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    public Issued issue(String residentKey) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant expires = clock.instant().plus(lifetime);
        store.save(Hashing.sha256Hex(token), residentKey, expires);
        return new Issued(token, expires);
    }

    /** The resident a token belongs to, while its session is open. */
    public Optional<String> residentKey(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.find(Hashing.sha256Hex(token)).filter(s -> now.isBefore(s.expires()))
                .map(ResidentSessionStore.Stored::residentKey);
    }

    /** Ends the session on the server: the token opens nothing from now on. */
    public void end(String token) {
        if (token != null && TOKEN.matcher(token).matches()) {
            store.delete(Hashing.sha256Hex(token));
        }
    }
}
