package org.tellonce.core.safeguarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.moderation.Concern;
import org.tellonce.core.sms.SmsSender;
import org.tellonce.core.staff.Role;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.core.story.Reference;

class SafeguardingAlertsTest {
    private static final Instant HELD = Instant.parse("2026-03-02T10:00:00Z");
    private static final Reference REF = new Reference("TO-ABC234");
    private static final String STORY_ID = "0b6f6a3e-3f7e-4c5d-9d3b-1a2b3c4d5e6f";

    private final Store store = new Store();
    private final List<SafeguardingAlerts.Recipient> staff = new ArrayList<>();
    private final Emails emails = new Emails();
    private final Texts texts = new Texts();
    private final SafeguardingAlerts alerts = new SafeguardingAlerts(store, () -> staff, emails, texts,
            "https://tellonce.example");

    private void hireTheUsualStaff() {
        staff.add(person("safe", "safe@council.example", Role.SAFEGUARDING, Optional.of("+447700900001"), true));
        staff.add(person("admin", "admin@partnership.example", Role.PARTNERSHIP_ADMIN, Optional.empty(), true));
        staff.add(person("mod", "mod@partnership.example", Role.MODERATOR, Optional.of("+447700900002"), true));
        staff.add(person("gone", "gone@partnership.example", Role.SAFEGUARDING, Optional.of("+447700900003"), false));
        staff.add(new SafeguardingAlerts.Recipient("reader", new StaffMember("reader@council.example", "R",
                Role.READER, Optional.of("council"), Optional.of("+447700900004"), true)));
    }

    @Test
    void aFlaggedStoryAlertsEverySafeguardingAndPartnershipAdminByEmailAndThoseWithAPhoneBySms() {
        hireTheUsualStaff();
        store.hold(REF, List.of(Concern.RISK_TO_LIFE), HELD);

        SafeguardingAlerts.Result result = alerts.alert(REF, HELD.plusSeconds(3));

        assertThat(result).isEqualTo(new SafeguardingAlerts.Result(3, 0));
        assertThat(emails.to()).containsExactlyInAnyOrder("safe@council.example", "admin@partnership.example");
        assertThat(texts.to()).containsExactly("+447700900001");
        EmailSender.Email email = emails.sent.get(0);
        assertThat(email.subject()).contains("TO-ABC234").contains("safeguarding");
        assertThat(email.text()).contains("TO-ABC234", "risk to life or self-harm", "less than a minute",
                "https://tellonce.example/moderation/stories/TO-ABC234");
        assertThat(texts.sent.get(0)[1]).contains("TO-ABC234", "risk to life or self-harm",
                "https://tellonce.example/moderation/stories/TO-ABC234");
    }

    @Test
    void aSecondDeliveryOfTheSameStoryWithinHalfAnHourSendsNothingMore() {
        hireTheUsualStaff();
        store.hold(REF, List.of(Concern.DOMESTIC_ABUSE), HELD);
        alerts.alert(REF, HELD);

        SafeguardingAlerts.Result again = alerts.alert(REF, HELD.plus(Duration.ofMinutes(29)));

        assertThat(again).isEqualTo(new SafeguardingAlerts.Result(0, 0));
        assertThat(emails.sent).hasSize(2);
        assertThat(texts.sent).hasSize(1);
    }

    @Test
    void aFailedSendIsRetriedAloneWhileThoseAlreadyReachedAreNotAlertedTwice() {
        hireTheUsualStaff();
        store.hold(REF, List.of(Concern.RISK_TO_LIFE), HELD);
        emails.failFor = "admin@partnership.example";

        SafeguardingAlerts.Result first = alerts.alert(REF, HELD);
        assertThat(first).isEqualTo(new SafeguardingAlerts.Result(2, 1));

        emails.failFor = null;
        SafeguardingAlerts.Sweep retry = alerts.sweep(HELD.plus(Duration.ofMinutes(5)));

        assertThat(retry.sent()).isEqualTo(1);
        assertThat(retry.failed()).isZero();
        assertThat(emails.to()).containsExactlyInAnyOrder("safe@council.example", "admin@partnership.example");
        assertThat(texts.sent).hasSize(1);
    }

