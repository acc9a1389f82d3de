package org.tellonce.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The access log (SPEC section 11) through the local stack: partners' reads and replies are recorded
 * before the text leaves, residents see organisations (never staff), a partner admin sees their own
 * staff by name, and erasing the story erases its log but for a count.
 */
class AccessLogIntegrationTest {
    private static final String HEALTHWATCH = "Healthwatch Leicester";
    private static final String JSON = "application/json";
    private static final String HTML = "text/html";

    /** Fails every write of access log entries while on: the store is down for the log alone. */
    private static final class LogFaults implements ExecutionInterceptor {
        private volatile boolean on;

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (on && context.request() instanceof BatchWriteItemRequest batch && batch.requestItems().values().stream()
                    .flatMap(List::stream).anyMatch(w -> w.putRequest() != null
                            && w.putRequest().item().getOrDefault("SK", AttributeValue.fromS("")).s().startsWith("ACCESS#"))) {
                throw DynamoDbException.builder().statusCode(500).message("injected: access log unavailable").build();
            }
        }
    }

    private static final LogFaults FAULTS = new LogFaults();
    private static LocalStack stack;
    private static Http http;
    private static RawTable table;
    private static PartnerClient healthwatch;
    private static PartnerClient council;
    private static String reader;
    private static String readerEmail;
    private static String admin;
    private static String councilAdmin;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template())
                .withInterceptors(List.of(TestStack.permissions(), FAULTS)));
        http = new Http(stack.baseUrl());
        table = new RawTable(stack);
        Admin cli = new Admin(stack);
        healthwatch = new PartnerClient(http, cli.addPartner("healthwatch", HEALTHWATCH, "health", ""));
        council = new PartnerClient(http, cli.addPartner("council", "Leicester City Council", "*", ""));
        StaffMembers staff = new StaffMembers(stack, cli);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        readerEmail = "rita-" + tag + "@healthwatch.example";
        reader = staff.addAndSignIn(readerEmail, "Rita Reader", "reader", "healthwatch");
        admin = staff.addAndSignIn("ada-" + tag + "@healthwatch.example", "Ada Admin", "partner-admin", "healthwatch");
        councilAdmin = staff.addAndSignIn("cal-" + tag + "@council.example", "Cal Admin", "partner-admin", "council");
    }

    @AfterEach
    void faultsOff() {
        FAULTS.on = false;
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPartnersApiReadAndReplyAndAStaffReadReachTheResidentWithTheOrganisationNeverTheStaffMember() {
        Submitted story = sharedStory();
        assertThat(healthwatch.story(story.storyId()).status()).isEqualTo(200);
        assertThat(http.get("/partner/stories/" + story.storyId(), "Cookie", reader).status()).isEqualTo(200);
        String key = "reply-" + UUID.randomUUID();
        assertThat(healthwatch.respond(story.storyId(), "We have raised this.", key).status()).isEqualTo(201);
        assertThat(healthwatch.respond(story.storyId(), "We have raised this.", key).status())
                .as("a replay stores nothing and logs nothing").isEqualTo(201);

        Http.Reply view = http.get("/stories/" + story.reference(), story.auth());
        JsonNode log = view.json().path("accessLog");

        assertThat(log).extracting(e -> e.path("organisation").asText() + "|" + e.path("kind").asText() + "|"
                        + e.path("action").asText())
                .containsExactly(HEALTHWATCH + "|api|reply", HEALTHWATCH + "|staff|read", HEALTHWATCH + "|api|read");
        assertThat(log.get(0).path("at").asText()).isGreaterThanOrEqualTo(log.get(2).path("at").asText());
        assertThat(view.body()).doesNotContain("Rita", readerEmail);

        Http.Reply page = http.get("/stories/" + story.reference(), with(story.auth(), "Accept", HTML));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(HEALTHWATCH + " read your story (staff member)",
                HEALTHWATCH + " read your story (automated system)", HEALTHWATCH + " replied to your story")
                .doesNotContain("Rita", readerEmail);
        Http.Reply welsh = http.get("/stories/" + story.reference() + "?lang=cy", with(story.auth(), "Accept", HTML));
        assertThat(welsh.body()).contains("Darllenodd " + HEALTHWATCH + " eich stori (aelod o staff)");
    }

    @Test
    void aFeedPageRecordsOneReadForEachStoryOnIt() {
        Submitted first = sharedStory();
        Submitted second = sharedStory();
        Eventually.within(Eventually.FAN_OUT, "both stories reach the council",
                () -> council.story(second.storyId()).status() == 200 && council.story(first.storyId()).status() == 200);
        int before = councilReads(first);

        PartnerClient.Feed feed = council.readFeed();

        assertThat(feed.storyIds()).contains(first.storyId(), second.storyId());
        assertThat(councilReads(first)).isEqualTo(before + 1);
        assertThat(councilReads(second)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aPartnerAdminSeesTheirReaderByNameAndNobodyElseSeesTheirLog() {
        Submitted story = sharedStory();
        assertThat(http.get("/partner/stories/" + story.storyId(), "Cookie", reader).status()).isEqualTo(200);
        assertThat(healthwatch.story(story.storyId()).status()).isEqualTo(200);

        Http.Reply audit = http.get("/partner/audit", "Cookie", admin, "Accept", JSON);

        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        List<JsonNode> mine = entriesFor(audit.json(), story.reference());
        assertThat(mine).extracting(e -> e.path("kind").asText() + "|" + e.path("action").asText() + "|"
                        + e.path("staff").path("name").asText("-"))
                .containsExactly("api|read|-", "staff|read|Rita Reader");
        assertThat(mine.get(1).path("staff").path("email").asText()).isEqualTo(readerEmail);
        assertThat(mine.get(0).path("staff").isNull()).isTrue();
        Http.Reply page = http.get("/partner/audit", "Cookie", admin, "Accept", HTML);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Rita Reader", story.reference());

        assertThat(http.get("/partner/audit", "Cookie", reader, "Accept", JSON).status()).as("a reader").isEqualTo(403);
        assertThat(http.get("/partner/audit", "Cookie", reader, "Accept", HTML).status()).isEqualTo(403);
        assertThat(http.get("/partner/audit", with(Http.bearer(healthwatch.apiKey()), "Accept", JSON)).status())
                .as("an API key").isEqualTo(403);
        assertThat(http.get("/partner/audit", "Accept", JSON).status()).as("nobody").isEqualTo(401);
        Http.Reply signIn = http.get("/partner/audit", "Accept", HTML);
        assertThat(signIn.status()).isEqualTo(303);
        assertThat(signIn.header("location")).contains("/staff/sign-in");
        Http.Reply councils = http.get("/partner/audit", "Cookie", councilAdmin, "Accept", JSON);
        assertThat(councils.status()).isEqualTo(200);
        assertThat(councils.body()).doesNotContain(story.reference(), "Rita");
        assertThat(http.get("/partner/audit?cursor=not-a-cursor", "Cookie", admin, "Accept", JSON).status())
                .isEqualTo(400);
    }

    @Test
    void erasingTheStoryErasesItsLogAndTheTombstoneKeepsTheCount() {
        Submitted story = sharedStory();
        healthwatch.story(story.storyId());
        http.get("/partner/stories/" + story.storyId(), "Cookie", reader);
        healthwatch.respond(story.storyId(), "Thank you for telling us.");
        assertThat(accessItems(story.reference())).hasSize(3);

        assertThat(http.delete("/stories/" + story.reference(), story.auth()).status()).isEqualTo(204);

        assertThat(accessItems(story.reference())).as("no log entry under the tombstone").isEmpty();
        Map<String, AttributeValue> tombstone = table.storyItem(story.reference());
        assertThat(tombstone.get("status").s()).isEqualTo("erased");
        assertThat(tombstone.get("accessCount").n()).isEqualTo("3");
        assertThat(http.get("/partner/audit", "Cookie", admin, "Accept", JSON).body())
                .as("gone from the partner's log too").doesNotContain(story.reference());
    }

    @Test
    void whenTheLogCannotBeWrittenNoTextLeaves() {
        Submitted story = sharedStory();
        String text = story.story().text();
        FAULTS.on = true;

        Http.Reply one = healthwatch.story(story.storyId());
        Http.Reply page = healthwatch.page(50, null);
        Http.Reply byStaff = http.get("/partner/stories/" + story.storyId(), "Cookie", reader);

        for (Http.Reply reply : List.of(one, page, byStaff)) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
            assertThat(reply.body()).doesNotContain(text);
        }
        FAULTS.on = false;
        assertThat(healthwatch.story(story.storyId()).body()).contains(text);
    }

    private static Submitted sharedStory() {
        Submitted story = aStory().identified().topics("health").name("Rita Resident")
                .contact("resident." + System.nanoTime() + "@example.org")
                .text("The surgery phone line is always busy " + System.nanoTime()).submitTo(http);
        Eventually.within(Eventually.FAN_OUT, "story shared with healthwatch",
                () -> table.shareMarkerExists(story.reference(), "healthwatch"));
        return story;
    }

    private static int councilReads(Submitted story) {
        int n = 0;
        for (JsonNode e : http.get("/stories/" + story.reference(), story.auth()).json().path("accessLog")) {
            n += e.path("organisation").asText().equals("Leicester City Council") ? 1 : 0;
        }
        return n;
    }

    private static List<JsonNode> entriesFor(JsonNode audit, String reference) {
        List<JsonNode> out = new ArrayList<>();
        audit.path("entries").forEach(e -> {
            if (e.path("reference").asText().equals(reference)) {
                out.add(e);
            }
        });
        return out;
    }

    private static List<Map<String, AttributeValue>> accessItems(String reference) {
        return table.storyPartition(reference).stream().filter(i -> i.get("SK").s().startsWith("ACCESS#")).toList();
    }

    private static String[] with(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
