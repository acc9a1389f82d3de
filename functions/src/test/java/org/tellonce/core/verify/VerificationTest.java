package org.tellonce.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tellonce.core.language.Language;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.resident.ResidentRecords;
import org.tellonce.core.story.Reference;
import org.tellonce.testing.ManualClock;

/** The limits of proving a contact by code, on a clock the test moves. */
class VerificationTest {
    private static final String EMAIL = "ana@example.org";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:05:00Z"));
    private final Codes codes = new Codes();
    private final List<String> mails = new ArrayList<>();
    private final Verification verification = new Verification(codes, new NoRecords(),
            new ResidentKeys("a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8)),
            new CodeCourier(null, provider -> (to, body) -> { }, email -> mails.add(email.text())),
            new ResidentSessions(new Sessions(), clock), clock);

    @Test
    void aCodeWorksForTenMinutesAndNotAMomentLonger() {
        verification.request(EMAIL, Language.EN);
        String code = lastCode();
        clock.advance(Verification.CODE_LIFETIME.minusSeconds(1));
        verification.request(EMAIL, Language.EN);
        String second = lastCode();
        clock.advance(Verification.CODE_LIFETIME);

        assertThat(verification.confirm(EMAIL, second)).as("ten minutes on").isInstanceOf(Verification.Refused.class);
        assertThat(verification.confirm(EMAIL, code)).as("replaced by the second").isInstanceOf(Verification.Refused.class);
        verification.request(EMAIL, Language.EN);
        clock.advance(Verification.CODE_LIFETIME.minusSeconds(1));
        assertThat(verification.confirm(EMAIL, lastCode())).isInstanceOf(Verification.Confirmed.class);
    }

    @Test
    void theSixthCodeOfAnHourWaitsForTheNextHourAndNoCodeIsStoredInClear() {
        for (int i = 0; i < Verification.CODES_PER_HOUR; i++) {
            assertThat(verification.request(EMAIL, Language.EN)).isInstanceOf(Verification.Sent.class);
        }

        Verification.Request sixth = verification.request(EMAIL, Language.EN);

        assertThat(sixth).isEqualTo(new Verification.TooMany(Duration.ofMinutes(55)));
        assertThat(mails).hasSize(5);
        assertThat(codes.codes.values()).noneMatch(p -> p.codeHash().contains(lastCode()));
        clock.advance(Duration.ofMinutes(55));
        assertThat(verification.request(EMAIL, Language.EN)).isInstanceOf(Verification.Sent.class);
    }

    @Test
    void fiveWrongTriesKillTheCodeEvenForTheRightOne() {
        verification.request(EMAIL, Language.EN);
        String code = lastCode();
        String wrong = String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
        for (int i = 0; i < Verification.WRONG_TRIES; i++) {
            assertThat(verification.confirm(EMAIL, wrong)).isInstanceOf(Verification.Refused.class);
        }

        assertThat(verification.confirm(EMAIL, code)).isInstanceOf(Verification.Refused.class);
    }

    private String lastCode() {
        Matcher m = Pattern.compile("\\b([0-9]{6})\\b").matcher(mails.get(mails.size() - 1));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The table's conditions, in memory. */
    private static final class Codes implements VerificationStore {
        final Map<String, PendingCode> codes = new HashMap<>();
        final Map<String, Integer> budget = new HashMap<>();

        @Override
        public boolean countCode(String residentKey, long epochHour, int limit) {
            return budget.merge(residentKey + "|" + epochHour, 1, Integer::sum) <= limit;
        }

        @Override
        public void saveCode(String residentKey, String codeHash, Instant expires) {
            codes.put(residentKey, new PendingCode(codeHash, expires, 0));
        }

        @Override
        public Optional<PendingCode> code(String residentKey) {
            return Optional.ofNullable(codes.get(residentKey));
        }

        @Override
        public void countWrongTry(String residentKey, String codeHash, int max) {
            codes.computeIfPresent(residentKey, (k, p) -> p.codeHash().equals(codeHash) && p.wrongTries() < max
                    ? new PendingCode(p.codeHash(), p.expires(), p.wrongTries() + 1) : p);
        }

        @Override
        public boolean useCode(String residentKey, String codeHash, int max, Instant now) {
            PendingCode p = codes.get(residentKey);
            if (p == null || !p.codeHash().equals(codeHash) || p.wrongTries() >= max || !now.isBefore(p.expires())) {
                return false;
            }
            codes.remove(residentKey);
            return true;
        }

        @Override
        public void markVerified(String residentKey, Instant at) {
        }

        @Override
        public boolean verified(String residentKey) {
            return false;
        }
    }

    private static final class NoRecords implements ResidentRecords {
        @Override
        public List<Reference> stories(String residentKey) {
            return List.of();
        }

        @Override
        public int proveStories(String residentKey) {
            return 0;
        }

        @Override
        public boolean replyNotifications(String residentKey) {
            return false;
        }

        @Override
        public void setReplyNotifications(String residentKey, boolean on) {
        }

        @Override
        public void forget(String residentKey) {
        }
    }

    private static final class Sessions implements ResidentSessionStore {
        @Override
        public void save(String tokenHash, String residentKey, Instant expires) {
        }

        @Override
        public Optional<Stored> find(String tokenHash) {
            return Optional.empty();
        }

        @Override
        public void delete(String tokenHash) {
        }
    }
}
