package org.tellonce.core.verify;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.intake.ContactParser;
import org.tellonce.core.language.Language;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.resident.ResidentRecords;
import org.tellonce.core.story.Contact;

/**
 * Proving a contact by code (SPEC section 10): a 6-digit code, living 10 minutes and dying after 5
 * wrong tries, at most 5 a contact an hour, stored only as a keyed hash. Whether any story exists for
 * the contact changes nothing in the answer; a right code proves the stories told from that contact so
 * far and opens a resident session.
 */
public final class Verification {
    public static final int CODES_PER_HOUR = 5;
    public static final int WRONG_TRIES = 5;
    public static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VerificationStore store;
    private final ResidentRecords records;
    private final ResidentKeys keys;
    private final CodeCourier courier;
    private final ResidentSessions sessions;
    private final Clock clock;

    public Verification(VerificationStore store, ResidentRecords records, ResidentKeys keys, CodeCourier courier,
                        ResidentSessions sessions, Clock clock) {
        this.store = store;
        this.records = records;
        this.keys = keys;
        this.courier = courier;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** What asking for a code came to. */
    public sealed interface Request permits Sent, NotAContact, TooMany {
    }

    /** A code is on its way (or, for a number that sent STOP, silently not: the answer is the same). */
    public record Sent() implements Request {
    }

    public record NotAContact() implements Request {
    }

    /** The contact's 5 codes of this hour are used; the next hour starts in {@code retryAfter}. */
    public record TooMany(Duration retryAfter) implements Request {
    }

    /** What typing a code came to. */
    public sealed interface Confirmation permits Confirmed, Refused {
    }

    public record Confirmed(String residentKey, ResidentSessions.Issued session) implements Confirmation {
    }

    /** Wrong, expired, used, tried too often, or no code was asked for: one answer for all. */
    public record Refused() implements Confirmation {
    }

    public Request request(String rawContact, Language language) {
        Optional<Contact> contact = ContactParser.parse(rawContact == null ? "" : rawContact);
        if (contact.isEmpty()) {
            return new NotAContact();
        }
        String residentKey = keys.of(contact.get());
        Instant now = clock.instant();
        long hour = now.getEpochSecond() / 3600;
        if (!store.countCode(residentKey, hour, CODES_PER_HOUR)) {
            return new TooMany(Duration.ofSeconds((hour + 1) * 3600 - now.getEpochSecond()));
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        store.saveCode(residentKey, keys.verificationCodeHash(residentKey, code), now.plus(CODE_LIFETIME));
        courier.send(contact.get(), residentKey, language, code);
        return new Sent();
    }

    public Confirmation confirm(String rawContact, String rawCode) {
        Optional<Contact> contact = ContactParser.parse(rawContact == null ? "" : rawContact);
        String code = rawCode == null ? "" : rawCode.strip();
        if (contact.isEmpty() || !CODE.matcher(code).matches()) {
            return new Refused();
        }
        String residentKey = keys.of(contact.get());
        Instant now = clock.instant();
        Optional<VerificationStore.PendingCode> pending = store.code(residentKey)
                .filter(p -> now.isBefore(p.expires()) && p.wrongTries() < WRONG_TRIES);
        if (pending.isEmpty()) {
            return new Refused();
        }
        String given = keys.verificationCodeHash(residentKey, code);
        if (!Hashing.constantTimeEquals(given, pending.get().codeHash())) {
            store.countWrongTry(residentKey, pending.get().codeHash(), WRONG_TRIES);
            return new Refused();
        }
        if (!store.useCode(residentKey, given, WRONG_TRIES, now)) {
            return new Refused();
        }
        store.markVerified(residentKey, now);
        records.proveStories(residentKey);
        return new Confirmed(residentKey, sessions.issue(residentKey));
    }
}
