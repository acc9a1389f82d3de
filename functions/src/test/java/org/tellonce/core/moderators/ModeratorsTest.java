package org.tellonce.core.moderators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tellonce.core.access.AccessEntry;
import org.tellonce.core.access.AccessLog;
import org.tellonce.core.access.AccessRecorder;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.staff.Role;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

class ModeratorsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Reference HELD = new Reference("TO-ABC234");
    private static final Reference FLAGGED = new Reference("TO-ABC235");

    private final Stories store = new Stories();
    private final List<AccessEntry> log = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Moderators moderators = new Moderators(store, new AccessRecorder(new Log(log),
            Clock.fixed(NOW, ZoneOffset.UTC)), Clock.fixed(NOW, ZoneOffset.UTC));

    ModeratorsTest() {
        store.put(story(HELD, List.of()));
        store.put(story(FLAGGED, List.of("risk-to-life")));
    }

    @Test
    void aModeratorApprovesWithAnEditedTextAndTheApprovalIsLoggedAsThePartnership() {
        Moderators.Outcome outcome = moderators.decide(staff(Role.MODERATOR), HELD, "approve",
                Optional.of("The clinic lost [name removed]'s notes."), Optional.empty());
        assertThat(outcome).isInstanceOf(Moderators.Decided.class);
        Review review = store.story(HELD).orElseThrow().review();
        assertThat(review.state()).isEqualTo(Review.State.APPROVED);
        assertThat(review.sharedText()).contains("The clinic lost [name removed]'s notes.");
        assertThat(log).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(Action.APPROVE);
            assertThat(e.partnerId()).isEqualTo(AccessEntry.PARTNERSHIP);
        });
    }

    @Test
    void aRejectionNeedsAReasonAndAnUnknownDecisionIsRefusedAtItsField() {
        assertThat(moderators.decide(staff(Role.MODERATOR), HELD, "reject", Optional.empty(), Optional.of(" ")))
                .isEqualTo(new Moderators.Invalid(Map.of("reason", Moderators.REASON_MISSING)));
        assertThat(moderators.decide(staff(Role.MODERATOR), HELD, "maybe", Optional.empty(), Optional.empty()))
                .isEqualTo(new Moderators.Invalid(Map.of("decision", Moderators.DECISION_UNKNOWN)));
        assertThat(moderators.decide(staff(Role.MODERATOR), HELD, "approve", Optional.of("short"), Optional.empty()))
                .isEqualTo(new Moderators.Invalid(Map.of("sharedText", Moderators.TEXT_TOO_SHORT)));
        assertThat(store.story(HELD).orElseThrow().review().state()).isEqualTo(Review.State.HELD);
        assertThat(log).isEmpty();
    }

    @Test
    void safeguardingStaffDecideFlaggedStoriesOnlyAndPartnerStaffNothing() {
        assertThat(moderators.open(staff(Role.SAFEGUARDING), HELD)).isInstanceOf(Moderators.Forbidden.class);
        assertThat(moderators.open(staff(Role.SAFEGUARDING), FLAGGED)).isInstanceOf(Moderators.Shown.class);
        assertThat(log).singleElement().extracting(AccessEntry::action).isEqualTo(Action.SEE_FLAGGED);
        assertThat(moderators.decide(staff(Role.SAFEGUARDING), FLAGGED, "reject", Optional.empty(),
                Optional.of("It names a child."))).isInstanceOf(Moderators.Decided.class);
        assertThat(moderators.queue(staff(Role.SAFEGUARDING), Optional.empty()).orElseThrow().stories())
                .isEmpty();
    }

    @Test
    void aStoryIsFoundByItsIdOrItsReferenceAndNothingElseIsLookedUp() {
        Reference reference = new Reference("TO-ABC236");
        String storyId = "0b7c5d9e-2f4a-4c1b-9e8d-6a5f4e3d2c1b";
        store.put(story(storyId, reference, List.of()));

        assertThat(moderators.find(storyId)).contains(reference);
        assertThat(moderators.find(reference.value())).contains(reference);
        assertThat(moderators.find("0b7c5d9e-2f4a-4c1b-9e8d-000000000000")).isEmpty();
        assertThat(moderators.find("TO-ABC")).isEmpty();
        assertThat(moderators.find(null)).isEmpty();
        assertThat(store.lookups).containsExactly(storyId, "0b7c5d9e-2f4a-4c1b-9e8d-000000000000");
    }

    @Test
    void twoModeratorsDecidingAtOnceMakeOneDecision() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Moderators.Outcome>> clicks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean approve = i % 2 == 0;
            clicks.add(() -> moderators.decide(staff(Role.MODERATOR), HELD, approve ? "approve" : "reject",
                    Optional.empty(), Optional.of("Not for sharing.")));
        }
        List<Moderators.Outcome> outcomes = new ArrayList<>();
        for (Future<Moderators.Outcome> f : pool.invokeAll(clicks)) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertThat(outcomes).filteredOn(o -> o instanceof Moderators.Decided).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof Moderators.AlreadyDecided).hasSize(7);
        assertThat(log).hasSize(1);
    }

    private static Actor staff(Role role) {
        StaffMember member = new StaffMember("mo@example.org", "Mo", role, Optional.empty(), Optional.empty(), true);
        return new Actor.Staff("key", member, Optional.empty());
    }

    private static Story story(Reference reference, List<String> concerns) {
        return story("id-" + reference.value(), reference, concerns);
    }

    private static Story story(String storyId, Reference reference, List<String> concerns) {
        return new Story(storyId, reference, NOW, Channel.WEB, "The clinic lost Jo Bloggs's notes.",
                List.of(), Optional.empty(), "en", Optional.empty(), Optional.empty(),
                new Consent(Share.ANONYMOUS, List.of("*")), Optional.empty(), Story.Status.RECEIVED, false,
                Optional.empty(), Review.held(concerns, NOW));
    }

    /** Stories in memory, decided with the store's one condition: still held. */
    private static final class Stories implements ModerationStore {
        private final Map<Reference, Story> stories = new HashMap<>();
        /** The story ids looked up, in order. */
        private final List<String> lookups = new ArrayList<>();

        void put(Story story) {
            stories.put(story.reference(), story);
        }

        @Override
        public synchronized Page queue(boolean flaggedOnly, Optional<Cursor> cursor, int max) {
            return new Page(stories.values().stream().filter(s -> s.review().state() == Review.State.HELD)
                    .filter(s -> !flaggedOnly || s.review().flagged()).toList(), Optional.empty(), Optional.empty());
        }

        @Override
        public Cursor cursor(String text) {
            throw new IllegalArgumentException("no cursors here");
        }

        @Override
        public String cursorText(Cursor cursor) {
            return cursor.key();
        }

        @Override
        public synchronized Optional<Story> story(Reference reference) {
            return Optional.ofNullable(stories.get(reference));
        }

        @Override
        public synchronized Optional<Reference> referenceOf(String storyId) {
            lookups.add(storyId);
            return stories.values().stream().filter(s -> s.storyId().equals(storyId)).map(Story::reference).findFirst();
        }

        @Override
        public synchronized Written decide(Reference reference, Review decided) {
            Story story = stories.get(reference);
            if (story == null || story.review().state() != Review.State.HELD) {
                return Written.NOT_HELD;
            }
            stories.put(reference, story.withReview(decided));
            return Written.DECIDED;
        }
    }

    private record Log(List<AccessEntry> entries) implements AccessLog {
        @Override
        public void record(List<AccessEntry> more) {
            entries.addAll(more);
        }

        @Override
        public List<AccessEntry> ofStory(Reference reference, int max) {
            return entries.stream().filter(e -> e.reference().equals(reference)).toList();
        }

        @Override
        public Page ofPartner(String partnerId, Optional<String> cursor, int max) {
            return new Page(List.of(), Optional.empty());
        }
    }
}
