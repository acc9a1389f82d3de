package org.tellonce.core.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.core.sharing.Stories.aPartner;
import static org.tellonce.core.sharing.Stories.aStory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tellonce.core.partner.InMemoryPartners;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.StoredStory;

/** A batch of the table's stream: each story reconciled once, and only what failed is retried. */
public class FanOutBatchTest {
    private static final Reference SHELTER = new Reference("TO-ABC234");
    private static final Reference LIGHTS = new Reference("TO-XYZ789");

    private final Shares shares = new Shares();
    private final Partners partners = new Partners(List.of(aPartner("council").build()));
    private final FanOutBatch batch = new FanOutBatch(new FanOut(shares, Clock.systemUTC()), partners);

    @Test
    void everyConsentedStoryInTheBatchIsSharedOnceHoweverManyRecordsItHas() {
        shares.put(SHELTER);
        shares.put(LIGHTS);

        FanOutBatch.Result result = batch.run(List.of(new FanOutBatch.StoryChanged("1", SHELTER),
                new FanOutBatch.StoryChanged("2", SHELTER), new FanOutBatch.OtherItem("3"),
                new FanOutBatch.StoryChanged("4", LIGHTS)));

        assertThat(result.failed()).isEmpty();
        assertThat(result.added()).isEqualTo(2);
        assertThat(shares.shared).containsExactlyInAnyOrder(SHELTER + ">council", LIGHTS + ">council");
        assertThat(shares.reads).as("one reconciliation a story, each read twice: to act, then to confirm")
                .containsExactly(SHELTER, SHELTER, LIGHTS, LIGHTS);
    }

    @Test
    void aStoryThatCannotBeReconciledRetriesItsRecordsOnlyAndTheOthersGoOn() {
        shares.put(SHELTER);
        shares.put(LIGHTS);
        shares.broken.add(SHELTER);

        FanOutBatch.Result result = batch.run(List.of(new FanOutBatch.StoryChanged("1", SHELTER),
                new FanOutBatch.StoryChanged("2", LIGHTS), new FanOutBatch.StoryChanged("3", SHELTER)));

        assertThat(result.failed()).containsExactly("1", "3");
        assertThat(shares.shared).containsExactly(LIGHTS + ">council");
        assertThat(result.problems()).extracting(FanOutBatch.Problem::event).containsExactly("fan_out_failed");
    }

    @Test
    void withoutThePartnerListNothingIsSharedAndEveryRecordIsRetried() {
        shares.put(SHELTER);
        partners.down = true;

        FanOutBatch.Result result = batch.run(List.of(new FanOutBatch.StoryChanged("1", SHELTER),
                new FanOutBatch.OtherItem("2")));

        assertThat(result.failed()).containsExactly("1", "2");
        assertThat(shares.shared).isEmpty();
    }

    @Test
    void anUnreadableRecordIsRetriedAndOtherItemsAreLeftAlone() {
        FanOutBatch.Result result = batch.run(List.of(new FanOutBatch.Unreadable("1"),
                new FanOutBatch.OtherItem("2")));

        assertThat(result.failed()).containsExactly("1");
        assertThat(shares.reads).isEmpty();
    }

    /** Stories and their shares in memory; a story listed in {@code broken} cannot be read. */
    private static final class Shares implements ShareStore {
        final Map<Reference, StoredStory> stories = new HashMap<>();
        final Set<Reference> broken = new HashSet<>();
        final List<Reference> reads = new ArrayList<>();
        final List<String> shared = new ArrayList<>();

        void put(Reference reference) {
            var s = aStory().share(Share.ANONYMOUS).build();
            stories.put(reference, new StoredStory(new org.tellonce.core.story.Story(s.storyId(), reference,
                    s.receivedAt(), s.channel(), s.text(), s.topics(), s.area(), s.language(), s.name(), s.contact(),
                    s.consent(), s.residentKey(), s.status()), "", List.of(), List.of()));
        }

        @Override
        public Optional<StoredStory> story(Reference reference) {
            reads.add(reference);
            if (broken.contains(reference)) {
                throw new IllegalStateException("unavailable");
            }
            return Optional.ofNullable(stories.get(reference));
        }

        @Override
        public boolean share(StoredStory story, Partner partner, Instant now) {
            Reference reference = story.story().reference();
            shared.add(reference + ">" + partner.id());
            StoredStory current = stories.get(reference);
            List<StoredStory.SharedWith> with = new ArrayList<>(current.sharedWith());
            with.add(new StoredStory.SharedWith(partner.id(), partner.name()));
            stories.put(reference, new StoredStory(current.story(), "", with, List.of()));
            return true;
        }

        @Override
        public boolean unshare(Reference reference, String partnerId) {
            return false;
        }

        @Override
        public boolean hold(Reference reference, Instant now) {
            return false;
        }
    }

    /** Partners in memory, whose list can be made unavailable. */
    private static final class Partners extends InMemoryPartners {
        boolean down;

        Partners(List<Partner> partners) {
            partners.forEach(p -> add(p, "hash-" + p.id()));
        }

        @Override
        public List<Partner> all() {
            if (down) {
                throw new IllegalStateException("unavailable");
            }
            return super.all();
        }
    }
}
