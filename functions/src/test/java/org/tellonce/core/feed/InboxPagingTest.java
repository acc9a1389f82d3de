package org.tellonce.core.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.tellonce.core.story.Topics;
import org.tellonce.testing.ManualClock;
import org.tellonce.web.Inbox;

/**
 * The inbox's pages over the in-memory feed: newest shared first, reached by the links' positions, a
 * filter applied while reading with a bounded read per page, and what one page costs.
 */
class InboxPagingTest {
    private static final Instant START = Instant.parse("2026-03-12T09:00:00Z");
    private static final Topics TOPICS = Topics.parse("health,housing,transport");
    private static final Partner COUNCIL = new Partner("council", "Council", List.of(Partner.ALL_TOPICS), List.of(), true);
    private static final Partner OTHER = new Partner("other", "Other", List.of(Partner.ALL_TOPICS), List.of(), true);

    private final InMemoryFeedStore store = new InMemoryFeedStore();
    private final FeedCursor cursors = new FeedCursor(new byte[32]);
    private final FeedService feed = new FeedService(store, cursors, new ResidentKeys(new byte[32]),
            new ManualClock(START.plus(Duration.ofDays(1))));
    private final Inbox inbox = new Inbox(feed, null);

    @Test
    void olderLinksReachEveryStoryOnceNewestSharedFirstAndNewerLinksComeBack() {
        List<Story> shared = share(60, n -> "health");

        List<List<Reference>> pages = new ArrayList<>();
        Inbox.Listing page = inbox.page(COUNCIL, Inbox.Filter.NONE, new Inbox.Newest());
        List<Inbox.Listing> listings = new ArrayList<>();
        while (true) {
            listings.add(page);
            pages.add(page.items().stream().map(FeedItem::reference).toList());
            if (page.older().isEmpty()) {
                break;
            }
            page = inbox.page(COUNCIL, Inbox.Filter.NONE, start(Inbox.BEFORE, page.older().get()));
        }

        assertThat(pages).extracting(List::size).containsExactly(25, 25, 10);
        assertThat(pages.stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(newestFirst(shared.stream().map(Story::reference).toList()));
        assertThat(listings.get(0).newer()).as("the newest page has nothing newer").isEmpty();
        assertThat(listings).allMatch(l -> l.searchedOut().isEmpty());
        Inbox.Listing back = inbox.page(COUNCIL, Inbox.Filter.NONE, start(Inbox.AFTER, listings.get(2).newer().get()));
        assertThat(back.items().stream().map(FeedItem::reference).toList()).isEqualTo(pages.get(1));
        Inbox.Listing top = inbox.page(COUNCIL, Inbox.Filter.NONE, start(Inbox.AFTER, back.newer().get()));
        assertThat(top.items().stream().map(FeedItem::reference).toList()).isEqualTo(pages.get(0));
        assertThat(top.newer()).as("back at the newest page").isEmpty();
    }

    @Test
    void aPageCostsWhatItShowsNotWhatThePartnerHolds() {
        share(3_000, n -> "health");

        store.positionsRead = 0;
        store.heldReads = 0;
        Inbox.Listing page = inbox.page(COUNCIL, Inbox.Filter.NONE, new Inbox.Newest());

        assertThat(page.items()).hasSize(25);
        assertThat(store.positionsRead).as("25 shown and one to know there are older").isEqualTo(26);
        assertThat(store.heldReads).isEqualTo(1);
        assertThat(page.items()).allMatch(i -> i.history().isEmpty());
    }

    @Test
    void aFilterThatMatchesLittleStopsAtTheReadBudgetAndSearchesOnFromWhereItStopped() {
        // One housing story in 400: the 1,000 newest positions hold 2 or 3 of them.
        List<Story> shared = share(2_500, n -> n % 400 == 7 ? "housing" : "health");
        List<Reference> housing = newestFirst(shared.stream().filter(s -> s.topics().contains("housing"))
                .map(Story::reference).toList());
        Inbox.Filter filter = Inbox.parse(Map.of("topic", "housing"), TOPICS).filter();

        List<Reference> seen = new ArrayList<>();
        Inbox.Listing page = inbox.page(COUNCIL, filter, new Inbox.Newest());
        int pages = 1;
        while (true) {
            assertThat(page.read()).isLessThanOrEqualTo(Inbox.READ_MAX);
            seen.addAll(page.items().stream().map(FeedItem::reference).toList());
            if (page.older().isEmpty()) {
                break;
            }
            assertThat(page.searchedOutOlder()).isTrue();
            page = inbox.page(COUNCIL, filter, start(Inbox.BEFORE, page.older().get()));
            pages++;
        }

        assertThat(seen).containsExactlyElementsOf(housing);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void consentIsCheckedAtReadTimeAndAReferenceIsLookedUpDirectly() {
        List<Story> shared = share(40, n -> "health");
        store.unshare(shared.get(39).reference(), COUNCIL.id());

        Inbox.Listing page = inbox.page(COUNCIL, Inbox.Filter.NONE, new Inbox.Newest());
        assertThat(page.items()).extracting(FeedItem::reference).doesNotContain(shared.get(39).reference())
                .startsWith(shared.get(38).reference()).hasSize(25);

        store.positionsRead = 0;
        Reference wanted = shared.get(3).reference();
        Inbox.Filter byReference = Inbox.parse(Map.of("reference", wanted.value()), TOPICS).filter();
        assertThat(inbox.page(COUNCIL, byReference, new Inbox.Newest()).items()).extracting(FeedItem::reference)
                .containsExactly(wanted);
        assertThat(store.positionsRead).as("no feed read for a reference").isZero();
        Inbox.Filter withdrawn = Inbox.parse(Map.of("reference", shared.get(39).reference().value()), TOPICS).filter();
        assertThat(inbox.page(COUNCIL, withdrawn, new Inbox.Newest()).items()).isEmpty();
    }

    @Test
    void aPositionIsTheInboxsOwnForThisPartnerOnly() {
        share(5, n -> "health");
        String mine = feed.inboxCursor(COUNCIL, 3);

        assertThat(inbox.start(COUNCIL, parsed(Inbox.BEFORE, mine))).contains(new Inbox.Before(3));
        assertThat(inbox.start(OTHER, parsed(Inbox.BEFORE, mine))).as("another partner's").isEmpty();
        assertThat(inbox.start(COUNCIL, parsed(Inbox.BEFORE, cursors.encode(COUNCIL.id(), 3))))
                .as("an API feed cursor").isEmpty();
        assertThat(inbox.start(COUNCIL, parsed(Inbox.AFTER, mine.substring(1)))).isEmpty();
        assertThat(inbox.start(COUNCIL, parsed(Inbox.AFTER, "not-a-cursor!"))).isEmpty();
    }

    @Test
    void theExportStopsWhereTheFileIsFullAndTheNextPartGoesOnFromThere() {
        List<Story> shared = share(30, n -> "health");
        List<Reference> rows = new ArrayList<>();

        Optional<String> rest = inbox.export(COUNCIL, Inbox.Filter.NONE, new Inbox.Newest(),
                item -> rows.size() < 12 && rows.add(item.reference()));
        assertThat(rows).hasSize(12);
        assertThat(rest).isPresent();
        Optional<String> end = inbox.export(COUNCIL, Inbox.Filter.NONE, start(Inbox.BEFORE, rest.get()),
                item -> rows.add(item.reference()));

        assertThat(end).isEmpty();
        assertThat(rows).containsExactlyElementsOf(newestFirst(shared.stream().map(Story::reference).toList()));
    }

    @Test
    void anExportOutOfTimeStopsAfterOneReadAndEveryPartGoesOn() {
        List<Story> shared = share(130, n -> "health");
        List<Reference> rows = new ArrayList<>();
        List<Integer> parts = new ArrayList<>();

        Inbox.Start start = new Inbox.Newest();
        while (true) {
            int before = rows.size();
            Optional<String> rest = inbox.export(COUNCIL, Inbox.Filter.NONE, start, item -> rows.add(item.reference()),
                    Duration.ZERO);
            parts.add(rows.size() - before);
            if (rest.isEmpty()) {
                break;
            }
            start = start(Inbox.BEFORE, rest.get());
        }

        assertThat(parts).as("one read of 33 shares a part").containsExactly(33, 33, 33, 31);
        assertThat(rows).containsExactlyElementsOf(newestFirst(shared.stream().map(Story::reference).toList()));
    }

    @Test
    void aFilteredExportOutOfTimeStopsWithinItsSearchAndGoesOnFromThere() {
        List<Story> shared = share(400, n -> n % 100 == 5 ? "housing" : "health");
        Inbox.Filter filter = Inbox.parse(Map.of("topic", "housing"), TOPICS).filter();
        List<Reference> rows = new ArrayList<>();

        Optional<String> rest = inbox.export(COUNCIL, filter, new Inbox.Newest(), item -> rows.add(item.reference()),
                Duration.ZERO);
        int parts = 1;
        while (rest.isPresent()) {
            rest = inbox.export(COUNCIL, filter, start(Inbox.BEFORE, rest.get()), item -> rows.add(item.reference()),
                    Duration.ZERO);
            parts++;
        }

        assertThat(parts).as("400 positions, 33 a part").isEqualTo(13);
        assertThat(rows).containsExactlyElementsOf(newestFirst(shared.stream()
                .filter(s -> s.topics().contains("housing")).map(Story::reference).toList()));
    }

    private static List<Reference> newestFirst(List<Reference> references) {
        List<Reference> out = new ArrayList<>(references);
        java.util.Collections.reverse(out);
        return out;
    }

    private Inbox.Start start(String name, String cursor) {
        return inbox.start(COUNCIL, parsed(name, cursor)).orElseThrow();
    }

    private static Inbox.ParsedFilter parsed(String name, String cursor) {
        return Inbox.parse(Map.of(name, cursor), TOPICS);
    }

    private List<Story> share(int count, java.util.function.IntFunction<String> topic) {
        List<Story> shared = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Story story = story(n, topic.apply(n));
            store.share(story, COUNCIL.id(), START.plusSeconds(n));
            shared.add(story);
        }
        return shared;
    }

    private static Story story(int n, String topic) {
        StringBuilder code = new StringBuilder();
        for (int i = 0, rest = n; i < 6; i++, rest /= Reference.ALPHABET.length()) {
            code.append(Reference.ALPHABET.charAt(rest % Reference.ALPHABET.length()));
        }
        return new Story(String.format("00000000-0000-4000-8000-%012d", n), new Reference("TO-" + code),
                START.minusSeconds(3600).plusSeconds(n), Channel.WEB, "Story " + n + ": the bus has not come.",
                List.of(topic), Optional.of("LE1"), "en", Optional.empty(), Optional.empty(),
                new Consent(Share.ANONYMOUS, List.of()), Optional.empty(), Story.Status.RECEIVED, false);
    }
}
