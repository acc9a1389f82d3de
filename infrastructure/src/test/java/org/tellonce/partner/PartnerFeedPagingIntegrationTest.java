package org.tellonce.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.adapters.dynamo.DynamoFeedStore;
import org.tellonce.core.feed.FeedCursor;
import org.tellonce.core.feed.FeedPage;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.feed.FeedStore;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Story;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StoredStories;
import org.tellonce.testing.TestStack;

/**
 * Paging through a long feed (SPEC §7): following nextCursor returns every shared story exactly once,
 * in share order, and a later call with the last cursor returns only what was shared since.
 */
class PartnerFeedPagingIntegrationTest {
    private static final int STORIES = 250;
    private static final int PAGE = 7;
    /** Setting up: 250 stories through the real stream and fan-out, not a latency claim. */
    private static final Duration ALL_SHARED = Duration.ofSeconds(150);
    private static final Duration LATER_SHARED = Duration.ofSeconds(30);

    private static LocalStack stack;
    private static RawTable table;
    private static StoredStories stories;
    private static PartnerClient council;
    private static final List<String> written = new ArrayList<>();

    @BeforeAll
    static void aLongFeed() {
        stack = TestStack.start();
        table = new RawTable(stack);
        stories = new StoredStories(stack);
        council = new PartnerClient(new Http(stack.baseUrl()), new Admin(stack).addPartner("council", "Council", "*", ""));
        writeAndAwaitShared(STORIES, ALL_SHARED);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void followingNextCursorReturnsEveryStoryExactlyOnceInShareOrder() {
        PartnerClient.Feed feed = council.readFeed(PAGE, null);

        List<String> ids = feed.storyIds();
        assertThat(ids).hasSize(written.size()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
        assertThat(ids).as("share order: the feed entries' sequence").isEqualTo(sharedInSequence());
        List<Instant> sharedAt = feed.items().stream().map(i -> Instant.parse(i.get("sharedAt").asText())).toList();
        assertThat(sharedAt).isSorted();
        assertThat(council.readFeed(PAGE, null).storyIds()).as("the same order on every read").isEqualTo(ids);
    }

    @Test
    void nextCursorIsNullOnlyAtTheEnd() {
        PartnerClient.Feed feed = council.readFeed(PAGE, null);

        List<List<JsonNode>> pages = feed.pages();
        List<String> cursors = feed.cursors();
        assertThat(cursors.get(cursors.size() - 1)).isNull();
        assertThat(cursors.subList(0, cursors.size() - 1)).doesNotContainNull();
        assertThat(pages).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(PAGE));
        // Every page before the end is full; the one that says "the end" may be empty.
        assertThat(pages.subList(0, pages.size() - 2)).allSatisfy(page -> assertThat(page).hasSize(PAGE));
        assertThat(pages.size()).isBetween(written.size() / PAGE, written.size() / PAGE + 2);
    }

    @Test
    void withoutALimitAPageHoldsFifty() {
        Http.Reply reply = council.page(null, null);
        assertThat(reply.json().get("items")).hasSize(50);
        assertThat(reply.json().get("nextCursor").isNull()).isFalse();
    }

    @Test
    void aLaterCallWithTheLastCursorReturnsOnlyWhatWasSharedSince() {
        String last = council.readFeed(PAGE, null).lastCursor().orElseThrow();
        int before = written.size();

        // What is tested is the cursor, not the fan-out's speed (SharingEndToEndIntegrationTest and the
        // bench hold the 2 s claim); behind 250 stories on a busy machine the stream may lag more.
        writeAndAwaitShared(3, LATER_SHARED);

        PartnerClient.Feed since = council.readFeed(PAGE, last);
        assertThat(since.storyIds()).containsExactlyElementsOf(written.subList(before, written.size()));
        String newLast = since.lastCursor().orElseThrow();
        assertThat(council.readFeed(PAGE, newLast).storyIds()).as("nothing new since then").isEmpty();
    }

    @Test
    void aPageReadsOnlyTheStoriesItCanShow() {
        ReadCountingFeedStore store = new ReadCountingFeedStore(new DynamoFeedStore(stack.dynamo(), stack.table(),
                stack.wiring("PartnerFeedFunction").fieldCipher()));
        FeedService feed = new FeedService(store, new FeedCursor(new byte[32]), new ResidentKeys(new byte[32]),
                Clock.systemUTC());
        Partner partner = new Partner("council", "Council", List.of("*"), List.of(), true);

        FeedPage page = feed.page(partner, Optional.empty(), 3);

        assertThat(page.items()).hasSize(3);
        assertThat(store.storiesRead).as("stories read for a page of 3 out of %d", written.size()).isEqualTo(3);
    }

    /** The real store, counting how many stories the feed asks it for (each one a read a partner's call pays for). */
    private static final class ReadCountingFeedStore implements FeedStore {
        private final FeedStore real;
        private int storiesRead;

        ReadCountingFeedStore(FeedStore real) {
            this.real = real;
        }

        @Override
        public List<FeedEntry> entriesAfter(String partnerId, long afterSeq, int max) {
            return real.entriesAfter(partnerId, afterSeq, max);
        }

        @Override
        public Map<Reference, Held> held(Collection<Reference> references, String partnerId) {
            storiesRead += references.size();
            return real.held(references, partnerId);
        }

        @Override
        public Optional<Reference> referenceOf(String storyId) {
            return real.referenceOf(storyId);
        }

        @Override
        public List<ResidentStory> residentStories(String residentKey, Instant before, int max) {
            return real.residentStories(residentKey, before, max);
        }

        @Override
        public AddResult addResponse(NewResponse response) {
            return real.addResponse(response);
        }

        @Override
        public boolean setHandling(Reference reference, String partnerId, org.tellonce.core.feed.Handling handling) {
            return real.setHandling(reference, partnerId, handling);
        }

        @Override
        public boolean setAssignee(Reference reference, String partnerId,
                                   Optional<org.tellonce.core.feed.Work.Assignee> assignee) {
            return real.setAssignee(reference, partnerId, assignee);
        }

        @Override
        public void markAnswered(Reference reference, String partnerId, java.time.Instant at) {
            real.markAnswered(reference, partnerId, at);
        }
    }

    private static void writeAndAwaitShared(int count, Duration within) {
        List<String> ids = stories.anonymous(count, "environment").stream().map(Story::storyId).toList();
        written.addAll(ids);
        Eventually.within(within, count + " stories shared with council",
                () -> table.sharedFeedEntries("council") == written.size());
    }

    /** The story ids of council's feed entries as stored, in sequence order (what "share order" means). */
    private static List<String> sharedInSequence() {
        return table.feedEntries("council").stream()
                .filter(e -> e.get("state") != null && "shared".equals(e.get("state").s()))
                .map(e -> e.get("storyId").s())
                .toList();
    }
}
