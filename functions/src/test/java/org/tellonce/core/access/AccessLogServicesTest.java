package org.tellonce.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.StoreUnavailableException;
import org.tellonce.core.partner.InMemoryPartners;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.staff.Role;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.core.staff.StaffStore;
import org.tellonce.core.story.Reference;
import org.tellonce.testing.ManualClock;

/** Recording, the resident's view and the partner admin's view of the access log (SPEC section 11). */
class AccessLogServicesTest {
    private static final Instant T0 = Instant.parse("2026-12-03T14:05:00Z");
    private static final Partner HEALTHWATCH = new Partner("healthwatch", "Healthwatch Leicester", List.of("*"),
            List.of(), true);
    private static final Partner COUNCIL = new Partner("council", "Leicester City Council", List.of("*"), List.of(),
            true);
    private static final StaffMember READER = new StaffMember("rita@healthwatch.example", "Rita Reader", Role.READER,
            Optional.of("healthwatch"), Optional.empty(), true);
    private static final StaffMember COUNCIL_READER = new StaffMember("cal@council.example", "Cal Council",
            Role.READER, Optional.of("council"), Optional.empty(), true);
    private static final Reference STORY = new Reference("TO-ABCDEF");
    private static final Reference OTHER = new Reference("TO-GHJKLM");

    private final ManualClock clock = new ManualClock(T0);
    private final InMemoryAccessLog log = new InMemoryAccessLog();
    private final AccessRecorder recorder = new AccessRecorder(log, clock);
    private final InMemoryPartners partners = new InMemoryPartners();
    private final Map<String, StaffMember> staff = Map.of("k-rita", READER, "k-cal", COUNCIL_READER);
    private final StaffStore staffStore = new StaffStore() {
        @Override
        public Optional<Stored> find(String staffKey) {
            return Optional.ofNullable(staff.get(staffKey)).map(m -> new Stored(m, 1));
        }

        @Override
        public List<StaffMember> all() {
            return List.copyOf(staff.values());
        }

        @Override
        public void put(String staffKey, StaffMember member) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean disable(String staffKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean putInPartner(String staffKey, StaffMember member) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean disableInPartner(String staffKey, String partnerId) {
            throw new UnsupportedOperationException();
        }
    };

    AccessLogServicesTest() {
        partners.add(HEALTHWATCH, "hash-1");
        partners.add(COUNCIL, "hash-2");
    }

    private static Actor api(Partner p) {
        return new Actor.ApiKey(p);
    }

    private static Actor rita() {
        return new Actor.Staff("k-rita", READER, Optional.of(HEALTHWATCH));
    }

    @Test
    void aPageOfStoriesIsOneEntryPerStoryAllAtTheRequestsInstant() {
        recorder.record(api(HEALTHWATCH), Action.READ_STORY, List.of(STORY, OTHER));

        assertThat(log.entries).extracting(AccessEntry::reference).containsExactly(STORY, OTHER);
        assertThat(log.entries).allSatisfy(e -> {
            assertThat(e.at()).isEqualTo(T0);
            assertThat(e.kind()).isEqualTo("api");
            assertThat(e.staffKey()).isEmpty();
            assertThat(e.partnerId()).isEqualTo("healthwatch");
        });
    }

    @Test
    void anEmptyPageRecordsNothingAndAFailedWriteIsThrownToTheRoute() {
        recorder.record(api(HEALTHWATCH), Action.READ_STORY, List.of());
        assertThat(log.entries).isEmpty();

        log.failing = true;
        assertThatThrownBy(() -> recorder.record(rita(), Action.READ_STORY, STORY))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void theResidentSeesOrganisationsNewestFirstNeverWhichMemberOfStaff() {
        recorder.record(api(HEALTHWATCH), Action.READ_STORY, STORY);
        clock.advance(Duration.ofMinutes(1));
        recorder.record(rita(), Action.READ_STORY, STORY);
        clock.advance(Duration.ofMinutes(1));
        recorder.record(api(HEALTHWATCH), Action.REPLY, STORY);

        List<AccessHistory.Line> lines = new AccessHistory(log, partners).of(STORY);

        assertThat(lines).extracting(l -> l.organisation() + " " + l.kind() + " " + l.action().wire())
                .containsExactly("Healthwatch Leicester api reply", "Healthwatch Leicester staff read",
                        "Healthwatch Leicester api read");
        assertThat(lines.toString()).doesNotContain("Rita", "rita@", "k-rita");
    }

    @Test
    void repeatedReadsInARowReadAsOneLineWithTheirCount() {
        for (int i = 0; i < 3; i++) {
            recorder.record(rita(), Action.READ_STORY, STORY);
            clock.advance(Duration.ofMinutes(1));
        }
        recorder.record(api(HEALTHWATCH), Action.READ_STORY, STORY);

        List<AccessHistory.Group> groups = AccessHistory.grouped(new AccessHistory(log, partners).of(STORY));

        assertThat(groups).extracting(AccessHistory.Group::kind, AccessHistory.Group::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("api", 1),
                        org.assertj.core.groups.Tuple.tuple("staff", 3));
        assertThat(groups.get(1).newest()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(groups.get(1).oldest()).isEqualTo(T0);
    }

    @Test
    void aPartnerAdminSeesTheirOwnStaffByNameAndOnlyTheirPartnersEntries() {
        recorder.record(rita(), Action.READ_STORY, STORY);
        recorder.record(api(HEALTHWATCH), Action.REPLY, STORY);
        recorder.record(new Actor.Staff("k-cal", COUNCIL_READER, Optional.of(COUNCIL)), Action.READ_STORY, STORY);

        PartnerAudit.Page page = new PartnerAudit(log, staffStore).page("healthwatch", Optional.empty());

        assertThat(page.lines()).hasSize(2);
        assertThat(page.lines()).extracting(l -> l.member().map(StaffMember::name).orElse("API"))
                .containsExactlyInAnyOrder("Rita Reader", "API");
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void aStaffKeyThatNowNamesAnotherPartnersMemberIsNotShown() {
        log.record(List.of(new AccessEntry(STORY, "healthwatch", "staff", Action.READ_STORY, Optional.of("k-cal"), T0)));

        PartnerAudit.Page page = new PartnerAudit(log, staffStore).page("healthwatch", Optional.empty());

        assertThat(page.lines()).singleElement().satisfies(l -> assertThat(l.member()).isEmpty());
    }

    @Test
    void theAuditIsPagedNewestFirst() {
        for (int i = 0; i < PartnerAudit.PAGE_SIZE + 5; i++) {
            recorder.record(api(HEALTHWATCH), Action.READ_STORY, STORY);
            clock.advance(Duration.ofSeconds(1));
        }
        PartnerAudit audit = new PartnerAudit(log, staffStore);

        PartnerAudit.Page first = audit.page("healthwatch", Optional.empty());
        PartnerAudit.Page second = audit.page("healthwatch", first.nextCursor());

        assertThat(first.lines()).hasSize(PartnerAudit.PAGE_SIZE);
        assertThat(first.lines().get(0).entry().at()).isAfter(first.lines().get(1).entry().at());
        assertThat(second.lines()).hasSize(5);
        assertThat(second.nextCursor()).isEmpty();
    }
}