    @Test
    void anAlertUnansweredForHalfAnHourGoesAgainToEveryoneOncePerHalfHour() {
        hireTheUsualStaff();
        store.hold(REF, List.of(Concern.MEDICAL_EMERGENCY), HELD);
        alerts.alert(REF, HELD);

        alerts.sweep(HELD.plus(Duration.ofMinutes(25)));
        assertThat(emails.sent).hasSize(2);

        SafeguardingAlerts.Sweep resend = alerts.sweep(HELD.plus(Duration.ofMinutes(30)));
        assertThat(resend.sent()).isEqualTo(3);
        assertThat(emails.sent).hasSize(4);
        assertThat(emails.sent.get(3).subject()).startsWith("Reminder");
        assertThat(emails.sent.get(3).text()).contains("Held for: 30 minutes");
        assertThat(texts.sent).hasSize(2);

        alerts.sweep(HELD.plus(Duration.ofMinutes(35)));
        alerts.sweep(HELD.plus(Duration.ofMinutes(55)));
        assertThat(emails.sent).hasSize(4);

        alerts.sweep(HELD.plus(Duration.ofMinutes(60)));
        assertThat(emails.sent).hasSize(6);
        assertThat(emails.sent.get(5).text()).contains("Held for: 1 hour");
    }

    @Test
    void aStoryDecidedOrErasedIsNotAlertedAgain() {
        hireTheUsualStaff();
        store.hold(REF, List.of(Concern.RISK_TO_LIFE), HELD);
        alerts.alert(REF, HELD);
        store.decide(REF);

        SafeguardingAlerts.Sweep later = alerts.sweep(HELD.plus(Duration.ofHours(2)));

        assertThat(later.sent()).isZero();
        assertThat(emails.sent).hasSize(2);
    }

    @Test
    void theAlertHoldsNoWordOfTheStoryNorAnythingAboutItsTeller() {
        hireTheUsualStaff();
        store.hold(REF, List.of(Concern.RISK_TO_LIFE, Concern.ABUSE_OR_NEGLECT), HELD);

        alerts.alert(REF, HELD.plus(Duration.ofMinutes(90)));

        String all = emails.sent.stream().map(e -> e.subject() + e.text()).reduce("", String::concat)
                + texts.sent.stream().map(t -> t[1]).reduce("", String::concat);
        assertThat(all).contains("risk to life or self-harm; abuse or neglect of a child or an adult", "1 hour 30 minutes");
        // The store gives the alert no text, name, contact, topics or area to leak: the held story has none.
        assertThat(SafeguardingAlerts.HeldStory.class.getRecordComponents()).extracting(c -> c.getName())
                .containsExactly("reference", "storyId", "concerns", "heldAt");
    }

    @Test
    void theScheduledRunCountsTheWholeQueueAndItsOldestStory() {
        hireTheUsualStaff();
        store.hold(REF, List.of(Concern.RISK_TO_LIFE), HELD);
        store.holdUnflagged(new Reference("TO-DEF567"), HELD.minus(Duration.ofHours(30)));
        for (int i = 0; i < 250; i++) {
            store.holdUnflagged(new Reference("TO-" + String.format("%06d", i).replace('0', 'A').replace('1', 'B')),
                    HELD.minus(Duration.ofMinutes(i)));
        }

        SafeguardingAlerts.Sweep run = alerts.sweep(HELD.plus(Duration.ofMinutes(1)));

        assertThat(run.held()).isEqualTo(252);
        assertThat(run.flagged()).isEqualTo(1);
        assertThat(run.oldestHeldHours(HELD.plus(Duration.ofMinutes(1)))).isEqualTo(30);
        assertThat(store.largestPage).isLessThanOrEqualTo(Store.PAGE);
        assertThat(emails.sent).hasSize(2);
    }

    @Test
    void anEmptyQueueIsNoHoursOld() {
        SafeguardingAlerts.Sweep run = alerts.sweep(HELD);

        assertThat(run.held()).isZero();
        assertThat(run.oldestHeldHours(HELD)).isZero();
    }

