package org.tellonce.core.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.feed.FeedStore;
import org.tellonce.core.feed.Handling;
import org.tellonce.core.feed.Work;
import org.tellonce.core.language.Language;
import org.tellonce.core.language.Messages;
import org.tellonce.core.partner.InMemoryPartnerStore;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.staff.Role;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

class StaffDigestTest {
    private static final Instant MORNING = Instant.parse("2026-03-02T07:00:00Z");
    private static final String PHONE = "+447700900123";
    private static final String NAME = "Gwenllian Prydderch";
    private static final String TEXT = "My landlord will not fix the damp, call me on 07700 900123";

    private final Feed feed = new Feed();
    private final Store store = new Store();
    private final Staff staff = new Staff();
    private final Outbox outbox = new Outbox();
    private final DigestLinks links = new DigestLinks(() -> new byte[32], "https://tellonce.example");
    private final StaffDigest digest = new StaffDigest(new InMemoryPartnerStore(InMemoryPartnerStore.enabled("council"),
            InMemoryPartnerStore.disabled("closed")), feed, store, staff, outbox, links);

    @Test
    void theEmailHoldsReferencesTopicsDatesAndLinksButNeverTheTextNameOrContact() {
        Story story = story("TO-ABC234", Optional.of(new Contact.Phone(PHONE)));
        EmailSender.Email email = DigestEmail.compose(Messages.of(Language.EN), "lead@council.example", "Council",
                List.of(new DigestEmail.Item(story.storyId(), story.reference(), story.topics(), story.receivedAt())),
                links, key('a'));

        assertThat(email.subject()).isEqualTo("1 new story shared with Council");
        assertThat(email.text()).contains("TO-ABC234", "Housing", "https://tellonce.example/partner",
                "https://tellonce.example/partner/inbox/" + story.storyId(),
                "https://tellonce.example/staff/digest/unsubscribe?token=" + links.token(key('a')));
        assertThat(email.subject() + email.text() + email.headers()).doesNotContain(PHONE, "07700", "900123", NAME,
                "Gwenllian", "damp", "landlord");
        assertThat(email.headers()).containsEntry("List-Unsubscribe",
                "<https://tellonce.example/staff/digest/unsubscribe?token=" + links.token(key('a')) + ">")
                .containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }

    @Test
    void aRunTellsOnlyEnabledRespondersAndAdministratorsOfThePartnerWhoDidNotOptOut() {
        staff.add(key('1'), member("responder@council.example", Role.RESPONDER, "council", true), true);
        staff.add(key('2'), member("admin@council.example", Role.PARTNER_ADMIN, "council", true), true);
        staff.add(key('3'), member("reader@council.example", Role.READER, "council", true), true);
        staff.add(key('4'), member("quiet@council.example", Role.RESPONDER, "council", true), false);
        staff.add(key('5'), member("gone@council.example", Role.RESPONDER, "council", false), true);
        staff.add(key('6'), member("other@charity.example", Role.RESPONDER, "charity", true), true);
        feed.share("council", story("TO-ABC234", Optional.of(new Contact.Phone(PHONE))));
        feed.share("council", story("TO-DEF567", Optional.empty()));
        feed.share("closed", story("TO-GHJ789", Optional.empty()));

        StaffDigest.Run run = digest.run(MORNING);

        assertThat(run).isEqualTo(new StaffDigest.Run(1, 2, 0));
        assertThat(outbox.sent).extracting(EmailSender.Email::to)
                .containsExactlyInAnyOrder("responder@council.example", "admin@council.example");
        assertThat(outbox.sent).allSatisfy(e -> assertThat(e.text()).contains("TO-ABC234", "TO-DEF567")
                .doesNotContain("TO-GHJ789", PHONE, NAME, TEXT));
    }

