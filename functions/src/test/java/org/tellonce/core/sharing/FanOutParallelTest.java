package org.tellonce.core.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tellonce.core.sharing.Stories.aPartner;
import static org.tellonce.core.sharing.Stories.aStory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;
import org.tellonce.core.story.StoredStory;

/**
 * A story matching many partners is shared with them at once (SPEC section 9: visible within 2 s with
 * 100 partners), and still exactly once per partner, in order in each partner's feed, with every
 * failure reported after all the other shares finished.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FanOutParallelTest {
    private static final Reference SHELTER = new Reference("TO-ABC234");
    private static final Reference LIGHTS = new Reference("TO-XYZ789");

    private final Shares shares = new Shares();
    private final FanOut fanOut = new FanOut(shares, Clock.systemUTC());
    private final ExecutorService redelivery = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        redelivery.shutdownNow();
    }

    @Test
    void theSharesOfOneStoryAreInFlightAtTheSameTime() {
        List<Partner> partners = partners(100);
        shares.put(SHELTER);
        // Every share waits until this many are in flight at once: one after another, the first one times out.
        shares.together = new CountDownLatch(FanOut.PARALLEL_SHARES);

        FanOut.Result result = fanOut.reconcile(SHELTER, partners);

        assertThat(shares.timedOut).as("shares that waited in vain for others in flight").hasValue(0);
        assertThat(shares.mostInFlight.get()).isEqualTo(FanOut.PARALLEL_SHARES);
        assertThat(result.added()).as("every partner, in the partners' order")
                .containsExactlyElementsOf(partners.stream().map(Partner::id).toList());
        assertThat(shares.feeds).hasSize(100).allSatisfy((partner, feed) -> assertThat(feed).containsExactly(SHELTER));
    }

    @Test
    void aStoryDeliveredTwiceAtOnceIsSharedOncePerPartner() throws Exception {
        List<Partner> partners = partners(100);
        shares.put(SHELTER);
        CyclicBarrier start = new CyclicBarrier(2);

        Future<FanOut.Result> first = redelivery.submit(() -> {
            start.await(5, TimeUnit.SECONDS);
            return fanOut.reconcile(SHELTER, partners);
        });
        Future<FanOut.Result> second = redelivery.submit(() -> {
            start.await(5, TimeUnit.SECONDS);
            return new FanOut(shares, Clock.systemUTC()).reconcile(SHELTER, partners);
        });

        List<String> added = new ArrayList<>(first.get(10, TimeUnit.SECONDS).added());
        added.addAll(second.get(10, TimeUnit.SECONDS).added());
        assertThat(added).as("each partner added by exactly one of the two deliveries")
                .containsExactlyInAnyOrderElementsOf(partners.stream().map(Partner::id).toList());
        assertThat(shares.feeds).hasSize(100).allSatisfy((partner, feed) -> assertThat(feed).containsExactly(SHELTER));
        assertThat(fanOut.reconcile(SHELTER, partners).added()).as("a third delivery").isEmpty();
    }

    @Test
    void eachPartnersFeedHasTheStoriesInTheOrderTheyWereReconciled() {
        List<Partner> partners = partners(40);
        shares.put(SHELTER);
        shares.put(LIGHTS);

        fanOut.reconcile(SHELTER, partners);
        fanOut.reconcile(LIGHTS, partners);

        assertThat(shares.feeds).hasSize(40)
                .allSatisfy((partner, feed) -> assertThat(feed).containsExactly(SHELTER, LIGHTS));
    }

    @Test
    void aFailedShareFailsTheStoryOnlyAfterTheOthersFinishedAndTheRetrySharesTheRest() {
        List<Partner> partners = partners(50);
        shares.put(SHELTER);
        shares.failing.addAll(Set.of("p007", "p031"));

        assertThatThrownBy(() -> fanOut.reconcile(SHELTER, partners))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(shares.inFlight).as("no share still running when the failure is reported").hasValue(0);
        assertThat(shares.feeds).hasSize(48).doesNotContainKeys("p007", "p031");

        shares.failing.clear();
        assertThat(fanOut.reconcile(SHELTER, partners).added()).containsExactly("p007", "p031");
        assertThat(shares.feeds).hasSize(50).allSatisfy((partner, feed) -> assertThat(feed).containsExactly(SHELTER));
    }

    @Test
    void theWithdrawalsOfOneStoryFrom100PartnersAreInFlightAtTheSameTime() {
        List<Partner> partners = partners(100);
        shares.put(SHELTER);
        fanOut.reconcile(SHELTER, partners);
        shares.withdrawn(SHELTER);
        shares.mostInFlight.set(0);
        // Every withdrawal waits until this many are in flight at once: one after another, the first times out.
        shares.together = new CountDownLatch(FanOut.PARALLEL_SHARES);

        FanOut.Result result = fanOut.reconcile(SHELTER, partners);

        assertThat(shares.timedOut).as("withdrawals that waited in vain for others in flight").hasValue(0);
        assertThat(shares.mostInFlight.get()).isEqualTo(FanOut.PARALLEL_SHARES);
        assertThat(result.removed()).hasSize(100);
        assertThat(shares.markers).isEmpty();
    }

    @Test
    void oneMatchingPartnerIsSharedOnTheCallersThread() {
        shares.put(SHELTER);

        assertThat(fanOut.reconcile(SHELTER, partners(1)).added()).containsExactly("p001");
        assertThat(shares.threads).containsExactly(Thread.currentThread().getName());
    }

    private static List<Partner> partners(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> aPartner(String.format("p%03d", i)).build()).toList();
    }

    /**
     * Shares in memory, safe for many writers: a marker per story and partner written only if absent (the
     * conditional write), each partner's feed in sequence order, and how many shares were in flight at once.
     */
    private static final class Shares implements ShareStore {
        final Map<Reference, Story> stories = new ConcurrentHashMap<>();
        final Map<String, String> markers = new ConcurrentHashMap<>();
        final Map<String, List<Reference>> feeds = new ConcurrentHashMap<>();
        final Set<String> failing = ConcurrentHashMap.newKeySet();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final AtomicInteger timedOut = new AtomicInteger();
        volatile CountDownLatch together;

        void put(Reference reference) {
            Story s = aStory().share(Share.ANONYMOUS).build();
            stories.put(reference, new Story(s.storyId() + reference.value(), reference, s.receivedAt(), s.channel(),
                    s.text(), s.topics(), s.area(), s.language(), s.name(), s.contact(), s.consent(), s.residentKey(),
                    s.status()));
        }

        @Override
        public Optional<StoredStory> story(Reference reference) {
            Story story = stories.get(reference);
            if (story == null) {
                return Optional.empty();
            }
            List<StoredStory.SharedWith> with = new ArrayList<>();
            markers.forEach((key, partner) -> {
                if (key.startsWith(reference.value() + ">")) {
                    with.add(new StoredStory.SharedWith(partner, "Partner " + partner));
                }
            });
            return Optional.of(new StoredStory(story, "", with, List.of()));
        }

        @Override
        public boolean share(StoredStory story, Partner partner, Instant now) {
            threads.add(Thread.currentThread().getName());
            int now1 = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now1, Math::max);
            try {
                CountDownLatch latch = together;
                if (latch != null) {
                    latch.countDown();
                    if (!latch.await(5, TimeUnit.SECONDS)) {
                        timedOut.incrementAndGet();
                    }
                }
                if (failing.contains(partner.id())) {
                    throw new IllegalStateException("The share could not be written");
                }
                Reference reference = story.story().reference();
                if (markers.putIfAbsent(reference.value() + ">" + partner.id(), partner.id()) != null) {
                    return false;
                }
                // The partner's next sequence number and its entry, as one step per partner.
                feeds.compute(partner.id(), (id, feed) -> {
                    List<Reference> next = feed == null ? new ArrayList<>() : new ArrayList<>(feed);
                    next.add(reference);
                    return next;
                });
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        /** The resident withdrew the story: private from now on. */
        void withdrawn(Reference reference) {
            Story s = stories.get(reference);
            stories.put(reference, new Story(s.storyId(), reference, s.receivedAt(), s.channel(), s.text(), s.topics(),
                    s.area(), s.language(), s.name(), s.contact(), aStory().share(Share.PRIVATE).build().consent(),
                    s.residentKey(), s.status()));
        }

        @Override
        public boolean unshare(Reference reference, String partnerId) {
            int now1 = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now1, Math::max);
            try {
                CountDownLatch latch = together;
                if (latch != null) {
                    latch.countDown();
                    if (!latch.await(5, TimeUnit.SECONDS)) {
                        timedOut.incrementAndGet();
                    }
                }
                return markers.remove(reference.value() + ">" + partnerId) != null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public boolean hold(Reference reference, Instant now) {
            return false;
        }
    }
}
