package org.tellonce.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.Handling;
import org.tellonce.core.feed.Work;
import org.tellonce.core.story.Topics;

public class InboxFilterTest {
    private static final Topics TOPICS = Topics.parse("health,housing,transport");

    private static FeedItem story(String receivedAt, String area, String... topics) {
        return FeedItems.anItem().receivedAt(receivedAt).area(area).topics(topics).build();
    }

    @Test
    void filtersByTopicAreaPrefixAndUkDate() {
        Inbox.ParsedFilter parsed = Inbox.parse(Map.of("topic", "health", "area", "le 1", "from", "2026-03-01",
                "to", "2026-03-31"), TOPICS);
        assertThat(parsed.errorKeys()).isEmpty();
        Inbox.Filter filter = parsed.filter();

        assertThat(filter.accepts(story("2026-03-12T14:05:00Z", "LE1", "health", "transport"))).isTrue();
        assertThat(filter.accepts(story("2026-03-12T14:05:00Z", "LE12", "health"))).as("area is a prefix").isTrue();
        assertThat(filter.accepts(story("2026-03-12T14:05:00Z", "LE2", "health"))).isFalse();
        assertThat(filter.accepts(story("2026-03-12T14:05:00Z", null, "health"))).isFalse();
        assertThat(filter.accepts(story("2026-03-12T14:05:00Z", "LE1", "housing"))).isFalse();
        assertThat(filter.accepts(story("2026-03-31T23:30:00Z", "LE1", "health")))
                .as("00:30 on 1 April in the UK (BST)").isFalse();
        assertThat(filter.accepts(story("2026-03-01T00:10:00Z", "LE1", "health"))).isTrue();
    }

    @Test
    void whatCannotBeReadIsSaidAndLeftOut() {
        Inbox.ParsedFilter parsed = Inbox.parse(Map.of("topic", "weather", "from", "12/03/2026", "to", ""), TOPICS);
        assertThat(parsed.errorKeys()).containsEntry("topic", "error.filter.topic").containsEntry("from", "error.filter.date");
        assertThat(parsed.filter()).isEqualTo(Inbox.Filter.NONE);

        Inbox.ParsedFilter backwards = Inbox.parse(Map.of("from", "2026-03-31", "to", "2026-03-01"), TOPICS);
        assertThat(backwards.errorKeys()).containsEntry("to", "error.filter.order");
        assertThat(backwards.filter().from()).contains(LocalDate.parse("2026-03-31"));
    }

    @Test
    void filtersByReferenceHandlingUnansweredAndWhoHasTheStory() {
        FeedItem plain = FeedItems.anItem().build();
        FeedItem taken = withWork(plain, new Work(Handling.IN_PROGRESS,
                Optional.of(new Work.Assignee("key-of-rhian", "Rhian")), true));

        Inbox.ParsedFilter parsed = Inbox.parse(Map.of("reference", " to-7qk4mz ", "handling", "in-progress",
                "unanswered", "", "assignee", "me"), TOPICS, Optional.of("key-of-rhian"));

        assertThat(parsed.errorKeys()).isEmpty();
        assertThat(parsed.filter().accepts(taken)).isTrue();
        assertThat(parsed.filter().accepts(plain)).as("new, and nobody's").isFalse();
        assertThat(Inbox.parse(Map.of("unanswered", "true"), TOPICS).filter().accepts(taken)).isFalse();
        assertThat(Inbox.parse(Map.of("unanswered", "true"), TOPICS).filter().accepts(plain)).isTrue();
        assertThat(Inbox.parse(Map.of("assignee", "me"), TOPICS, Optional.of("key-of-sam")).filter().accepts(taken))
                .isFalse();
    }

    @Test
    void badSearchValuesAreSaidAtTheirFieldNeverGuessed() {
        Inbox.ParsedFilter parsed = Inbox.parse(Map.of("reference", "TO-1", "handling", "done", "unanswered", "maybe",
                "assignee", "sam", "page", "0"), TOPICS, Optional.of("key"));

        assertThat(parsed.errorKeys()).containsOnlyKeys("reference", "handling", "unanswered", "assignee", "page");
        assertThat(parsed.page()).isEqualTo(1);
    }

    @Test
    void theLinksKeepTheFiltersAndCarryAPositionNotAPageNumber() {
        Map<String, String> query = Map.of("topic", "health", "area", "LE 1", "page", "2", "lang", "cy",
                "before", "abc");

        assertThat(Inbox.pageHref(query, Inbox.BEFORE, "b-1_x")).isEqualTo("/partner?topic=health&area=LE+1&before=b-1_x");
        assertThat(Inbox.pageHref(query)).isEqualTo("/partner?topic=health&area=LE+1");
        assertThat(Inbox.sameHref("/partner/outcomes", query)).isEqualTo("/partner/outcomes?topic=health&area=LE+1&before=abc");
        assertThat(Inbox.pageHref(Map.of())).isEqualTo("/partner");
    }

    @Test
    void theFirstPageIsStillPageOneAndOtherPageNumbersOrTwoPositionsAreSaid() {
        assertThat(Inbox.parse(Map.of("page", "1"), TOPICS).errorKeys()).isEmpty();
        assertThat(Inbox.parse(Map.of("page", "2"), TOPICS).errorKeys()).containsEntry("page", "error.filter.page");
        Inbox.ParsedFilter both = Inbox.parse(Map.of("before", "a", "after", "b"), TOPICS);
        assertThat(both.errorKeys()).containsEntry("page", "error.filter.cursor");
        assertThat(both.before()).isEmpty();
        assertThat(Inbox.parse(Map.of("before", " a "), TOPICS).before()).contains("a");
    }

    private static FeedItem withWork(FeedItem i, Work work) {
        return new FeedItem(i.storyId(), i.reference(), i.receivedAt(), i.sharedAt(), i.channel(), i.topics(), i.area(),
                i.language(), i.share(), i.text(), i.contact(), i.history(), i.chosenByResident(), work);
    }
}