    @Test
    void heldTimesReadAsPeopleSayThem() {
        assertThat(SafeguardingAlerts.held(HELD, HELD.plusSeconds(59))).isEqualTo("less than a minute");
        assertThat(SafeguardingAlerts.held(HELD, HELD.plusSeconds(60))).isEqualTo("1 minute");
        assertThat(SafeguardingAlerts.held(HELD, HELD.plus(Duration.ofMinutes(120)))).isEqualTo("2 hours");
        assertThat(SafeguardingAlerts.held(HELD, HELD.plus(Duration.ofMinutes(61)))).isEqualTo("1 hour 1 minute");
    }

    private static SafeguardingAlerts.Recipient person(String key, String email, Role role, Optional<String> phone,
                                                       boolean enabled) {
        return new SafeguardingAlerts.Recipient(key, new StaffMember(email, "Name " + key, role, Optional.empty(),
                phone, enabled));
    }

    /** The table, in memory: held stories, the queue in GSI3's order, and the alerts recorded. */
    static final class Store implements SafeguardingAlerts.Store {
        static final int PAGE = 100;
        final Map<Reference, SafeguardingAlerts.HeldStory> held = new ConcurrentHashMap<>();
        final TreeMap<String, SafeguardingAlerts.QueueEntry> queue = new TreeMap<>();
        final Map<String, SafeguardingAlerts.Sent> records = new ConcurrentHashMap<>();
        int largestPage;

        void hold(Reference reference, List<Concern> concerns, Instant at) {
            held.put(reference, new SafeguardingAlerts.HeldStory(reference, STORY_ID, concerns, at));
            queue.put("0#" + at + "#" + reference.value(), new SafeguardingAlerts.QueueEntry(reference, true, at));
        }

        void holdUnflagged(Reference reference, Instant at) {
            queue.put("1#" + at + "#" + reference.value(), new SafeguardingAlerts.QueueEntry(reference, false, at));
        }

        void decide(Reference reference) {
            held.remove(reference);
            queue.values().removeIf(e -> e.reference().equals(reference));
        }

        @Override
        public Optional<SafeguardingAlerts.HeldStory> flaggedHeld(Reference reference) {
            return Optional.ofNullable(held.get(reference));
        }

        @Override
        public List<SafeguardingAlerts.Sent> sent(Reference reference) {
            return records.entrySet().stream().filter(e -> e.getKey().startsWith(reference.value() + "#"))
                    .map(Map.Entry::getValue).sorted(Comparator.comparing(SafeguardingAlerts.Sent::at)).toList();
        }

        @Override
        public boolean record(Reference reference, SafeguardingAlerts.Sent sent) {
            return records.putIfAbsent(reference.value() + "#" + sent.round() + "#" + sent.staffKey() + "#"
                    + sent.channel(), sent) == null;
        }

        @Override
        public void queue(Consumer<List<SafeguardingAlerts.QueueEntry>> page) {
            List<SafeguardingAlerts.QueueEntry> all = List.copyOf(queue.values());
            for (int i = 0; i < all.size(); i += PAGE) {
                List<SafeguardingAlerts.QueueEntry> one = all.subList(i, Math.min(all.size(), i + PAGE));
                largestPage = Math.max(largestPage, one.size());
                page.accept(one);
            }
        }
    }

    static final class Emails implements EmailSender {
        final List<Email> sent = new ArrayList<>();
        String failFor;

        @Override
        public void send(Email email) {
            if (email.to().equals(failFor)) {
                throw new IllegalStateException("SES refused");
            }
            sent.add(email);
        }

        List<String> to() {
            return sent.stream().map(Email::to).toList();
        }
    }

    static final class Texts implements SmsSender {
        final List<String[]> sent = new ArrayList<>();

        @Override
        public void send(String toE164, String body) {
            sent.add(new String[] {toE164, body});
        }

        List<String> to() {
            return sent.stream().map(t -> t[0]).toList();
        }
    }
}
