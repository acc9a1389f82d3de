package org.tellonce.core.staff;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.language.Language;
import org.tellonce.core.language.Messages;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.verify.ResidentSessions;
import org.tellonce.core.verify.Verification;
import org.tellonce.core.verify.VerificationStore;

/**
 * Staff sign in with their e-mail (SPEC section 11): a 6-digit code by e-mail, with the limits of
 * residents' codes (10 minutes, 5 wrong tries, 5 an hour, stored as a keyed hash), and after 5 wrong
 * codes the address is locked for 15 minutes, even to the right code. Unknown and disabled addresses
 * get the same answers and nothing is sent to them.
 */
public final class StaffSignIn {
    public static final int WRONG_CODES = 5;
    public static final Duration LOCK = Duration.ofMinutes(15);
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StaffStore staff;
    private final VerificationStore codes;
    private final SignInLock lock;
    private final ResidentKeys keys;
    private final StaffSessions sessions;
    private final EmailSender email;
    private final Clock clock;

    public StaffSignIn(StaffStore staff, VerificationStore codes, SignInLock lock, ResidentKeys keys,
                       StaffSessions sessions, EmailSender email, Clock clock) {
        this.staff = staff;
        this.codes = codes;
        this.lock = lock;
        this.keys = keys;
        this.sessions = sessions;
        this.email = email;
        this.clock = clock;
    }

    /** What asking for a code came to. */
    public sealed interface Request permits Sent, NotAnEmail, TooMany {
    }

    /** A code is on its way, or (unknown, disabled or locked address) silently not. */
    public record Sent() implements Request {
    }

    public record NotAnEmail() implements Request {
    }

    /** The address's 5 codes of this hour are used. */
    public record TooMany(Duration retryAfter) implements Request {
    }

    /** What typing a code came to. */
    public sealed interface Confirmation permits Confirmed, Refused, Locked {
    }

    public record Confirmed(StaffMember member, ResidentSessions.Issued session) implements Confirmation {
    }

    /** Wrong, expired, used, or no code was sent: one answer for all. */
    public record Refused() implements Confirmation {
    }

    /** Too many wrong codes: nothing is checked until {@code retryAfter} has passed. */
    public record Locked(Duration retryAfter) implements Confirmation {
    }

    public Request request(String rawEmail, Language language) {
        Optional<String> address = StaffEmail.parse(rawEmail);
        if (address.isEmpty()) {
            return new NotAnEmail();
        }
        String staffKey = keys.staffKey(address.get());
        Instant now = clock.instant();
        long hour = now.getEpochSecond() / 3600;
        if (!codes.countCode(staffKey, hour, Verification.CODES_PER_HOUR)) {
            return new TooMany(Duration.ofSeconds((hour + 1) * 3600 - now.getEpochSecond()));
        }
        if (lockedFor(staffKey, now).isEmpty() && enabled(staffKey).isPresent()) {
            send(staffKey, address.get(), language, now);
        }
        return new Sent();
    }

    public Confirmation confirm(String rawEmail, String rawCode) {
        Optional<String> address = StaffEmail.parse(rawEmail);
        String code = rawCode == null ? "" : rawCode.strip();
        if (address.isEmpty() || !CODE.matcher(code).matches()) {
            return new Refused();
        }
        String staffKey = keys.staffKey(address.get());
        Instant now = clock.instant();
        Optional<Duration> locked = lockedFor(staffKey, now);
        if (locked.isPresent()) {
            return new Locked(locked.get());
        }
        String given = keys.verificationCodeHash(staffKey, code);
        Optional<VerificationStore.PendingCode> pending = codes.code(staffKey)
                .filter(p -> now.isBefore(p.expires()) && p.wrongTries() < Verification.WRONG_TRIES);
        if (pending.isPresent() && Hashing.constantTimeEquals(given, pending.get().codeHash())) {
            return use(staffKey, given, now);
        }
        pending.ifPresent(p -> codes.countWrongTry(staffKey, p.codeHash(), Verification.WRONG_TRIES));
        return lock.countWrongCode(staffKey, WRONG_CODES, now.plus(LOCK)) ? new Locked(LOCK) : new Refused();
    }

    private Confirmation use(String staffKey, String codeHash, Instant now) {
        Optional<StaffStore.Stored> member = enabled(staffKey);
        if (member.isEmpty() || !codes.useCode(staffKey, codeHash, Verification.WRONG_TRIES, now)) {
            return new Refused();
        }
        lock.clear(staffKey);
        return new Confirmed(member.get().member(), sessions.issue(staffKey, member.get().generation()));
    }

    private void send(String staffKey, String address, Language language, Instant now) {
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        codes.saveCode(staffKey, keys.verificationCodeHash(staffKey, code), now.plus(Verification.CODE_LIFETIME));
        Messages messages = Messages.of(language);
        email.send(new EmailSender.Email(address, messages.get("staff.email.subject"),
                messages.get("staff.email.text", code)));
    }

    private Optional<StaffStore.Stored> enabled(String staffKey) {
        return staff.find(staffKey).filter(s -> s.member().enabled());
    }

    private Optional<Duration> lockedFor(String staffKey, Instant now) {
        return lock.lockedUntil(staffKey).filter(now::isBefore)
                .map(until -> Duration.ofSeconds(Math.max(1, until.getEpochSecond() - now.getEpochSecond())));
    }
}
