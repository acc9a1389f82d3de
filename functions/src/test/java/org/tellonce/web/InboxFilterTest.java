package org.tellonce.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tellonce.core.feed.FeedItem;
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
}
