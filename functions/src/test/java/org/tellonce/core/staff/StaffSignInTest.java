package org.tellonce.core.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.language.Language;
import org.tellonce.core.partner.InMemoryPartnerStore;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.testing.ManualClock;

/** The staff sign-in rules with in-memory stores and a clock the test moves (SPEC §11). */
class StaffSignInTest {
    private static final String EMAIL = "sam@partner.example";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:05:00Z"));
    private final InMemoryStaff staff = new InMemoryStaff();
    private final ResidentKeys keys = new ResidentKeys("a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8));
    private final List<EmailSender.Email> sent = new ArrayList<>();
    private final StaffSessions sessions = new StaffSessions(new InMemorySessions(), staff, clock);
    private final StaffSignIn signIn = new StaffSignIn(staff, staff, staff, keys, sessions, sent::add, clock);

    @Test
    void theLockEndsAfter15MinutesAndTheRightCodeThenSignsIn() {
        add("moderator", Optional.empty());
        signIn.request(EMAIL, Language.EN);
        String code = lastCode();
        for (int i = 0; i < StaffSignIn.WRONG_CODES; i++) {
            signIn.confirm(EMAIL, wrong(code));
        }

        StaffSignIn.Confirmation locked = signIn.confirm(EMAIL, code);
        clock.advance(Duration.ofMinutes(4));
        StaffSignIn.Confirmation stillLocked = signIn.confirm(EMAIL, code);
        clock.advance(StaffSignIn.LOCK);
        signIn.request(EMAIL, Language.EN);
        StaffSignIn.Confirmation after = signIn.confirm(EMAIL, lastCode());

        assertThat(locked).isInstanceOf(StaffSignIn.Locked.class);
        assertThat(((StaffSignIn.Locked) stillLocked).retryAfter()).isEqualTo(Duration.ofMinutes(11));
        assertThat(after).isInstanceOf(StaffSignIn.Confirmed.class);
    }

    @Test
    void aCodeDiesAfter10Minutes() {
        add("moderator", Optional.empty());
        signIn.request(EMAIL, Language.EN);

        clock.advance(Duration.ofMinutes(10));

        assertThat(signIn.confirm(EMAIL, lastCode())).isInstanceOf(StaffSignIn.Refused.class);
    }

    @Test
    void theAddressIsReadAsTypedInAnyCase() {
        add("reader", Optional.of("healthwatch"));
        signIn.request("  SAM@Partner.Example ", Language.CY);

        StaffSignIn.Confirmation confirmed = signIn.confirm("Sam@partner.example", lastCode());

        assertThat(sent).singleElement().satisfies(e -> assertThat(e.to()).isEqualTo(EMAIL));
        assertThat(confirmed).isInstanceOfSatisfying(StaffSignIn.Confirmed.class,
                c -> assertThat(c.member().partnerId()).contains("healthwatch"));
    }

    @Test
    void aSixthCodeInAnHourIsTooManyForKnownAndUnknownAlike() {
        add("moderator", Optional.empty());
        for (int i = 0; i < 5; i++) {
            signIn.request(EMAIL, Language.EN);
            signIn.request("nobody@partner.example", Language.EN);
        }

        assertThat(signIn.request(EMAIL, Language.EN)).isInstanceOf(StaffSignIn.TooMany.class);
        assertThat(signIn.request("nobody@partner.example", Language.EN)).isInstanceOf(StaffSignIn.TooMany.class);
        assertThat(sent).hasSize(5);
    }

    @Test
    void aSessionEndsWhenThePersonIsDisabledOrTheSessionExpires() {
        add("safeguarding", Optional.empty());
        String first = session();
        clock.advance(StaffSessions.LIFETIME);
        assertThat(sessions.member(first)).as("expired after 8 hours").isEmpty();
        String second = session();
        String third = session();
        assertThat(sessions.member(second)).isPresent();

        staff.disable(keys.staffKey(EMAIL));

        assertThat(sessions.member(second)).isEmpty();
        assertThat(sessions.member(third)).isEmpty();
    }

    @Test
    void partnerRolesNeedAPartnerAndPartnershipRolesRefuseOne() {
        StaffAdmin admin = new StaffAdmin(staff, new InMemoryPartnerStore(), keys);

        assertThat(Role.of("Partner-Admin")).contains(Role.PARTNER_ADMIN);
        assertThat(Role.values()).extracting(Role::wire).containsExactly("reader", "responder", "partner-admin",
                "moderator", "safeguarding", "partnership-admin");
        assertThat(catchThrowable(() -> admin.add(EMAIL, "Sam", "reader",
                Optional.empty(), Optional.empty()))).hasMessageContaining("--partner");
        assertThat(catchThrowable(() -> admin.add(EMAIL, "Sam", "moderator",
                Optional.of("healthwatch"), Optional.empty()))).hasMessageContaining("partnership-wide");
        assertThat(new StaffMember(EMAIL, "Sam Jones", Role.MODERATOR, Optional.empty(), Optional.of("+447700900123"),
                true).toString()).doesNotContain(EMAIL, "Sam", "+447700900123");
    }

    private void add(String role, Optional<String> partner) {
        staff.put(keys.staffKey(EMAIL), new StaffMember(EMAIL, "Sam Jones", Role.of(role).orElseThrow(), partner,
                Optional.empty(), true));
    }

    private String session() {
        signIn.request(EMAIL, Language.EN);
        return ((StaffSignIn.Confirmed) signIn.confirm(EMAIL, lastCode())).session().token();
    }

    private String lastCode() {
        Matcher m = Pattern.compile("\\b([0-9]{6})\\b").matcher(sent.get(sent.size() - 1).text());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }
}
