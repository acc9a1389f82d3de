package org.tellonce.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.core.partner.Partner;
import org.tellonce.local.LocalStack;
import org.tellonce.local.StreamPoller;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.TestStack;

/**
 * The bench's bulk loader writes what the real write path leaves: the partner reads the seeded stories
 * through its feed in order, a seeded story with its resident's earlier ones, and a story told after
 * the load is shared next in the same feed (the loader left the feed's sequence where the fan-out
 * continues).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BulkLoaderIntegrationTest {
    private static final int STORIES = 60;

    private static LocalStack stack;
    private static PartnerClient partner;
    private static Http http;
    private static BulkLoader loader;

    @BeforeAll
    static void seeded() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        partner = new PartnerClient(http, new Admin(stack).addPartner(Scale.PARTNER, "Scale", Scale.TOPIC, ""));
        loader = new BulkLoader(stack.dynamo(), stack.table(), stack.wiring("SubmitStoryFunction").fieldCipher(),
                new Partner(Scale.PARTNER, "Scale", List.of(Scale.TOPIC), List.of(), true), Scale.TOPIC, 3);
        stack.streamPollers().forEach(StreamPoller::pause);
        try {
            loader.loadTo(STORIES / 2);
            loader.loadTo(STORIES);
        } finally {
            stack.streamPollers().forEach(StreamPoller::resumeAtLatest);
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void thePartnerReadsEverySeededStoryInItsFeedInOrder() {
        PartnerClient.Feed feed = partner.readFeed(25, null);

        assertThat(feed.storyIds()).startsWith(IntStream.range(0, STORIES).mapToObj(BulkLoader::storyId)
                .toArray(String[]::new));
        JsonNode first = feed.items().get(0);
        assertThat(first.path("reference").asText()).isEqualTo(BulkLoader.reference(0).value());
        assertThat(first.path("text").asText()).startsWith("Story 00000000.");
        assertThat(first.path("consent").asText("anonymous")).isNotBlank();
        assertThat(loader.items()).isEqualTo(3L * STORIES);
    }

    @Test
    void aSeededStoryShowsItsResidentsEarlierStories() {
        int last = BulkLoader.withHistory(3, STORIES);

        Http.Reply story = partner.story(BulkLoader.storyId(last));

        assertThat(story.status()).isEqualTo(200);
        assertThat(story.json().path("history")).hasSize(BulkLoader.STORIES_PER_RESIDENT - 1);
        assertThat(story.json().path("history").get(0).path("storyId").asText()).isEqualTo(BulkLoader.storyId(last - 1));
    }

    @Test
    void aStoryToldAfterTheLoadIsSharedNextInTheSameFeed() {
        Http.Reply told = http.postJson("/stories", Http.write(java.util.Map.of(
                "story", "The footpath by the school has been flooded for a month, so children walk in the road.",
                "topics", List.of(Scale.TOPIC), "area", "LE1",
                "consent", java.util.Map.of("share", "anonymous", "partners", List.of()))));
        assertThat(told.status()).isEqualTo(201);
        String storyId = told.json().path("storyId").asText();

        Eventually.within(Duration.ofSeconds(20), "the story told after the load is shared",
                () -> partner.readFeed(25, null).storyIds().contains(storyId));

        assertThat(partner.readFeed(25, null).storyIds()).hasSize(STORIES + 1).endsWith(storyId);
    }
}
