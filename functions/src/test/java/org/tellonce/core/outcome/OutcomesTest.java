package org.tellonce.core.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;
import org.tellonce.testing.ManualClock;

class OutcomesTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Partner COUNCIL = new Partner("council", "Council", List.of(Partner.ALL_TOPICS), List.of(), true);

    private final InMemoryOutcomeStore store = new InMemoryOutcomeStore();
    private final Outcomes outcomes = new Outcomes(store, new ResidentKeys(new byte[32]), new ManualClock(NOW));

    @Test
    void anOutcomeLinksEveryStorySharedWithThePartnerOnce() {
        Story a = store.shared(1);
        Story b = store.shared(2);

        OutcomeResult result = outcomes.record(COUNCIL, draft(a.storyId(), b.storyId()), Optional.empty());

        assertThat(result).isInstanceOf(OutcomeResult.Recorded.class);
        assertThat(((OutcomeResult.Recorded) result).references()).containsExactly(a.reference(), b.reference());
        assertThat(store.added).hasSize(1);
        assertThat(store.added.get(0).links()).hasSize(2);
    }

    @Test
    void aStoryNotSharedWithThePartnerIsNamedAndNothingIsStored() {
        Story shared = store.shared(1);
        Story notShared = store.story(2, false);
        String unknown = "00000000-0000-4000-8000-000000000099";

        OutcomeResult result = outcomes.record(COUNCIL, draft(shared.storyId(), notShared.storyId(), unknown),
                Optional.empty());

        assertThat(result).isEqualTo(new OutcomeResult.NotShared(List.of(notShared.storyId(), unknown)));
        assertThat(store.added).isEmpty();
    }

    @Test
    void theSameKeyAndOutcomeReplaysTheFirstAnswerAndAnotherOutcomeIsRefused() {
        Story a = store.shared(1);
        OutcomeResult first = outcomes.record(COUNCIL, draft(a.storyId()), Optional.of("k1"));

        OutcomeResult again = outcomes.record(COUNCIL, draft(a.storyId()), Optional.of("k1"));
        OutcomeResult other = outcomes.record(COUNCIL, new OutcomeDraft("Another title", "Something else changed.",
                List.of(a.storyId())), Optional.of("k1"));

        assertThat(again).isEqualTo(new OutcomeResult.Replayed(((OutcomeResult.Recorded) first).outcomeId()));
        assertThat(other).isInstanceOf(OutcomeResult.KeyReused.class);
        assertThat(store.added).hasSize(1);
    }

    @Test
    void aRetryAfterAStoryWasWithdrawnStillReplaysTheFirstAnswer() {
        Story a = store.shared(1);
        OutcomeResult first = outcomes.record(COUNCIL, draft(a.storyId()), Optional.of("k1"));
        store.story(1, false);

        assertThat(outcomes.record(COUNCIL, draft(a.storyId()), Optional.of("k1")))
                .isEqualTo(new OutcomeResult.Replayed(((OutcomeResult.Recorded) first).outcomeId()));
    }

    @Test
    void aStoryChangedBetweenTheReadAndTheWriteIsReadAgain() {
        Story a = store.shared(1);
        store.changeOnce = true;

        assertThat(outcomes.record(COUNCIL, draft(a.storyId()), Optional.empty()))
                .isInstanceOf(OutcomeResult.Recorded.class);
        assertThat(store.added).hasSize(1);
    }

    @Test
    void titleTextAndStoriesAreCheckedFieldByField() {
        OutcomeDraft empty = new OutcomeDraft(" x ", "too short", List.of());
        assertThat(empty.validate()).containsOnlyKeys("title", "text", "storyIds");
        assertThat(new OutcomeDraft("Bus", "Ten chars!", List.of("a", "a")).validate())
                .containsExactly(Map.entry("storyIds", OutcomeDraft.Problem.STORIES_REPEATED));
        assertThat(new OutcomeDraft("t".repeat(121), "x".repeat(2001), List.of("a")).validate())
                .containsOnlyKeys("title", "text");
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= OutcomeDraft.STORIES_MAX; i++) {
            tooMany.add("id" + i);
        }
        assertThat(new OutcomeDraft("Bus", "Ten chars!", tooMany).validate())
                .containsExactly(Map.entry("storyIds", OutcomeDraft.Problem.STORIES_COUNT));
        assertThat(outcomes.record(COUNCIL, empty, Optional.empty())).isInstanceOf(OutcomeResult.Invalid.class);
    }

    @Test
    void thePublicCountSaysOnlyFewerThanThreeUnderThree() {
        assertThat(new Outcome("o", "p", "P", "t", "text", NOW, 2).countShown()).isFalse();
        assertThat(new Outcome("o", "p", "P", "t", "text", NOW, 3).countShown()).isTrue();
    }

    private static OutcomeDraft draft(String... ids) {
        return new OutcomeDraft("Evening buses", "The evening buses run again from May.", List.of(ids));
    }

    /** Stories by id, whether the council holds each, and the outcomes and claims written. */
    private static final class InMemoryOutcomeStore implements OutcomeStore {
        final Map<String, Candidate> stories = new HashMap<>();
        final List<NewOutcome> added = new ArrayList<>();
        final Map<String, Claim> claims = new HashMap<>();
        boolean changeOnce;

        Story shared(int n) {
            return story(n, true);
        }

        Story story(int n, boolean shared) {
            String id = String.format("00000000-0000-4000-8000-%012d", n);
            Story story = new Story(id, new Reference("TO-22222" + (char) ('A' + n)), NOW, Channel.WEB,
                    "The bus did not come.", List.of("transport"), Optional.empty(), "en", Optional.empty(),
                    Optional.empty(), new Consent(Share.ANONYMOUS, List.of()), Optional.empty(), Story.Status.RECEIVED,
                    false, Optional.empty());
            stories.put(id, new Candidate(story, shared, n));
            return story;
        }

        @Override
        public Map<String, Candidate> candidates(Collection<String> storyIds, String partnerId) {
            Map<String, Candidate> out = new HashMap<>();
            storyIds.stream().filter(stories::containsKey).forEach(id -> out.put(id, stories.get(id)));
            return out;
        }

        @Override
        public Optional<Claim> claim(String keyHash, Instant now) {
            return Optional.ofNullable(claims.get(keyHash));
        }

        @Override
        public AddResult add(NewOutcome outcome) {
            if (changeOnce) {
                changeOnce = false;
                return new StoryChanged();
            }
            if (outcome.claim().isPresent() && claims.containsKey(outcome.claim().get().keyHash())) {
                return new ClaimTaken(claims.get(outcome.claim().get().keyHash()));
            }
            outcome.claim().ifPresent(c -> claims.put(c.keyHash(), c));
            added.add(outcome);
            return new Added();
        }

        @Override
        public OutcomePage published(Optional<String> after, int max) {
            return new OutcomePage(List.of(), Optional.empty());
        }
    }
}
