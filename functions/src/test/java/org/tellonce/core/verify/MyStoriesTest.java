package org.tellonce.core.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tellonce.core.consent.ConsentStore;
import org.tellonce.core.consent.Owner;
import org.tellonce.core.resident.ResidentRecords;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.testing.ManualClock;

/** A resident with hundreds of stories: erasing them all stops at the time budget and the same request continues. */
class MyStoriesTest {
    private static final String RESIDENT = "resident-key";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final Index index = new Index(IntStream.range(0, 300).mapToObj(MyStoriesTest::reference).toList());
    private final AtomicInteger forgotten = new AtomicInteger();

    @Test
    void erasingEveryStoryStopsAtTheBudgetAndTheSameRequestErasesTheRest() {
        // Each erasure takes 100 ms of the clock: 300 take 30 s, three times the 10 s budget.
        ConsentStore slow = new ErasingStore(index, () -> {
            synchronized (clock) {
                clock.advance(Duration.ofMillis(100));
            }
        });
        MyStories mine = new MyStories(index, reference -> Optional.empty(), slow, clock, Duration.ofSeconds(10));

        MyStories.Changed first = mine.eraseAll(RESIDENT);

        assertThat(first.finished()).isFalse();
        assertThat(first.count()).isBetween(1, 299);
        assertThat(forgotten).as("the records stay until every story is erased").hasValue(0);
        int erased = first.count();
        for (int request = 0; request < 10 && index.left() > 0; request++) {
            MyStories.Changed next = mine.eraseAll(RESIDENT);
            erased += next.count();
            if (next.finished()) {
                break;
            }
        }
        assertThat(index.left()).isZero();
        assertThat(erased).isEqualTo(300);
        assertThat(forgotten).hasValue(1);
    }

    @Test
    void withinTheBudgetEveryStoryIsErasedInOneRequest() {
        MyStories mine = new MyStories(index, reference -> Optional.empty(), new ErasingStore(index, () -> { }),
                clock, Duration.ofSeconds(10));

        MyStories.Changed changed = mine.eraseAll(RESIDENT);

        assertThat(changed).isEqualTo(new MyStories.Changed(300, true));
        assertThat(forgotten).hasValue(1);
    }

    @Test
    void aCursorThatWasNeverGivenIsRefused() {
        MyStories mine = new MyStories(index, reference -> Optional.empty(), new ErasingStore(index, () -> { }),
                clock, Duration.ofSeconds(10));

        assertThatThrownBy(() -> mine.page(RESIDENT, Optional.of("%%%"), 50)).isInstanceOf(MyStories.InvalidCursor.class);
        assertThatThrownBy(() -> mine.page(RESIDENT, Optional.of("bm90LWEtcmVmZXJlbmNl"), 50))
                .isInstanceOf(MyStories.InvalidCursor.class);
    }

    private static Reference reference(int n) {
        String alphabet = Reference.ALPHABET;
        return new Reference("TO-" + alphabet.charAt(n / 32 % 32) + alphabet.charAt(n % 32) + "AAAA");
    }

    private final class Index implements ResidentRecords {
        private final List<Reference> references;
        private final Set<Reference> erased = ConcurrentHashMap.newKeySet();

        Index(List<Reference> references) {
            this.references = references;
        }

        int left() {
            return references.size() - erased.size();
        }

        @Override
        public List<Reference> stories(String residentKey) {
            List<Reference> out = new ArrayList<>(references);
            out.removeAll(erased);
            return out;
        }

        /** As GSI1 reads it: by position in the whole (ordered) index, erased stories no longer in it. */
        @Override
        public Page storiesPage(String residentKey, Optional<String> before, int max) {
            int from = before.map(p -> Integer.parseInt(p) + 1).orElse(0);
            List<Entry> entries = new ArrayList<>();
            int i = from;
            for (; i < references.size() && entries.size() <= max; i++) {
                if (!erased.contains(references.get(i))) {
                    entries.add(new Entry(references.get(i), Integer.toString(i)));
                }
            }
            boolean more = entries.size() > max;
            return new Page(more ? entries.subList(0, max) : entries, more);
        }

        @Override
        public boolean validPosition(String position) {
            return position.matches("[0-9]{1,4}");
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
            forgotten.incrementAndGet();
        }
    }

    private record ErasingStore(Index index, Runnable eachTakes) implements ConsentStore {
        @Override
        public boolean changeConsent(Reference reference, Owner owner, Consent consent) {
            return false;
        }

        @Override
        public boolean erase(Reference reference, Owner owner) {
            eachTakes.run();
            return index.erased.add(reference);
        }
    }
}
