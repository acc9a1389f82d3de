package org.tellonce.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.core.partner.Partner;
import org.tellonce.local.LocalStack;
import org.tellonce.local.StreamPoller;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.TestStack;

/**
 * History for residents who told many stories (SPEC section 7), seeded as the write path leaves them:
 * stories 0-59 are one resident's, 60-119 anonymous, 120-179 another resident's, all with proven
 * contacts and shared with one partner. An old story shows the stories told before it however many
 * came after, and a feed page reads every history on it in a fixed number of DynamoDB requests.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FeedHistoryAtScaleIntegrationTest {
    private static final int PER_RESIDENT = 60;
    private static final int STORIES = 3 * PER_RESIDENT;

    private static LocalStack stack;
    private static PartnerClient partner;
    private static final WriteCounter requests = new WriteCounter();

    @BeforeAll
    static void seeded() {
        stack = TestStack.startWith(List.of(requests));
        partner = new PartnerClient(new Http(stack.baseUrl()), new Admin(stack).addPartner(Scale.PARTNER, "Scale",
                Scale.TOPIC, ""));
        BulkLoader loader = new BulkLoader(stack.dynamo(), stack.table(),
                stack.wiring("SubmitStoryFunction").fieldCipher(),
                new Partner(Scale.PARTNER, "Scale", List.of(Scale.TOPIC), List.of(), true), Scale.TOPIC, 2,
                PER_RESIDENT, 2);
        stack.streamPollers().forEach(StreamPoller::pause);
        try {
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
    void anOldStoryShowsTheStoriesToldBeforeItNotTheResidentsNewest() {
        assertThat(historyIds(partner.story(BulkLoader.storyId(125)).json()))
                .as("the sixth of 60 stories: 54 came after it")
                .containsExactly(ids(124, 123, 122, 121, 120));
        assertThat(historyIds(partner.story(BulkLoader.storyId(5)).json())).containsExactly(ids(4, 3, 2, 1, 0));
        assertThat(historyIds(partner.story(BulkLoader.storyId(179)).json()))
                .as("at most ten, newest first").containsExactly(ids(178, 177, 176, 175, 174, 173, 172, 171, 170, 169));
        assertThat(historyIds(partner.story(BulkLoader.storyId(120)).json())).as("the resident's first").isEmpty();
        assertThat(historyIds(partner.story(BulkLoader.storyId(70)).json())).as("anonymous, no contact").isEmpty();
    }

    @Test
    void aPageOfFiftyStoriesWithHistoryReadsThemInAFixedNumberOfRequests() {
        Http.Reply first = partner.page(65, null);
        Http.Reply second = partner.page(65, first.json().path("nextCursor").asText());
        assertThat(second.json().path("items")).hasSize(65);

        WriteCounter.Snapshot before = requests.snapshot();
        Http.Reply last = partner.page(50, second.json().path("nextCursor").asText());
        WriteCounter.Snapshot used = requests.snapshot().minus(before);

        List<JsonNode> items = new ArrayList<>();
        last.json().path("items").forEach(items::add);
        assertThat(items).hasSize(50);
        assertThat(items.get(0).path("storyId").asText()).isEqualTo(BulkLoader.storyId(130));
        assertThat(items).allSatisfy(item -> assertThat(item.path("history")).as(item.path("storyId").asText())
                .hasSize(10));
        // The feed's entries and one Query of the resident's stories; the 50 stories (150 keys: two
        // BatchGetItem) and, in one more, the ten earlier ones that are not on the page. Per story, as
        // before, it would be 50 more Queries and 50 more BatchGetItem.
        assertThat(used.calls(WriteCounter.API, "Query")).as("Queries for the page: %s", used.calls()).isEqualTo(2);
        assertThat(used.calls(WriteCounter.API, "BatchGetItem")).as("BatchGetItem for the page: %s", used.calls())
                .isEqualTo(3);
        for (JsonNode item : items) {
            JsonNode view = partner.story(item.path("storyId").asText()).json();
            assertThat(item.path("history")).as("the page's history is the story view's").isEqualTo(view.path("history"));
        }
    }

    @Test
    void aPageAcrossTwoResidentsReadsEachOnceAndShowsWhatEachStoryViewShows() {
        String after40 = partner.page(40, null).json().path("nextCursor").asText();

        WriteCounter.Snapshot before = requests.snapshot();
        Http.Reply page = partner.page(100, after40);
        WriteCounter.Snapshot used = requests.snapshot().minus(before);

        List<JsonNode> items = new ArrayList<>();
        page.json().path("items").forEach(items::add);
        assertThat(items).extracting(i -> i.path("storyId").asText()).startsWith(ids(40)).endsWith(ids(139));
        assertThat(used.calls(WriteCounter.API, "Query")).as("the feed's entries, then each resident once: %s",
                used.calls()).isEqualTo(3);
        for (int n : new int[] {40, 59, 60, 120, 121, 139}) {
            JsonNode item = items.get(n - 40);
            assertThat(item.path("history")).as("story %d", n)
                    .isEqualTo(partner.story(BulkLoader.storyId(n)).json().path("history"));
        }
        assertThat(items.get(0).path("history")).hasSize(10);
        assertThat(items.get(139 - 40).path("history")).hasSize(10);
        assertThat(items.get(121 - 40).path("history")).hasSize(1);
    }

    private static List<String> historyIds(JsonNode story) {
        List<String> ids = new ArrayList<>();
        story.path("history").forEach(e -> ids.add(e.path("storyId").asText()));
        return ids;
    }

    private static String[] ids(int... stories) {
        String[] out = new String[stories.length];
        for (int i = 0; i < stories.length; i++) {
            out[i] = BulkLoader.storyId(stories[i]);
        }
        return out;
    }
}