    @Test
    void aSecondRunTheSameDayOrTheNextWithNothingNewSendsNothingAndANewStoryGoesInTheNextDaysDigest() {
        staff.add(key('1'), member("responder@council.example", Role.RESPONDER, "council", true), true);
        feed.share("council", story("TO-ABC234", Optional.empty()));
        digest.run(MORNING);
        feed.share("council", story("TO-DEF567", Optional.empty()));

        assertThat(digest.run(MORNING.plus(Duration.ofHours(3))).emails()).as("a retry the same day").isZero();
        StaffDigest.Run tomorrow = digest.run(MORNING.plus(Duration.ofDays(1)));
        assertThat(digest.run(MORNING.plus(Duration.ofDays(2))).emails()).as("nothing new").isZero();

        assertThat(tomorrow.emails()).isEqualTo(1);
        assertThat(outbox.sent).hasSize(2);
        assertThat(outbox.sent.get(1).text()).contains("TO-DEF567").doesNotContain("TO-ABC234");
    }

    @Test
    void concurrentRunsOfTheSameDaySendEachPersonOneEmail() throws Exception {
        for (char c : "123456".toCharArray()) {
            staff.add(key(c), member(c + "@council.example", Role.RESPONDER, "council", true), true);
        }
        feed.share("council", story("TO-ABC234", Optional.empty()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<StaffDigest.Run>> runs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            runs.add(pool.submit(() -> {
                start.await();
                return digest.run(MORNING);
            }));
        }
        start.countDown();
        int emails = 0;
        for (Future<StaffDigest.Run> run : runs) {
            emails += run.get().emails();
        }
        pool.shutdown();

        assertThat(emails).isEqualTo(6);
        assertThat(outbox.sent).extracting(EmailSender.Email::to).doesNotHaveDuplicates().hasSize(6);
    }

    @Test
    void anEmailThatFailedIsSentByTheRetryAndOnlyThatOne() {
        staff.add(key('1'), member("responder@council.example", Role.RESPONDER, "council", true), true);
        staff.add(key('2'), member("admin@council.example", Role.PARTNER_ADMIN, "council", true), true);
        feed.share("council", story("TO-ABC234", Optional.empty()));
        outbox.failFor = "admin@council.example";

        assertThat(digest.run(MORNING)).isEqualTo(new StaffDigest.Run(1, 1, 1));
        outbox.failFor = null;
        assertThat(digest.run(MORNING.plusSeconds(60))).isEqualTo(new StaffDigest.Run(1, 1, 0));

        assertThat(outbox.sent).extracting(EmailSender.Email::to)
                .containsExactlyInAnyOrder("responder@council.example", "admin@council.example");
    }

    @Test
    void aStoryNoLongerSharedIsLeftOutAndNothingIsSentWhenNoneIsLeft() {
        staff.add(key('1'), member("responder@council.example", Role.RESPONDER, "council", true), true);
        Story story = story("TO-ABC234", Optional.empty());
        feed.share("council", story);
        feed.withdraw("council", story.reference());

        assertThat(digest.run(MORNING).emails()).isZero();
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void theOptOutLinkNamesOnePersonAndCannotBeForged() {
        String token = links.token(key('1'));
        assertThat(links.staffKey(token)).contains(key('1'));
        assertThat(links.staffKey(key('2') + token.substring(token.indexOf('.')))).isEmpty();
        assertThat(new DigestLinks(() -> new byte[] {1}, "").staffKey(token)).as("another key").isEmpty();
        assertThat(links.staffKey("nonsense")).isEmpty();
        assertThat(links.staffKey(null)).isEmpty();
    }

    private static String key(char c) {
        return String.valueOf(c).repeat(64).replaceAll("[^0-9a-f]", "0");
    }

    private static StaffMember member(String email, Role role, String partnerId, boolean enabled) {
        return new StaffMember(email, NAME, role, Optional.of(partnerId), Optional.of(PHONE), enabled);
    }

    private static Story story(String reference, Optional<Contact> contact) {
        return new Story("id-" + reference, new Reference(reference), Instant.parse("2026-03-01T10:00:00Z"),
                Channel.WEB, TEXT, List.of("housing"), Optional.empty(), "en", Optional.of(NAME), contact,
                new Consent(Share.IDENTIFIED, List.of()), Optional.empty(), Story.Status.RECEIVED);
    }

    /** Each partner's feed: entries in order, and the stories still shared. */
    private static final class Feed implements FeedStore {
        private final Map<String, List<FeedEntry>> feeds = new ConcurrentHashMap<>();
        private final Map<Reference, Story> stories = new ConcurrentHashMap<>();
        private final Map<String, Set<Reference>> withdrawn = new ConcurrentHashMap<>();

        synchronized void share(String partnerId, Story story) {
            stories.put(story.reference(), story);
            List<FeedEntry> feed = feeds.computeIfAbsent(partnerId, p -> new CopyOnWriteArrayList<>());
            feed.add(new FeedEntry(feed.size() + 1, "shared", Optional.of(story.reference()), MORNING));
        }

        void withdraw(String partnerId, Reference reference) {
            withdrawn.computeIfAbsent(partnerId, p -> ConcurrentHashMap.newKeySet()).add(reference);
        }

        @Override
        public List<FeedEntry> entriesAfter(String partnerId, long afterSeq, int max) {
            return feeds.getOrDefault(partnerId, List.of()).stream().filter(e -> e.seq() > afterSeq).limit(max).toList();
        }

        @Override
        public Map<Reference, Held> held(Collection<Reference> references, String partnerId) {
            Map<Reference, Held> held = new HashMap<>();
            for (Reference r : references) {
                boolean shared = !withdrawn.getOrDefault(partnerId, Set.of()).contains(r);
                held.put(r, new Held(stories.get(r), shared, Optional.of(MORNING), Set.of(Share.IDENTIFIED)));
            }
            return held;
        }

        @Override
        public Optional<Reference> referenceOf(String storyId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ResidentStory> residentStories(String residentKey, java.time.Instant before, int max) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AddResult addResponse(NewResponse response) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean setHandling(Reference reference, String partnerId, Handling handling) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean setAssignee(Reference reference, String partnerId, Optional<Work.Assignee> assignee) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void markAnswered(Reference reference, String partnerId, Instant at) {
            throw new UnsupportedOperationException();
        }
    }

    /** The digest's items with the adapter's conditions: one batch per day, one claim per person. */
    private static final class Store implements DigestStore {
        private final Map<String, Long> marks = new HashMap<>();
        private final Map<String, Batch> batches = new HashMap<>();
        private final Set<String> claims = ConcurrentHashMap.newKeySet();

        @Override
        public synchronized long watermark(String partnerId) {
            return marks.getOrDefault(partnerId, 0L);
        }

        @Override
        public synchronized Optional<Batch> batch(String partnerId, LocalDate day) {
            return Optional.ofNullable(batches.get(partnerId + day));
        }

        @Override
        public synchronized Optional<Batch> startBatch(String partnerId, LocalDate day, Batch batch, Instant expiresAt) {
            if (batches.containsKey(partnerId + day) || watermark(partnerId) != batch.fromSeq()) {
                return batch(partnerId, day);
            }
            batches.put(partnerId + day, batch);
            marks.put(partnerId, batch.toSeq());
            return Optional.of(batch);
        }

        @Override
        public boolean claim(String partnerId, LocalDate day, String staffKey, Instant expiresAt) {
            return claims.add(partnerId + day + staffKey);
        }

        @Override
        public void release(String partnerId, LocalDate day, String staffKey) {
            claims.remove(partnerId + day + staffKey);
        }
    }

    private static final class Staff implements DigestPreferences {
        private final Map<String, Recipient> all = new ConcurrentHashMap<>();

        void add(String staffKey, StaffMember member, boolean digest) {
            all.put(staffKey, new Recipient(staffKey, member, digest));
        }

        @Override
        public List<Recipient> recipients() {
            return List.copyOf(all.values());
        }

        @Override
        public Optional<Boolean> digest(String staffKey) {
            return Optional.ofNullable(all.get(staffKey)).map(Recipient::digest);
        }

        @Override
        public boolean setDigest(String staffKey, boolean digest) {
            return all.computeIfPresent(staffKey, (k, r) -> new Recipient(k, r.member(), digest)) != null;
        }
    }

    private static final class Outbox implements EmailSender {
        final List<Email> sent = new CopyOnWriteArrayList<>();
        volatile String failFor;

        @Override
        public void send(Email email) {
            if (email.to().equals(failFor)) {
                throw new IllegalStateException("SES refused");
            }
            sent.add(email);
        }
    }
}
