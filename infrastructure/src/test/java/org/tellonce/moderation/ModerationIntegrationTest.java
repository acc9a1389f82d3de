package org.tellonce.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.Residents;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;

/**
 * The moderators' work end to end on the local stack under {@code MODERATION=all} (SPEC §12): a held
 * story reaches no partner until it is approved, then each consented partner once, with the edited
 * text; a rejected one never; two decisions at once make one; and who may is {@code Policy}'s.
 */
class ModerationIntegrationTest {
    private static LocalStack stack;
    private static Http http;
    private static PartnerClient health;
    private static PartnerClient advice;
    private static String moderator;
    private static String safeguarding;
    private static String reader;

    @BeforeAll
    static void start() {
        stack = TestStack.start(Map.of("MODERATION", "all"));
        http = new Http(stack.baseUrl());
        Admin admin = new Admin(stack);
        health = new PartnerClient(http, admin.addPartner("healthwatch", "Healthwatch", "health", ""));
        advice = new PartnerClient(http, admin.addPartner("advice", "Citizens Advice", "*", ""));
        StaffMembers staff = new StaffMembers(stack, admin);
        moderator = staff.addAndSignIn("mo@partnership.example", "Mo", "moderator", null);
        safeguarding = staff.addAndSignIn("sam@partnership.example", "Sam", "safeguarding", null);
        reader = staff.addAndSignIn("rhian@healthwatch.example", "Rhian", "reader", "healthwatch");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anApprovedStoryReachesEachConsentedPartnerOnceWithTheEditedTextAndTheResidentKeepsTheirOwn() {
        String original = "My name is Jo Bloggs and the clinic at 12 Acacia Avenue lost my notes twice this year.";
        String email = "jo-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Submitted story = aStory().text(original).name("Jo Bloggs").contact(email).topics("health").anonymous()
                .submitTo(http);
        assertThat(resident(story).get("status").asText()).isEqualTo("awaiting-review");

        JsonNode queue = wholeQueue(moderator);
        assertThat(references(queue)).contains(story.reference());
        JsonNode line = line(queue, story.reference());
        assertThat(line.has("text")).as("the queue never shows the text").isFalse();
        assertThat(line.get("share").asText()).isEqualTo("anonymous");

        JsonNode opened = json(get("/moderation/stories/" + story.reference(), moderator));
        assertThat(opened.get("text").asText()).isEqualTo(original);
        assertThat(opened.get("suggestions").findValuesAsText("text")).contains("Jo Bloggs", "12 Acacia Avenue");
        assertThat(opened.get("suggestedText").asText()).doesNotContain("Jo Bloggs").doesNotContain("Acacia");
        assertThat(health.readFeed().storyIds()).as("held: in no feed").doesNotContain(story.storyId());
        assertThat(advice.readFeed().storyIds()).doesNotContain(story.storyId());

        String edited = "The clinic lost my notes twice this year, and nobody told me. Call Jo on 07700 900123.";
        Http.Reply approved = decide(story.reference(), moderator,
                "{\"decision\":\"approve\",\"sharedText\":" + Http.write(edited) + "}");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("review").asText()).isEqualTo("approved");

        for (PartnerClient partner : List.of(health, advice)) {
            Eventually.within(Eventually.FAN_OUT, "the approved story in the feed",
                    () -> partner.readFeed().storyIds().contains(story.storyId()));
            List<JsonNode> items = partner.readFeed().items().stream()
                    .filter(i -> i.get("storyId").asText().equals(story.storyId())).toList();
            assertThat(items).hasSize(1);
            // Anonymous: masking applies on top of the moderator's text.
            assertThat(items.get(0).get("text").asText())
                    .isEqualTo("The clinic lost my notes twice this year, and nobody told me. Call [name removed] on"
                            + " [phone removed].");
        }
        Eventually.within(Eventually.FAN_OUT, "the resident told it is shared",
                () -> resident(story).get("status").asText().equals("shared"));
        JsonNode mine = resident(story);
        assertThat(mine.get("sharedText").asText()).isEqualTo(edited);
        String token = new Residents(stack).signIn(email);
        JsonNode exported = http.get("/residents/me/export", Http.bearer(token)).json().path("stories").get(0);
        assertThat(exported.get("text").asText()).as("the resident's own words, as told").isEqualTo(original);
        assertThat(exported.get("sharedText").asText()).isEqualTo(edited);
        assertThat(StreamSupport.stream(mine.get("accessLog").spliterator(), false)
                .filter(e -> e.get("action").asText().equals("approved")).toList()).hasSize(1);

        Http.Reply again = decide(story.reference(), moderator, "{\"decision\":\"reject\",\"reason\":\"Changed my mind\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).isEqualTo("already_decided");
        assertThat(references(wholeQueue(moderator))).doesNotContain(story.reference());
    }

    @Test
    void theStoryRoutesTakeTheStoryIdAsWellAsTheReference() {
        String text = "The health visitor has not come for three weeks and nobody answers the phone.";
        Submitted story = aStory().text(text).topics("health").anonymous().submitTo(http);
        String byId = "/moderation/stories/" + story.storyId();

        assertThat(line(wholeQueue(moderator), story.reference()).get("storyId").asText()).isEqualTo(story.storyId());
        JsonNode opened = json(get(byId, moderator));
        assertThat(opened.get("reference").asText()).isEqualTo(story.reference());
        assertThat(opened.get("storyId").asText()).isEqualTo(story.storyId());
        assertThat(opened.get("text").asText()).isEqualTo(text);
        assertThat(opened.get("review").asText()).isEqualTo("held");
        Http.Reply page = http.get(byId, "accept", "text/html", "cookie", moderator);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.body()).contains(text)
                .contains("action=\"/moderation/stories/" + story.reference() + "/decision\"");

        String unknown = "/moderation/stories/" + java.util.UUID.randomUUID();
        assertThat(get(unknown, moderator).status()).isEqualTo(404);
        assertThat(decide(java.util.UUID.randomUUID().toString(), moderator, "{\"decision\":\"approve\"}").status())
                .isEqualTo(404);
        assertThat(get("/moderation/stories/" + story.storyId().toUpperCase(java.util.Locale.ROOT), moderator)
                .status()).as("not a story id nor a reference").isEqualTo(404);

        Http.Reply approved = decide(story.storyId(), moderator, "{\"decision\":\"approve\"}");
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("reference").asText()).isEqualTo(story.reference());
        assertThat(approved.json().get("review").asText()).isEqualTo("approved");
        Eventually.within(Eventually.FAN_OUT, "the story approved by its id in the feed",
                () -> health.readFeed().storyIds().contains(story.storyId()));
        assertThat(json(get("/moderation/stories/" + story.reference(), moderator)).get("review").asText())
                .isEqualTo("approved");
        assertThat(decide(story.storyId(), moderator, "{\"decision\":\"reject\",\"reason\":\"Too late.\"}")
                .status()).isEqualTo(409);
        assertThat(references(wholeQueue(moderator))).doesNotContain(story.reference());
    }

    @Test
    void aRejectedStoryReachesNoPartnerAndTheResidentIsToldWhy() {
        Submitted rejected = aStory().text("The waiting room was cold and the staff were rude to my neighbour.")
                .topics("health").anonymous().submitTo(http);
        Http.Reply noReason = decide(rejected.reference(), moderator, "{\"decision\":\"reject\",\"reason\":\"  \"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().at("/fields/reason").asText()).isNotBlank();
        Http.Reply unknown = decide(rejected.reference(), moderator, "{\"decision\":\"maybe\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/fields/decision").asText()).isNotBlank();
        Http.Reply tooShort = decide(rejected.reference(), moderator,
                "{\"decision\":\"approve\",\"sharedText\":\"short\"}");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().at("/fields/sharedText").asText()).isNotBlank();

        Http.Reply done = decide(rejected.reference(), moderator,
                "{\"decision\":\"reject\",\"reason\":\"It names a member of staff.\"}");
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        JsonNode mine = resident(rejected);
        assertThat(mine.get("status").asText()).isEqualTo("not-shared");
        assertThat(mine.get("statusReason").asText()).isEqualTo("It names a member of staff.");

        // A story approved after it has travelled; the rejected one, decided before, never does.
        Submitted marker = aStory().text("The pharmacy ran out of my prescription again this month.")
                .topics("health").anonymous().submitTo(http);
        assertThat(decide(marker.reference(), moderator, "{\"decision\":\"approve\"}").status()).isEqualTo(200);
        Eventually.within(Eventually.FAN_OUT, "the marker story in the feed",
                () -> advice.readFeed().storyIds().contains(marker.storyId()));
        assertThat(advice.readFeed().storyIds()).doesNotContain(rejected.storyId());
        assertThat(health.readFeed().storyIds()).doesNotContain(rejected.storyId());
    }

    @Test
    void twoDecisionsAtOnceMakeOne() throws Exception {
        Submitted story = aStory().text("The bus to the hospital never comes on time in the morning.")
                .topics("health").anonymous().submitTo(http);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Integer>> clicks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String body = i % 2 == 0 ? "{\"decision\":\"approve\"}"
                    : "{\"decision\":\"reject\",\"reason\":\"Not for sharing.\"}";
            clicks.add(() -> {
                go.await();
                return decide(story.reference(), moderator, body).status();
            });
        }
        List<Future<Integer>> futures = new ArrayList<>();
        clicks.forEach(c -> futures.add(pool.submit(c)));
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : futures) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(5);
        JsonNode mine = resident(story);
        assertThat(StreamSupport.stream(mine.get("accessLog").spliterator(), false)
                .filter(e -> List.of("approved", "rejected").contains(e.get("action").asText())).toList()).hasSize(1);
    }

    @Test
    void onlyModeratorsAndForFlaggedStoriesSafeguardingStaffMayAndThatIsAskedOfEveryRoute() {
        Submitted plain = aStory().text("The surgery phone line is always engaged at eight in the morning.")
                .topics("health").anonymous().submitTo(http);
        Submitted flagged = aStory().text("I have felt suicidal since the service stopped visiting me at home.")
                .topics("health").anonymous().submitTo(http);
        String story = "/moderation/stories/" + plain.reference();

        for (String path : List.of("/moderation", story)) {
            assertThat(http.get(path, "accept", "application/json").status()).as(path).isEqualTo(401);
            assertThat(get(path, reader).status()).as("a partner's reader: " + path).isEqualTo(403);
        }
        assertThat(decide(plain.reference(), null, "{\"decision\":\"approve\"}").status()).isEqualTo(401);
        assertThat(decide(plain.reference(), reader, "{\"decision\":\"approve\"}").status()).isEqualTo(403);
        Http.Reply page = http.get("/moderation", "accept", "text/html");
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("href=\"/staff/sign-in\"");

        JsonNode theirQueue = wholeQueue(safeguarding);
        assertThat(references(theirQueue)).contains(flagged.reference()).doesNotContain(plain.reference());
        assertThat(StreamSupport.stream(theirQueue.get("stories").spliterator(), false)
                .allMatch(s -> s.get("flagged").asBoolean())).isTrue();
        JsonNode moderatorQueue = wholeQueue(moderator);
        assertThat(references(moderatorQueue).indexOf(flagged.reference()))
                .as("flagged first").isLessThan(references(moderatorQueue).indexOf(plain.reference()));
        assertThat(get(story, safeguarding).status()).isEqualTo(403);
        assertThat(decide(plain.reference(), safeguarding, "{\"decision\":\"approve\"}").status()).isEqualTo(403);
        assertThat(get("/moderation/stories/" + flagged.reference(), safeguarding).status()).isEqualTo(200);

        Http.Reply crossSite = http.postJson(story + "/decision", "{\"decision\":\"approve\"}", "cookie", moderator,
                "origin", "https://elsewhere.example", "sec-fetch-site", "cross-site");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(get("/moderation/stories/TO-222222", moderator).status()).isEqualTo(404);
        assertThat(decide(flagged.reference(), safeguarding,
                "{\"decision\":\"reject\",\"reason\":\"We have called the resident.\"}").status()).isEqualTo(200);
    }

    @Test
    void theQueueComesTwentyFiveAPageInItsOrderWithNextAndPreviousAndABadCursorIs400() {
        for (int i = 0; i < 27; i++) {
            aStory().text("The library opening hours were cut again, story number " + i + ".").topics("housing")
                    .anonymous().submitTo(http);
        }
        JsonNode first = json(get("/moderation", moderator));
        assertThat(first.get("stories")).hasSize(25);
        assertThat(first.get("previous").isNull()).isTrue();
        JsonNode second = json(get("/moderation?after=" + first.get("next").asText(), moderator));
        assertThat(second.get("stories").size()).isBetween(1, 25);
        assertThat(references(second)).doesNotContainAnyElementsOf(references(first));
        List<JsonNode> lines = new ArrayList<>();
        first.get("stories").forEach(lines::add);
        second.get("stories").forEach(lines::add);
        assertThat(lines).as("flagged first, then the longest waiting").isSortedAccordingTo(
                java.util.Comparator.<JsonNode, Boolean>comparing(s -> !s.get("flagged").asBoolean())
                        .thenComparing(s -> java.time.Instant.parse(s.get("heldAt").asText())));
        JsonNode back = json(get("/moderation?before=" + second.get("previous").asText(), moderator));
        assertThat(references(back)).isEqualTo(references(first));
        assertThat(get("/moderation?after=not-a-cursor", moderator).status()).isEqualTo(400);
    }

    /** Every page of the queue as one {@code {"stories":[...]}}, following {@code next}. */
    private static JsonNode wholeQueue(String cookie) {
        com.fasterxml.jackson.databind.node.ObjectNode all = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        com.fasterxml.jackson.databind.node.ArrayNode stories = all.putArray("stories");
        JsonNode page = json(get("/moderation", cookie));
        while (true) {
            page.get("stories").forEach(stories::add);
            if (page.get("next").isNull()) {
                return all;
            }
            page = json(get("/moderation?after=" + page.get("next").asText(), cookie));
        }
    }

    private static Http.Reply get(String path, String cookie) {
        return http.get(path, "accept", "application/json", "cookie", cookie);
    }

    /** @param story the story's reference or its story id */
    private static Http.Reply decide(String story, String cookie, String body) {
        String path = "/moderation/stories/" + story + "/decision";
        return cookie == null ? http.postJson(path, body, "origin", stack.baseUrl())
                : http.postJson(path, body, "cookie", cookie, "origin", stack.baseUrl(), "sec-fetch-site", "same-origin");
    }

    private static JsonNode json(Http.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private static List<String> references(JsonNode queue) {
        return queue.get("stories").findValuesAsText("reference");
    }

    private static JsonNode line(JsonNode queue, String reference) {
        return StreamSupport.stream(queue.get("stories").spliterator(), false)
                .filter(s -> s.get("reference").asText().equals(reference)).findFirst().orElseThrow();
    }

    private static JsonNode resident(Submitted story) {
        Http.Reply reply = http.get("/stories/" + story.reference(), story.auth());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }
}
