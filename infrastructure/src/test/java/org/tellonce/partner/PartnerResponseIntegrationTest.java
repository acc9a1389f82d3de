package org.tellonce.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A partner answers a resident (SPEC §7) and the resident reads the answer on their story (SPEC §4). */
class PartnerResponseIntegrationTest {
    private static final String PARTNER_NAME = "Healthwatch <Leicester> & District";
    private static final String OUR_NUMBER = "+447700900000";
    private static final Pattern REFERENCE = Pattern.compile("TO-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}");

    private static LocalStack stack;
    private static Http http;
    private static RawTable table;
    private static PartnerClient healthwatch;
    private static PartnerClient everyTopic;
    private static String staffCookie;

    @BeforeAll
    static void aPartner() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        table = new RawTable(stack);
        Admin admin = new Admin(stack);
        healthwatch = new PartnerClient(http, admin.addPartner("healthwatch", PARTNER_NAME, "health", ""));
        everyTopic = new PartnerClient(http, admin.addPartner("every-topic", "Citizens Advice", "*", ""));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2000})
    void aResponseOfOneToTwoThousandCharactersIsAccepted(int length) {
        Submitted story = sharedStory();
        String text = "é".repeat(length);

        Http.Reply reply = healthwatch.respond(story.storyId(), text);

        assertThat(reply.status()).isEqualTo(201);
        JsonNode body = reply.json();
        assertThat(body.get("storyId").asText()).isEqualTo(story.storyId());
        assertThat(body.get("text").asText()).isEqualTo(text);
        assertThat(body.get("responseId").asText()).isNotBlank();
        assertThat(Instant.parse(body.get("at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(residentView(story).get("responses")).extracting(r -> r.get("text").asText()).containsExactly(text);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2001})
    void anEmptyOrOverlongResponseIsRefusedAndNotStored(int length) {
        Submitted story = sharedStory();

        Http.Reply reply = healthwatch.respond(story.storyId(), "a".repeat(length));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("fields").has("text")).isTrue();
        assertThat(healthwatch.respond(story.storyId(), " \n\t ").status()).as("only blanks").isEqualTo(400);
        assertThat(residentView(story).get("responses")).isEmpty();
    }

    @Test
    void aResponseThatIsNotJsonIsRefused() {
        Submitted story = sharedStory();
        String path = "/partner/stories/" + story.storyId() + "/responses";
        String[] key = Http.bearer(healthwatch.apiKey());

        assertThat(http.send("POST", path, "text=hello", "content-type", "application/x-www-form-urlencoded",
                key[0], key[1]).status()).isEqualTo(415);
        assertThat(http.postJson(path, "{\"text\":", key).status()).isEqualTo(400);
        assertThat(http.postJson(path, "{\"text\":42}", key).status()).isEqualTo(400);
        assertThat(residentView(story).get("responses")).isEmpty();
    }

    @Test
    void theResidentSeesTheResponseWithThePartnersName() {
        Submitted story = sharedStory();
        healthwatch.respond(story.storyId(), "Thank you - we have raised this with the ICB.");

        JsonNode responses = residentView(story).get("responses");

        assertThat(responses).hasSize(1);
        JsonNode response = responses.get(0);
        assertThat(response.get("partnerId").asText()).isEqualTo("healthwatch");
        assertThat(response.get("name").asText()).isEqualTo(PARTNER_NAME);
        assertThat(response.get("text").asText()).isEqualTo("Thank you - we have raised this with the ICB.");
        assertThat(Instant.parse(response.get("at").asText())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void theStoryPageShowsTheResponseAsTextNotMarkup() {
        Submitted story = sharedStory();
        healthwatch.respond(story.storyId(), "<script>alert('x')</script> & <b>thanks</b>");
        String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;thanks&lt;/b&gt;";

        Http.Reply withBearer = http.get("/stories/" + story.reference(), "accept", "text/html",
                "authorization", "Bearer " + story.manageToken());
        Http.Reply withCookie = http.get("/stories/" + story.reference(), "accept", "text/html,application/xhtml+xml",
                "cookie", "tellonce_manage=" + story.manageToken());

        for (Http.Reply page : new Http.Reply[] {withBearer, withCookie}) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(page.body()).contains(escaped, "Healthwatch &lt;Leicester&gt; &amp; District")
                    .doesNotContain("<script>alert", "<b>thanks", "<Leicester>");
        }
    }

    // --- erasure racing responses (issue #14, point 7) ------------------------------------------

    @Test
    void aStoryErasedWhilePartnersRespondKeepsNoResponseUnderItsTombstone() throws Exception {
        List<Submitted> stories = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            stories.add(sharedStory());
        }
        ExecutorService pool = Executors.newFixedThreadPool(7);
        try {
            for (Submitted story : stories) {
                eraseWhileResponding(pool, story);

                assertThat(responseItems(story.reference()))
                        .as("responses under the tombstone of %s", story.reference()).isEmpty();
                assertThat(healthwatch.respond(story.storyId(), "Are you still there?").status()).isEqualTo(404);
                assertThat(http.get("/stories/" + story.reference(), story.auth()).status()).isIn(404, 410);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // --- Idempotency-Key on responses (issue #14, point 8) --------------------------------------

    @Test
    void concurrentRetriesWithOneIdempotencyKeyStoreOneResponseAndSendOneSms() throws Exception {
        String phone = TestPhones.next();
        String reference = smsStoryShared(phone);
        String storyId = storyIdOf(everyTopic, reference);
        String text = "We have asked the surgery to call you back " + System.nanoTime();
        String key = UUID.randomUUID().toString();

        List<Http.Reply> replies = concurrently(8, () -> everyTopic.respond(storyId, text, key));

        assertThat(replies).extracting(Http.Reply::status).containsOnly(201);
        assertThat(replies).extracting(Http.Reply::body).containsOnly(replies.get(0).body());
        assertThat(responseItems(reference)).hasSize(1);
        Http.Reply later = everyTopic.respond(storyId, text, key);
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.body()).isEqualTo(replies.get(0).body());
        // A later response reaching the phone proves the stream has moved past the first: it was sent once.
        assertThat(everyTopic.respond(storyId, "A second, different answer").status()).isEqualTo(201);
        Eventually.within(Eventually.FAN_OUT, "the second answer by SMS",
                () -> outbox(phone).stream().anyMatch(m -> m.contains("A second, different answer")));
        assertThat(outbox(phone)).filteredOn(m -> m.contains(text)).hasSize(1);
        assertThat(responseItems(reference)).hasSize(2);
    }

    @Test
    void theSameIdempotencyKeyWithAnotherTextIsRefusedWith422AndAnotherPartnerMayUseItToo() {
        Submitted story = sharedStory();
        Eventually.within(Eventually.FAN_OUT, "story shared with every-topic",
                () -> everyTopic.story(story.storyId()).status() == 200);
        String key = UUID.randomUUID().toString();
        assertThat(healthwatch.respond(story.storyId(), "We have passed this on.", key).status()).isEqualTo(201);

        Http.Reply reused = healthwatch.respond(story.storyId(), "Something else entirely.", key);
        Http.Reply otherPartner = everyTopic.respond(story.storyId(), "From Citizens Advice.", key);

        assertThat(reused.status()).as(reused.toString()).isEqualTo(422);
        assertThat(reused.json().path("error").asText()).isEqualTo("idempotency_key_reused");
        assertThat(otherPartner.status()).as("a key is the partner's own").isEqualTo(201);
        assertThat(residentView(story).get("responses")).extracting(r -> r.get("text").asText())
                .containsExactlyInAnyOrder("We have passed this on.", "From Citizens Advice.");
    }

    @Test
    void aReplyFormSubmittedTwiceStoresOneReplyAndTheSecondSubmitShowsTheStoryWithANotice() {
        Submitted story = sharedStory();
        String cookie = staffCookie();
        String token = formToken(http.get("/partner/inbox/" + story.storyId(), "cookie", cookie).body(),
                story.storyId());
        String form = FormBodies.of("text", "Thank you, we are on it.", "formToken", token);

        Http.Reply first = postReply(cookie, story.storyId(), form);
        Http.Reply second = postReply(cookie, story.storyId(), form);

        assertThat(first.status()).isEqualTo(303);
        assertThat(second.status()).as(second.toString()).isEqualTo(303);
        Http.Reply shown = http.get(second.header("location").orElseThrow(), "cookie", cookie);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(second.header("location").orElseThrow()).startsWith("/partner/inbox/" + story.storyId());
        assertThat(shown.body()).contains("This reply was already sent", "Thank you, we are on it.");
        assertThat(residentView(story).get("responses")).extracting(r -> r.get("text").asText())
                .containsExactly("Thank you, we are on it.");
    }

    /** Six threads answer the story over and over, until it is gone, while the resident erases it. */
    private static void eraseWhileResponding(ExecutorService pool, Submitted story) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> responders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            responders.add(pool.submit(() -> {
                start.await();
                Http.Reply reply;
                do {
                    reply = healthwatch.respond(story.storyId(), "We are looking into it.");
                } while (reply.status() == 201);
                return reply;
            }));
        }
        Future<Http.Reply> erase = pool.submit(() -> {
            start.await();
            Thread.sleep(20);
            return http.delete("/stories/" + story.reference(), story.auth());
        });
        start.countDown();
        assertThat(erase.get(30, TimeUnit.SECONDS).status()).isEqualTo(204);
        for (Future<?> responder : responders) {
            responder.get(30, TimeUnit.SECONDS);
        }
    }

    private static List<Http.Reply> concurrently(int times, Callable<Http.Reply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(times);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Http.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<Http.Reply> replies = new ArrayList<>();
            for (Future<Http.Reply> future : futures) {
                replies.add(future.get(30, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The response items under a story, as they are in the table. */
    private static List<Map<String, AttributeValue>> responseItems(String reference) {
        return table.storyPartition(reference).stream().filter(i -> i.get("SK").s().startsWith("RESPONSE#")).toList();
    }

    /** A story told by text from {@code phone} and shared with every partner (answered YES); its reference. */
    private static String smsStoryShared(String phone) {
        text(phone, "The surgery phone line rings out every morning " + System.nanoTime());
        Matcher reference = REFERENCE.matcher(String.join("\n", outbox(phone)));
        assertThat(reference.find()).as("a reference texted back").isTrue();
        text(phone, "YES");
        // Its topic and area questions, skipped: the story is shared now.
        text(phone, "SKIP");
        text(phone, "SKIP");
        Eventually.within(Eventually.FAN_OUT, "the SMS story shared",
                () -> everyTopic.readFeed().items().stream()
                        .anyMatch(i -> i.path("reference").asText().equals(reference.group())));
        return reference.group();
    }

    private static String storyIdOf(PartnerClient partner, String reference) {
        return partner.readFeed().items().stream().filter(i -> i.path("reference").asText().equals(reference))
                .findFirst().orElseThrow().path("storyId").asText();
    }

    private static void text(String phone, String body) {
        Http.Reply reply = http.postJson("/_local/sms", Http.write(Map.of("originationNumber", phone,
                "destinationNumber", OUR_NUMBER, "messageBody", body,
                "inboundMessageId", UUID.randomUUID().toString())));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    }

    private static List<String> outbox(String phone) {
        List<String> bodies = new ArrayList<>();
        for (JsonNode message : http.get("/_local/sms/outbox").json().path("messages")) {
            if (message.path("to").asText().equals(phone)) {
                bodies.add(message.path("body").asText());
            }
        }
        return bodies;
    }

    /** A responder of healthwatch, signed in with the e-mailed code (once per run); the Cookie header's value. */
    private static String staffCookie() {
        if (staffCookie == null) {
            staffCookie = new StaffMembers(stack, new Admin(stack)).addAndSignIn("rhian@healthwatch.example",
                    "Rhian Responder", "responder", "healthwatch");
        }
        return staffCookie;
    }

    /** The one-time token of the reply form of a story on the inbox page. */
    private static String formToken(String inbox, String storyId) {
        Matcher token = Pattern.compile("action=\"/partner/inbox/" + storyId
                + "/responses\"[^>]*>.*?name=\"formToken\" value=\"([^\"]+)\"", Pattern.DOTALL).matcher(inbox);
        assertThat(token.find()).as("a form token in the reply form").isTrue();
        return token.group(1);
    }

    private static Http.Reply postReply(String cookie, String storyId, String form) {
        return http.send("POST", "/partner/inbox/" + storyId + "/responses", form,
                "content-type", "application/x-www-form-urlencoded", "cookie", cookie, "origin", stack.baseUrl(),
                "sec-fetch-site", "same-origin", "accept", "text/html");
    }

    private static Submitted sharedStory() {
        Submitted story = aStory().identified().topics("health").name("Rita Resident")
                .contact("rita." + System.nanoTime() + "@example.org")
                .text("The pharmacy keeps losing my repeat prescription " + System.nanoTime()).submitTo(http);
        Eventually.within(Eventually.FAN_OUT, "story shared with healthwatch",
                () -> healthwatch.story(story.storyId()).status() == 200);
        return story;
    }

    private static JsonNode residentView(Submitted story) {
        Http.Reply reply = http.get("/stories/" + story.reference(), story.auth());
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }
}
