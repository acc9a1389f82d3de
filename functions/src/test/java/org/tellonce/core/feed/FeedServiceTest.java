package org.tellonce.core.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.sharing.Redactor;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;
import org.tellonce.testing.ManualClock;

class FeedServiceTest {
    private static final Instant START = Instant.parse("2026-03-12T09:00:00Z");
    private static final Partner COUNCIL = new Partner("council", "Council", List.of(Partner.ALL_TOPICS), List.of(), true);
    private static final Partner HEALTHWATCH = new Partner("healthwatch", "Healthwatch", List.of("health"), List.of(),
            true);

    private final InMemoryFeedStore store = new InMemoryFeedStore();
    private final ManualClock clock = new ManualClock(START.plus(Duration.ofHours(1)));
    private final FeedService feed = new FeedService(store, new FeedCursor(new byte[32]),
            new ResidentKeys(new byte[32]), clock);
    private int told;

    @Test
    void followingTheCursorReturnsEverySharedStoryOnceInTheOrderItWasShared() {
        List<Story> shared = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Story story = aStory().build();
            store.share(story, COUNCIL.id(), START.plusSeconds(i));
            shared.add(story);
        }

        List<FeedPage> pages = readAll(COUNCIL, Optional.empty(), 3);

        assertThat(pages).extracting(p -> p.items().size()).containsExactly(3, 3, 1, 0);
        assertThat(pages.stream().flatMap(p -> p.items().stream()).map(FeedItem::reference))
                .containsExactlyElementsOf(shared.stream().map(Story::reference).toList());
        assertThat(pages.get(pages.size() - 1).nextCursor()).as("an empty page has no next cursor").isEmpty();
    }

    @Test
    void aPartnersHandlingAndAssigneeAreItsOwnAndAReplyMovesANewStoryToResponded() {
        Story story = aStory().build();
        store.share(story, COUNCIL.id(), START);
        Work.Assignee rhian = new Work.Assignee("key-of-rhian", "Rhian");

        assertThat(feed.assign(COUNCIL, story.storyId(), Optional.of(rhian))).map(Work::assignee)
                .contains(Optional.of(rhian));
        assertThat(feed.respond(COUNCIL, story.storyId(), "We are on it.", Optional.empty()))
                .isInstanceOf(ResponseOutcome.Stored.class);

        Work work = feed.one(COUNCIL, story.storyId()).orElseThrow().work();
        assertThat(work.handling()).isEqualTo(Handling.RESPONDED);
        assertThat(work.answered()).isTrue();
        assertThat(work.assignee()).contains(rhian);
        assertThat(feed.setHandling(COUNCIL, story.storyId(), Handling.CLOSED)).map(Work::handling)
                .contains(Handling.CLOSED);
        assertThat(feed.setHandling(HEALTHWATCH, story.storyId(), Handling.CLOSED)).as("not shared with it").isEmpty();

        store.unshare(story.reference(), COUNCIL.id());
        assertThat(feed.setHandling(COUNCIL, story.storyId(), Handling.NEW)).as("withdrawn").isEmpty();
        assertThat(feed.assign(COUNCIL, story.storyId(), Optional.empty())).isEmpty();
    }

    @Test
    void onePartnerLeadsAtATimeAndEveryPartnerHoldingTheStorySeesWhich() {
        Story story = aStory().build();
        store.share(story, COUNCIL.id(), START);
        store.share(story, HEALTHWATCH.id(), START);

        assertThat(feed.claimLead(COUNCIL, story.storyId())).isInstanceOf(LeadOutcome.Leading.class);
        assertThat(feed.claimLead(COUNCIL, story.storyId())).as("claiming again is the same lead")
                .isEqualTo(new LeadOutcome.Leading(new Lead(COUNCIL.id(), "Council", clock.instant())));
        assertThat(feed.one(HEALTHWATCH, story.storyId()).orElseThrow().lead()).map(Lead::name).contains("Council");
        assertThat(feed.claimLead(HEALTHWATCH, story.storyId())).isInstanceOf(LeadOutcome.Taken.class);
        assertThat(feed.releaseLead(HEALTHWATCH, story.storyId())).as("only the lead releases")
                .isInstanceOf(LeadOutcome.Taken.class);

        assertThat(feed.releaseLead(COUNCIL, story.storyId())).isInstanceOf(LeadOutcome.Released.class);
        assertThat(feed.one(HEALTHWATCH, story.storyId()).orElseThrow().lead()).isEmpty();
        assertThat(feed.claimLead(HEALTHWATCH, story.storyId())).isInstanceOf(LeadOutcome.Leading.class);
        assertThat(feed.claimLead(new Partner("other", "Other", List.of(Partner.ALL_TOPICS), List.of(), true),
                story.storyId())).as("not shared with it").isInstanceOf(LeadOutcome.NotShared.class);
    }

    @Test
    void aLeadWhoseShareWasTakenBackLeadsNoLonger() {
        Story story = aStory().build();
        store.share(story, COUNCIL.id(), START);
        store.share(story, HEALTHWATCH.id(), START);
        feed.claimLead(COUNCIL, story.storyId());

        store.unshare(story.reference(), COUNCIL.id());

        assertThat(feed.one(HEALTHWATCH, story.storyId()).orElseThrow().lead()).isEmpty();
        assertThat(feed.claimLead(HEALTHWATCH, story.storyId())).isInstanceOf(LeadOutcome.Leading.class);
    }

    @Test
    void aStoryUnansweredPastTheResponseTargetIsOverdueAndAReplyEndsThat() {
        FeedService clocked = new FeedService(store, new FeedCursor(new byte[32]), new ResidentKeys(new byte[32]),
                clock, List::of, Duration.ofDays(2));
        Story story = aStory().build();
        store.share(story, COUNCIL.id(), START);

        assertThat(clocked.one(COUNCIL, story.storyId()).orElseThrow().overdue()).isFalse();
        clock.advance(Duration.ofDays(2));
        assertThat(clocked.one(COUNCIL, story.storyId()).orElseThrow().overdue()).as("two days and an hour").isTrue();
        assertThat(feed.one(COUNCIL, story.storyId()).orElseThrow().overdue()).as("the default is 20 days").isFalse();

        clocked.respond(COUNCIL, story.storyId(), "Thank you, we are looking into it.", Optional.empty());
        assertThat(clocked.one(COUNCIL, story.storyId()).orElseThrow().overdue()).isFalse();
    }

    @Test
    void aLaterCallWithTheLastCursorReturnsOnlyWhatWasSharedSince() {
        store.share(aStory().build(), COUNCIL.id(), START);
        store.share(aStory().build(), COUNCIL.id(), START.plusSeconds(1));
        String last = feed.page(COUNCIL, Optional.empty(), 10).nextCursor().orElseThrow();

        Story later = aStory().build();
        store.share(later, COUNCIL.id(), START.plusSeconds(2));
        FeedPage since = feed.page(COUNCIL, Optional.of(last), 10);

        assertThat(since.items()).extracting(FeedItem::reference).containsExactly(later.reference());
        assertThat(feed.page(COUNCIL, since.nextCursor(), 10).items()).isEmpty();
    }

    @Test
    void anAnonymousShareHidesWhoToldItAndMasksTheirDetailsInTheText() {
        Story story = aStory().share(Share.ANONYMOUS)
                .text("Ring me on 07700 900123 or write to ann@example.org, I live at LE1 1AA.")
                .name("Ann Example").contact(new Contact.Phone("+447700900123")).build();
        store.share(story, COUNCIL.id(), START);

        FeedItem item = feed.page(COUNCIL, Optional.empty(), 10).items().get(0);

        assertThat(item.share()).isEqualTo(Share.ANONYMOUS);
        assertThat(item.contact()).isEmpty();
        assertThat(item.text()).doesNotContain("07700", "900123", "ann@example.org", "LE1 1AA")
                .contains(Redactor.PHONE_REMOVED, Redactor.EMAIL_REMOVED, Redactor.POSTCODE_REMOVED);
        assertThat(feed.one(COUNCIL, story.storyId()).orElseThrow().text()).isEqualTo(item.text());
    }

    @Test
    void anAnonymousShareMasksTheResidentsOwnNameInTheText() {
        Story story = aStory().share(Share.ANONYMOUS).name("Jo Bloggs")
                .text("My name is Jo Bloggs and the Bloggs family waited a year.").build();
        store.share(story, COUNCIL.id(), START);

        FeedItem item = feed.one(COUNCIL, story.storyId()).orElseThrow();

        assertThat(item.text()).isEqualTo("My name is [name removed] and the [name removed] family waited a year.");
    }

    @Test
    void aPartnerTheResidentTickedSeesTheStoryEvenOffItsTopicsAndKnowsItWasChosen() {
        Story housing = aStory().topics("housing").onlyFor(HEALTHWATCH.id()).build();
        Story open = aStory().topics("health").build();
        store.share(housing, HEALTHWATCH.id(), START);
        store.share(open, HEALTHWATCH.id(), START.plusSeconds(1));

        List<FeedItem> items = feed.page(HEALTHWATCH, Optional.empty(), 10).items();

        assertThat(items).extracting(FeedItem::reference).containsExactly(housing.reference(), open.reference());
        assertThat(items).extracting(FeedItem::chosenByResident).containsExactly(true, false);
    }

    @Test
    void anIdentifiedShareGivesTheContactAndTheTextAsTold() {
        String text = "Ring me on 07700 900123 about the bus.";
        Story story = aStory().share(Share.IDENTIFIED).text(text).name("Ann Example")
                .contact(new Contact.Email("ann@example.org")).build();
        store.share(story, COUNCIL.id(), START);

        FeedItem item = feed.one(COUNCIL, story.storyId()).orElseThrow();

        assertThat(item.text()).isEqualTo(text);
        assertThat(item.contact()).contains(new FeedItem.ContactDetails(Optional.of("Ann Example"),
                Optional.of("ann@example.org"), Optional.empty(), false));
        assertThat(item.storyId()).isEqualTo(story.storyId());
        assertThat(item.receivedAt()).isEqualTo(story.receivedAt());
        assertThat(item.sharedAt()).isEqualTo(START);
        assertThat(item.channel()).isEqualTo(Channel.WEB);
        assertThat(item.topics()).containsExactly("health");
        assertThat(item.area()).contains("LE1");
        assertThat(item.language()).isEqualTo("en");
    }

    @Test
    void aWithdrawnStoryDisappearsFromTheFeedAndCannotBeAnswered() {
        Story kept = aStory().build();
        Story withdrawn = aStory().build();
        store.share(withdrawn, COUNCIL.id(), START);
        store.share(kept, COUNCIL.id(), START.plusSeconds(1));

        store.unshare(withdrawn.reference(), COUNCIL.id());

        assertThat(feed.page(COUNCIL, Optional.empty(), 10).items()).extracting(FeedItem::reference)
                .containsExactly(kept.reference());
        assertThat(feed.one(COUNCIL, withdrawn.storyId())).isEmpty();
        assertThat(feed.respond(COUNCIL, withdrawn.storyId(), "We can help.", Optional.empty()))
                .isInstanceOf(ResponseOutcome.NotShared.class);
        assertThat(store.responses).isEmpty();
    }

    @Test
    void aStoryWhoseConsentWasNarrowedToAnotherPartnerOrErasedDisappearsEvenIfItsShareLags() {
        Story narrowed = aStory().build();
        Story erased = aStory().build();
        store.share(narrowed, COUNCIL.id(), START);
        store.share(erased, COUNCIL.id(), START.plusSeconds(1));

        store.save(aStory().like(narrowed).onlyFor(HEALTHWATCH.id()).build());
        store.save(aStory().like(erased).status(Story.Status.ERASED).build());

        assertThat(feed.page(COUNCIL, Optional.empty(), 10).items()).isEmpty();
        assertThat(feed.one(COUNCIL, narrowed.storyId())).isEmpty();
        assertThat(feed.one(COUNCIL, erased.storyId())).isEmpty();
    }

    @Test
    void aStoryOutsideThePartnersTopicsIsNotShown() {
        Story housing = aStory().topics("housing").build();
        store.share(housing, HEALTHWATCH.id(), START);

        assertThat(feed.page(HEALTHWATCH, Optional.empty(), 10).items()).isEmpty();
        assertThat(feed.one(HEALTHWATCH, housing.storyId())).isEmpty();
    }

    @Test
    void anEditedCursorOrAnotherPartnersCursorIsRefused() {
        store.share(aStory().build(), COUNCIL.id(), START);
        store.share(aStory().topics("health").build(), HEALTHWATCH.id(), START);
        String cursor = feed.page(COUNCIL, Optional.empty(), 1).nextCursor().orElseThrow();
        String edited = (cursor.charAt(0) == 'A' ? "B" : "A") + cursor.substring(1);

        assertThatThrownBy(() -> feed.page(COUNCIL, Optional.of(edited), 10))
                .isInstanceOf(InvalidCursorException.class);
        String forged = new FeedCursor("another key".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .encode(COUNCIL.id(), 0);
        assertThatThrownBy(() -> feed.page(COUNCIL, Optional.of(forged), 10))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> feed.page(COUNCIL, Optional.of("not-a-cursor"), 10))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> feed.page(HEALTHWATCH, Optional.of(cursor), 10))
                .as("a cursor is only good for the partner it was given to")
                .isInstanceOf(InvalidCursorException.class);
        assertThat(feed.page(COUNCIL, Optional.of(cursor), 10).items()).isEmpty();
    }

    @Test
    void aPositionStillBeingWrittenHoldsThePageUntilItIsWrittenOrAbandoned() {
        Story first = aStory().build();
        Story third = aStory().build();
        store.entry(COUNCIL.id(), 1, first, START);
        clock.set(START.plusSeconds(10));
        store.entry(COUNCIL.id(), 3, third, START.plusSeconds(10));

        FeedPage page = feed.page(COUNCIL, Optional.empty(), 10);
        assertThat(page.items()).as("position 2 may still be written").extracting(FeedItem::reference)
                .containsExactly(first.reference());

        clock.set(START.plusSeconds(10).plus(FeedService.GAP_TIMEOUT));
        assertThat(feed.page(COUNCIL, page.nextCursor(), 10).items()).as("position 2 was abandoned")
                .extracting(FeedItem::reference).containsExactly(third.reference());
    }

    @Test
    void theHistoryHoldsTheSameResidentsEarlierStoriesSharedTheSameWayNewestFirst() {
        Story oldest = aStory().bySms().share(Share.IDENTIFIED).resident("r1").receivedAt(START.minusSeconds(300)).build();
        Story anonymous = aStory().bySms().share(Share.ANONYMOUS).resident("r1").receivedAt(START.minusSeconds(200)).build();
        Story older = aStory().bySms().share(Share.IDENTIFIED).resident("r1").receivedAt(START.minusSeconds(100)).build();
        Story someoneElse = aStory().bySms().share(Share.IDENTIFIED).resident("r2").receivedAt(START.minusSeconds(50)).build();
        Story latest = aStory().bySms().share(Share.IDENTIFIED).resident("r1").receivedAt(START).build();
        for (Story story : List.of(oldest, anonymous, older, someoneElse, latest)) {
            store.share(story, COUNCIL.id(), story.receivedAt());
        }

        FeedItem item = feed.one(COUNCIL, latest.storyId()).orElseThrow();

        assertThat(item.history()).extracting(FeedItem.Earlier::reference)
                .as("an anonymous story is never tied to an identified one")
                .containsExactly(older.reference(), oldest.reference());
        assertThat(item.history().get(0).text()).isEqualTo(older.text());
        assertThat(feed.one(COUNCIL, oldest.storyId()).orElseThrow().history()).as("only earlier stories").isEmpty();
    }

    @Test
    void anOldStorysHistoryIsTheStoriesToldBeforeItHoweverManyCameAfter() {
        List<Story> stories = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            Story story = aStory().bySms().share(Share.IDENTIFIED).resident("r1").receivedAt(START.plusSeconds(i))
                    .build();
            store.share(story, COUNCIL.id(), story.receivedAt());
            stories.add(story);
        }
        List<Reference> thirtyNineToThirty = new ArrayList<>();
        for (int i = 39; i >= 30; i--) {
            thirtyNineToThirty.add(stories.get(i).reference());
        }

        assertThat(feed.one(COUNCIL, stories.get(5).storyId()).orElseThrow().history())
                .as("the sixth story of 120: its own earlier ones, not the resident's newest")
                .extracting(FeedItem.Earlier::reference)
                .containsExactly(stories.get(4).reference(), stories.get(3).reference(), stories.get(2).reference(),
                        stories.get(1).reference(), stories.get(0).reference());
        assertThat(feed.one(COUNCIL, stories.get(40).storyId()).orElseThrow().history())
                .extracting(FeedItem.Earlier::reference).containsExactlyElementsOf(thirtyNineToThirty);
        assertThat(feed.one(COUNCIL, stories.get(0).storyId()).orElseThrow().history()).isEmpty();
    }

    @Test
    void aPageShowsEachStoryWithTheHistoryItsOwnViewShows() {
        // r1: a few stories; r2: 120, of which council holds only the first five and the last five (the rest
        // went to healthwatch alone), so a page holds r2's stories far apart; anonymous and typed ones between.
        int second = 0;
        for (int i = 0; i < 3; i++) {
            Story story = aStory().bySms().share(Share.IDENTIFIED).resident("r1")
                    .receivedAt(START.plusSeconds(second++)).build();
            store.share(story, COUNCIL.id(), story.receivedAt());
        }
        for (int i = 0; i < 120; i++) {
            boolean council = i < 5 || i >= 115;
            Story story = aStory().bySms().share(Share.IDENTIFIED).resident("r2").topics(council ? "health" : "dentist")
                    .onlyFor(council ? "council" : "healthwatch").receivedAt(START.plusSeconds(second++)).build();
            store.share(story, council ? COUNCIL.id() : HEALTHWATCH.id(), story.receivedAt());
            if (i % 40 == 0) {
                Story anonymous = aStory().bySms().share(Share.ANONYMOUS).resident("r1")
                        .receivedAt(START.plusSeconds(second++)).build();
                store.share(anonymous, COUNCIL.id(), anonymous.receivedAt());
                Story typed = aStory().share(Share.IDENTIFIED).resident("r1").receivedAt(START.plusSeconds(second++))
                        .build();
                store.share(typed, COUNCIL.id(), typed.receivedAt());
            }
        }
        Story r1Last = aStory().bySms().share(Share.IDENTIFIED).resident("r1").receivedAt(START.plusSeconds(second++))
                .build();
        store.share(r1Last, COUNCIL.id(), r1Last.receivedAt());

        for (int limit : List.of(100, 4)) {
            List<FeedItem> items = readAll(COUNCIL, Optional.empty(), limit).stream()
                    .flatMap(p -> p.items().stream()).toList();
            assertThat(items).hasSize(20);
            assertThat(items).allSatisfy(item -> assertThat(item.history())
                    .as("page of %d, %s", limit, item.reference())
                    .isEqualTo(feed.one(COUNCIL, item.storyId()).orElseThrow().history()));
            assertThat(items.get(items.size() - 2).history()).as("r2's last: its four before it council holds")
                    .hasSize(4);
            assertThat(items.get(items.size() - 1).history()).as("r1's last: its three by text, not the others")
                    .hasSize(3);
        }
    }

    @Test
    void aPageReadsItsHistoriesInOneQueryPerResidentAndOneReadOfTheirStories() {
        // Twelve residents' three stories each, then each resident's fourth, then a story linking nothing.
        for (int i = 0; i < 4; i++) {
            for (int resident = 0; resident < 12; resident++) {
                Story story = aStory().bySms().share(Share.IDENTIFIED).resident("r" + resident)
                        .receivedAt(START.plusSeconds(i * 100L + resident)).build();
                store.share(story, COUNCIL.id(), story.receivedAt());
            }
        }
        store.share(aStory().build(), COUNCIL.id(), START.plusSeconds(500));

        FeedPage first = feed.page(COUNCIL, Optional.empty(), 36);
        assertThat(first.items().stream().filter(i -> !i.history().isEmpty())).hasSize(24);
        assertThat(store.residentQueries).as("one Query per resident on the page").isEqualTo(12);
        assertThat(store.heldReads).as("every history's stories are on the page: not read again").isEqualTo(1);

        store.residentQueries = 0;
        store.heldReads = 0;
        FeedPage second = feed.page(COUNCIL, first.nextCursor(), 50);
        assertThat(second.items()).hasSize(13);
        assertThat(second.items().subList(0, 12)).allSatisfy(i -> assertThat(i.history()).hasSize(3));
        assertThat(store.residentQueries).isEqualTo(12);
        assertThat(store.heldReads).as("the page's stories, then all 36 earlier ones in one read").isEqualTo(2);

        store.residentQueries = 0;
        store.heldReads = 0;
        FeedPage one = feed.page(COUNCIL, second.nextCursor(), 50);
        assertThat(one.items()).isEmpty();
        assertThat(store.residentQueries).isZero();
        assertThat(feed.page(COUNCIL, first.nextCursor(), 1).items().get(0).history()).hasSize(3);
        assertThat(store.heldReads).as("an empty page; a page of one story with a history").isEqualTo(1 + 2);
    }

    @Test
    void aStoryThePartnerHeldIdentifiedIsNotLinkedToAnAnonymousOneAfterItTurnedAnonymous() {
        Story earlier = aStory().bySms().share(Share.IDENTIFIED).resident("r1").build();
        store.share(earlier, COUNCIL.id(), START);
        store.save(aStory().like(earlier).share(Share.ANONYMOUS).build());
        Story later = aStory().bySms().share(Share.ANONYMOUS).resident("r1").build();
        store.share(later, COUNCIL.id(), START.plusSeconds(1));

        assertThat(feed.one(COUNCIL, later.storyId()).orElseThrow().history()).isEmpty();
        assertThat(feed.one(COUNCIL, earlier.storyId()).orElseThrow().history()).isEmpty();
    }

    @Test
    void aStoryThePartnerHeldAnonymousIsNotLinkedToAnIdentifiedOneAfterItTurnedIdentified() {
        Story earlier = aStory().bySms().share(Share.ANONYMOUS).resident("r1").build();
        store.share(earlier, COUNCIL.id(), START);
        store.save(aStory().like(earlier).share(Share.IDENTIFIED).build());
        Story later = aStory().bySms().share(Share.IDENTIFIED).resident("r1").build();
        store.share(later, COUNCIL.id(), START.plusSeconds(1));

        assertThat(feed.one(COUNCIL, later.storyId()).orElseThrow().history()).isEmpty();
    }

    @Test
    void aTypedContactLinksNoHistoryAsTheNewStoryNorAsAnEarlierOne() {
        Story smsFirst = aStory().bySms().share(Share.IDENTIFIED).resident("r1").build();
        Story typed = aStory().share(Share.IDENTIFIED).resident("r1").build();
        Story smsLater = aStory().bySms().share(Share.IDENTIFIED).resident("r1").build();
        for (Story story : List.of(smsFirst, typed, smsLater)) {
            store.share(story, COUNCIL.id(), story.receivedAt());
        }

        assertThat(feed.one(COUNCIL, typed.storyId()).orElseThrow().history()).isEmpty();
        assertThat(feed.one(COUNCIL, smsLater.storyId()).orElseThrow().history())
                .extracting(FeedItem.Earlier::reference).containsExactly(smsFirst.reference());
    }

    @Test
    void anIdentifiedContactSaysWhetherItIsVerified() {
        Contact phone = new Contact.Phone("+447700900123");
        Story typed = aStory().share(Share.IDENTIFIED).contact(phone).build();
        Story texted = aStory().bySms().share(Share.IDENTIFIED).contact(phone).build();
        store.share(typed, COUNCIL.id(), START);
        store.share(texted, COUNCIL.id(), START.plusSeconds(1));

        assertThat(feed.one(COUNCIL, typed.storyId()).orElseThrow().contact().orElseThrow().verified()).isFalse();
        assertThat(feed.one(COUNCIL, texted.storyId()).orElseThrow().contact().orElseThrow().verified()).isTrue();
    }

    @Test
    void anAnonymousShareShowsOnlyAPostcodeAreaOrAnAreaNameAPartnerConfigured() {
        FeedService withNames = new FeedService(store, new FeedCursor(new byte[32]), new ResidentKeys(new byte[32]),
                clock, () -> List.of("LE1", "Charnwood"));
        Story person = aStory().area("John Smith").build();
        Story sector = aStory().area("LE1 5").build();
        Story named = aStory().area("charnwood").build();
        Story identified = aStory().share(Share.IDENTIFIED).area("John Smith").build();
        for (Story story : List.of(person, sector, named, identified)) {
            store.share(story, COUNCIL.id(), story.receivedAt());
        }

        assertThat(withNames.one(COUNCIL, person.storyId()).orElseThrow().area()).isEmpty();
        assertThat(withNames.one(COUNCIL, sector.storyId()).orElseThrow().area()).contains("LE1 5");
        assertThat(withNames.one(COUNCIL, named.storyId()).orElseThrow().area()).contains("charnwood");
        assertThat(withNames.one(COUNCIL, identified.storyId()).orElseThrow().area()).contains("John Smith");
    }

    @Test
    void aResponseIsStoredForTheStoryAndTheResidentsPartner() {
        Story story = aStory().build();
        store.share(story, COUNCIL.id(), START);
        clock.set(Instant.parse("2026-03-12T10:00:00.123456Z"));

        FeedResponse response = ((ResponseOutcome.Stored) feed.respond(COUNCIL, story.storyId(),
                "We have passed this on.", Optional.empty())).response();

        assertThat(response.storyId()).isEqualTo(story.storyId());
        assertThat(response.text()).isEqualTo("We have passed this on.");
        assertThat(response.at()).isEqualTo(Instant.parse("2026-03-12T10:00:00.123Z"));
        assertThat(store.responses).containsExactly(new InMemoryFeedStore.StoredResponse(story.reference(),
                COUNCIL.id(), response.responseId(), "We have passed this on.", response.at()));
        assertThat(feed.respond(COUNCIL, "not-a-story-id", "Hello", Optional.empty()))
                .isInstanceOf(ResponseOutcome.NotShared.class);
    }

    @Test
    void anInboxFormSentAgainWithItsTokenIsTheFirstReplyAndWithAnotherTextANewOne() {
        Story story = aStory().build();
        store.share(story, COUNCIL.id(), START);
        Optional<String> token = Optional.of("token-1");

        ResponseOutcome first = feed.respondFromInbox(COUNCIL, story.storyId(), "On it.", token);
        ResponseOutcome again = feed.respondFromInbox(COUNCIL, story.storyId(), "On it.", token);
        ResponseOutcome changed = feed.respondFromInbox(COUNCIL, story.storyId(), "On it, and more.", token);

        assertThat(first).isInstanceOf(ResponseOutcome.Stored.class);
        assertThat(again).isEqualTo(new ResponseOutcome.Replayed(((ResponseOutcome.Stored) first).response()));
        assertThat(changed).isInstanceOf(ResponseOutcome.Stored.class);
        assertThat(store.responses).extracting(InMemoryFeedStore.StoredResponse::text)
                .containsExactly("On it.", "On it, and more.");
    }

    @Test
    void aPageSizeIsAWholeNumberFromOneToAHundredOrFiftyWhenNotAsked() {
        assertThat(FeedService.limit(Optional.empty())).contains(50);
        assertThat(FeedService.limit(Optional.of(""))).contains(50);
        assertThat(FeedService.limit(Optional.of("1"))).contains(1);
        assertThat(FeedService.limit(Optional.of("100"))).contains(100);
        for (String bad : List.of("0", "101", "-5", "ten", "2.5", "99999999999")) {
            assertThat(FeedService.limit(Optional.of(bad))).as(bad).isEmpty();
        }
    }

    @Test
    void aResponseIsOneToTwoThousandCharactersWithoutControlCharacters() {
        assertThat(ResponseText.acceptable("Thank you.\nWe will call.\tSoon")).isTrue();
        assertThat(ResponseText.acceptable("é".repeat(FeedService.RESPONSE_MAX))).isTrue();
        assertThat(ResponseText.acceptable("😀".repeat(FeedService.RESPONSE_MAX))).as("characters, not UTF-16 units")
                .isTrue();
        assertThat(ResponseText.acceptable("")).isFalse();
        assertThat(ResponseText.acceptable("x".repeat(FeedService.RESPONSE_MAX + 1))).isFalse();
        assertThat(ResponseText.acceptable("bell\u0007")).isFalse();
    }

    /** Every page from {@code cursor} on, up to and including the first empty one. */
    private List<FeedPage> readAll(Partner partner, Optional<String> cursor, int limit) {
        List<FeedPage> pages = new ArrayList<>();
        FeedPage page;
        do {
            page = feed.page(partner, cursor, limit);
            pages.add(page);
            cursor = page.nextCursor();
        } while (!page.items().isEmpty() && pages.size() < 100);
        return pages;
    }

    private StoryBuilder aStory() {
        return new StoryBuilder(++told);
    }

    /** A web story about health in LE1, shared anonymously with every partner whose topics match. */
    private static final class StoryBuilder {
        private String storyId;
        private Reference reference;
        private Instant receivedAt;
        private String text = "The 14 bus has not come for a week.";
        private List<String> topics = List.of("health");
        private Optional<String> name = Optional.empty();
        private Optional<Contact> contact = Optional.empty();
        private Share share = Share.ANONYMOUS;
        private List<String> partners = List.of();
        private Optional<String> residentKey = Optional.empty();
        private Story.Status status = Story.Status.RECEIVED;
        private Channel channel = Channel.WEB;
        private Optional<String> area = Optional.of("LE1");

        StoryBuilder(int n) {
            storyId = String.format("00000000-0000-4000-8000-%012d", n);
            StringBuilder code = new StringBuilder();
            for (int i = 0, rest = n; i < 6; i++, rest /= Reference.ALPHABET.length()) {
                code.append(Reference.ALPHABET.charAt(rest % Reference.ALPHABET.length()));
            }
            reference = new Reference("TO-" + code);
            receivedAt = START.minusSeconds(3600).plusSeconds(n);
        }

        /** The same story (id, reference, text, resident) as it may become. */
        StoryBuilder like(Story story) {
            storyId = story.storyId();
            reference = story.reference();
            receivedAt = story.receivedAt();
            text = story.text();
            topics = story.topics();
            name = story.name();
            contact = story.contact();
            share = story.consent().share();
            partners = story.consent().partners();
            residentKey = story.residentKey();
            status = story.status();
            channel = story.channel();
            area = story.area();
            return this;
        }

        StoryBuilder text(String value) {
            text = value;
            return this;
        }

        StoryBuilder topics(String... value) {
            topics = List.of(value);
            return this;
        }

        StoryBuilder name(String value) {
            name = Optional.of(value);
            return this;
        }

        StoryBuilder contact(Contact value) {
            contact = Optional.of(value);
            return this;
        }

        StoryBuilder share(Share value) {
            share = value;
            return this;
        }

        StoryBuilder onlyFor(String... partnerIds) {
            partners = List.of(partnerIds);
            return this;
        }

        StoryBuilder resident(String key) {
            residentKey = Optional.of(key);
            return this;
        }

        StoryBuilder receivedAt(Instant value) {
            receivedAt = value;
            return this;
        }

        /** Told by SMS: the number it came from is proven. */
        StoryBuilder bySms() {
            channel = Channel.SMS;
            return this;
        }

        StoryBuilder area(String value) {
            area = Optional.of(value);
            return this;
        }

        StoryBuilder status(Story.Status value) {
            status = value;
            return this;
        }

        Story build() {
            return new Story(storyId, reference, receivedAt, channel, text, topics, area, "en", name,
                    contact, new Consent(share, partners), residentKey, status);
        }
    }
}
