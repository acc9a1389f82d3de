package org.tellonce.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StoryJson.aStory;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Web intake end to end: HTTP through the local stack, the real handlers, moto. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IntakeIntegrationTest {
    private static final String REFERENCE = "TO-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}";
    private static final Pattern MANAGE_COOKIE = Pattern.compile("tellonce_manage=([A-Za-z0-9_-]+);.*");
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static LocalStack stack;
    private static StackClient client;
    private static TableItems table;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        client = new StackClient(stack.baseUrl());
        table = new TableItems(stack);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    // --- JSON submissions ---------------------------------------------------------------------

    @Test
    void aJsonStoryIsReceivedWithAReferenceAndAManageTokenAndStoredOnce() {
        StoryJson story = aStory().topics("transport", "health").area("LE1").contact("sam@example.org")
                .consent("anonymous");

        Response response = client.postJson(story.json());

        JsonNode answer = assertReceived(response);
        assertThat(response.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.header("location")).contains("/stories/" + answer.path("reference").asText());
        List<Map<String, AttributeValue>> stored = table.storiesTelling(story.text());
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("reference").s()).isEqualTo(answer.path("reference").asText());
        assertThat(stored.get(0).get("storyId").s()).isEqualTo(answer.path("storyId").asText());
        assertThat(stored.get(0).get("text").s()).as("encrypted at rest").startsWith("enc:v1:")
                .doesNotContain(story.text());
        assertThat(table.textOf(stored.get(0))).as("stored as given").isEqualTo(story.text());
    }

    @Test
    void theManageTokenIsNeverStoredOnlyItsHash() {
        StoryJson story = aStory();

        String token = assertReceived(client.postJson(story.json())).path("manageToken").asText();

        assertThat(table.storiesTelling(story.text()).get(0).values())
                .noneMatch(value -> value.s() != null && value.s().contains(token));
    }

    @Test
    void everyStoryGetsItsOwnReferenceAndToken() {
        JsonNode first = assertReceived(client.postJson(aStory().json()));
        JsonNode second = assertReceived(client.postJson(aStory().json()));

        assertThat(second.path("reference").asText()).isNotEqualTo(first.path("reference").asText());
        assertThat(second.path("storyId").asText()).isNotEqualTo(first.path("storyId").asText());
        assertThat(second.path("manageToken").asText()).isNotEqualTo(first.path("manageToken").asText());
    }

    // --- Idempotency-Key -----------------------------------------------------------------------

    @Test
    void theSameIdempotencyKeyTwiceReplaysTheFirstAnswerAndStoresOnce() {
        StoryJson story = aStory().contact("replay@example.org");
        String key = UUID.randomUUID().toString();

        Response first = client.postJson(story.json(), "Idempotency-Key", key);
        Response replay = client.postJson(story.json(), "Idempotency-Key", key);

        JsonNode answer = assertReceived(first);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.json().path("reference").asText()).isEqualTo(answer.path("reference").asText());
        assertThat(replay.json().path("storyId").asText()).isEqualTo(answer.path("storyId").asText());
        assertThat(replay.json().path("manageToken").asText()).isEqualTo(answer.path("manageToken").asText());
        assertThat(replay.json().path("status").asText()).isEqualTo("received");
        assertThat(replay.json().path("duplicate").asBoolean()).isFalse();
        assertThat(table.storiesTelling(story.text())).hasSize(1);
    }

    @Test
    void eightConcurrentRequestsWithTheSameIdempotencyKeyStoreOneStoryAndAllGetItsReference() throws Exception {
        StoryJson story = aStory();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return submitRetryingConflicts(story.json(), key);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get(30, TimeUnit.SECONDS));
            }

            assertThat(responses).extracting(Response::status).containsOnly(200, 201);
            assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
            assertThat(responses).extracting(r -> r.json().path("reference").asText()).containsOnly(
                    responses.get(0).json().path("reference").asText()).allMatch(ref -> ref.matches(REFERENCE));
            assertThat(responses).extracting(r -> r.json().path("manageToken").asText()).containsOnly(
                    responses.get(0).json().path("manageToken").asText());
            assertThat(table.storiesTelling(story.text())).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSameIdempotencyKeyWithAnotherStoryIsRefusedWith422() {
        String key = UUID.randomUUID().toString();
        StoryJson first = aStory();
        StoryJson other = aStory();
        assertReceived(client.postJson(first.json(), "Idempotency-Key", key));

        Response reused = client.postJson(other.json(), "Idempotency-Key", key);

        assertThat(reused.status()).as(reused.toString()).isEqualTo(422);
        assertThat(reused.json().path("error").asText()).isEqualTo("idempotency_key_reused");
        assertThat(table.storiesTelling(other.text())).isEmpty();
        assertThat(table.storiesTelling(first.text())).hasSize(1);
    }

    @Test
    void theSameStoryReformattedUnderTheSameKeyReplaysTheFirstAnswerAndAnotherStoryIs422() {
        StoryJson story = aStory().contact("reformatted@example.org").topics("health").area("LE1 5");
        String key = UUID.randomUUID().toString();
        JsonNode first = assertReceived(client.postJson(story.json(), "Idempotency-Key", key));

        Response reformatted = client.postJson(reordered(story.tree()), "Idempotency-Key", key);
        Response changed = client.postJson(reordered(story.topics("transport").tree()), "Idempotency-Key", key);

        assertThat(reformatted.status()).as(reformatted.toString()).isEqualTo(200);
        assertThat(reformatted.json().path("reference").asText()).isEqualTo(first.path("reference").asText());
        assertThat(reformatted.json().path("manageToken").asText()).isEqualTo(first.path("manageToken").asText());
        assertThat(changed.status()).as(changed.toString()).isEqualTo(422);
        assertThat(table.storiesTelling(story.text())).hasSize(1);
    }

    @Test
    void anIdempotencyKeyThatIsNotVisibleAsciiIsABadRequest() {
        int before = table.count();

        Response response = client.postJson(aStory().json(), "Idempotency-Key", "x".repeat(256));

        assertThat(response.status()).isEqualTo(400);
        assertThat(table.count()).isEqualTo(before);
    }

    // --- Duplicates: the same resident telling the same story ------------------------------------

    @Test
    void theSameTextFromTheSameEmailInAnyCaseIsTheSameStory() {
        String text = StoryTexts.unique("The pharmacy on Narborough Road keeps running out of my prescription.");
        JsonNode first = assertReceived(client.postJson(StoryJson.story(text).contact("Jane.Doe@Example.org").json()));

        Response again = client.postJson(StoryJson.story("  " + text.toUpperCase().replace(" ", "   ") + "\n")
                .contact("  jane.doe@EXAMPLE.ORG ").json());

        assertDuplicateOf(first, again);
        assertThat(table.storiesTelling(text)).hasSize(1);
    }

    @Test
    void theSameTextFromTheSamePhoneInNationalOrInternationalFormIsTheSameStory() {
        String text = StoryTexts.unique("Nobody answers the phone at the surgery before ten in the morning.");
        JsonNode first = assertReceived(client.postJson(StoryJson.story(text).contact("07700 900123").json()));

        Response again = client.postJson(StoryJson.story(text.toLowerCase()).contact("+447700900123").json());

        assertDuplicateOf(first, again);
        assertThat(table.storiesTelling(text)).hasSize(1);
    }

    @Test
    void theSameTextFromSomeoneElseIsANewStory() {
        String text = StoryTexts.unique("The street lights on our road have been off for three weeks.");
        JsonNode first = assertReceived(client.postJson(StoryJson.story(text).contact("first@example.org").json()));

        JsonNode second = assertReceived(client.postJson(StoryJson.story(text).contact("second@example.org").json()));

        assertThat(second.path("reference").asText()).isNotEqualTo(first.path("reference").asText());
        assertThat(table.storiesTelling(text)).hasSize(2);
    }

    @Test
    void theSameStorySentEightTimesAtOnceByOneResidentIsStoredOnce() throws Exception {
        String text = StoryTexts.unique("The crossing outside the school has no lollipop person any more.");
        String json = StoryJson.story(text).contact("crossing@example.org").json();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return client.postJson(json);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> f : futures) {
                responses.add(f.get(30, TimeUnit.SECONDS));
            }

            assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
            assertThat(responses).filteredOn(r -> r.status() == 200)
                    .hasSize(7)
                    .allMatch(r -> r.json().path("duplicate").asBoolean());
            assertThat(responses).extracting(r -> r.json().path("reference").asText()).containsOnly(
                    responses.get(0).json().path("reference").asText());
            assertThat(table.storiesTelling(text)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDuplicateSentWithAnIdempotencyKeyReplaysAsADuplicate() {
        String text = StoryTexts.unique("The lift at the station has been broken since March.");
        JsonNode first = assertReceived(client.postJson(StoryJson.story(text).contact("lift@example.org").json()));
        String key = UUID.randomUUID().toString();
        String again = StoryJson.story(text).contact("LIFT@example.org").json();

        Response duplicate = client.postJson(again, "Idempotency-Key", key);
        Response replay = client.postJson(again, "Idempotency-Key", key);

        assertDuplicateOf(first, duplicate);
        assertDuplicateOf(first, replay);
        assertThat(table.storiesTelling(text)).hasSize(1);
    }

    // --- Validation: 400 naming the field, nothing written -------------------------------------

    static Stream<Arguments> invalidStories() {
        return Stream.of(
                Arguments.of("no story", aStory().without("story"), "story"),
                Arguments.of("a story of 9 characters after trimming", StoryJson.story("   123456789  "), "story"),
                Arguments.of("a story of 5001 characters", StoryJson.story("a".repeat(5001)), "story"),
                Arguments.of("a story with a control character", StoryJson.story(
                        StoryTexts.unique("My story has a bell \u0007 in it")), "story"),
                Arguments.of("a story that is a number", aStory().set("story", 1234567890), "story"),
                Arguments.of("a topic not on the list", aStory().topics("health", "weather"), "topics"),
                Arguments.of("topics that are not a list", aStory().set("topics", "health"), "topics"),
                Arguments.of("topics that are not text", aStory().set("topics", List.of(1, 2)), "topics"),
                Arguments.of("an area that is no place", aStory().area("<script>"), "area"),
                Arguments.of("a name over 100 characters", aStory().name("n".repeat(101)), "name"),
                Arguments.of("a contact that is neither email nor phone", aStory().contact("ring me maybe"), "contact"),
                Arguments.of("a consent share that does not exist", aStory().consent("everyone"), "consent"),
                Arguments.of("a consent that is a number", aStory().set("consent", 5), "consent"),
                Arguments.of("identified consent without a contact", aStory().consent("identified"), "contact"),
                Arguments.of("partners that are not partner ids", aStory().consent("anonymous", "Not A Partner!"),
                        "partners"),
                Arguments.of("partners that are not a list", aStory()
                        .set("consent", Map.of("share", "anonymous", "partners", "all")), "partners"),
                Arguments.of("a language that is not a language tag", aStory().language("english please"),
                        "language"));
    }

    @ParameterizedTest(name = "{0} is answered 400 naming \"{2}\"")
    @MethodSource("invalidStories")
    void eachValidationRuleIsAnswered400NamingTheFieldAndNothingIsWritten(String description, StoryJson story,
                                                                          String field) {
        int before = table.count();

        Response response = client.postJson(story.json());

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        JsonNode body = response.json();
        assertThat(body.path("error").asText()).isEqualTo("validation");
        assertThat(body.path("fields").isObject()).isTrue();
        assertThat(iterable(body.path("fields").fieldNames())).containsExactly(field);
        assertThat(body.path("fields").path(field).asText()).isNotBlank();
        assertThat(table.count()).isEqualTo(before);
    }

    static Stream<Arguments> unreadableRequests() {
        String valid = aStory().json();
        return Stream.of(
                Arguments.of("a body over 64 KiB", "application/json",
                        StoryJson.story("a".repeat(64 * 1024)).json(), 413),
                Arguments.of("plain text", "text/plain", valid, 415),
                Arguments.of("no content type", null, valid, 415),
                Arguments.of("JSON in another charset", "application/json; charset=iso-8859-1", valid, 415),
                Arguments.of("XML", "application/xml", "<story>The bus did not come at all</story>", 415),
                Arguments.of("malformed JSON", "application/json", "{\"story\": \"The bus did not come", 400),
                Arguments.of("an empty body", "application/json", "", 400),
                Arguments.of("JSON that is not an object", "application/json", "[\"The bus did not come at all\"]", 400),
                Arguments.of("trailing garbage after the JSON", "application/json", valid + " {}", 400),
                Arguments.of("a JSON key given twice", "application/json",
                        "{\"story\":\"The bus did not come at all\",\"story\":\"Something else entirely\"}", 400),
                Arguments.of("deeply nested JSON", "application/json",
                        "{\"story\":\"The bus did not come at all\",\"topics\":" + "[".repeat(64) + "]".repeat(64) + "}",
                        400),
                Arguments.of("a huge number", "application/json",
                        "{\"story\":\"The bus did not come at all\",\"n\":" + "9".repeat(100) + "}", 400));
    }

    @ParameterizedTest(name = "{0} is answered {3}")
    @MethodSource("unreadableRequests")
    void aRequestThatCannotBeReadIsAClear4xxAndNothingIsWritten(String description, String contentType, String body,
                                                                int status) {
        int before = table.count();

        Response response = client.post("/stories", contentType, body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "at org.");
        assertThat(table.count()).isEqualTo(before);
    }

    // --- Honeypot ---------------------------------------------------------------------------

    @Test
    void aFilledHoneypotLooksLikeSuccessButNothingIsStoredOrViewable() {
        int before = table.count();
        StoryJson bot = aStory().website("https://cheap-pills.example");

        Response response = client.postJson(bot.json());

        JsonNode answer = assertReceived(response);
        assertThat(table.count()).isEqualTo(before);
        Response view = client.get("/stories/" + answer.path("reference").asText(),
                "Authorization", "Bearer " + answer.path("manageToken").asText());
        assertThat(view.status()).isEqualTo(404);
    }

    // --- The resident's view of a story -----------------------------------------------------

    @Test
    void theManageTokenOpensTheStoryWithEverythingTheResidentMaySee() {
        Instant before = Instant.now().minusSeconds(5);
        JsonNode answer = assertReceived(client.postJson(aStory().topics("transport", "health").area("LE1 6AB")
                .consent("anonymous").json()));
        String reference = answer.path("reference").asText();

        Response response = client.get("/stories/" + reference,
                "Authorization", "Bearer " + answer.path("manageToken").asText());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode story = response.json();
        assertThat(story.path("reference").asText()).isEqualTo(reference);
        assertThat(Instant.parse(story.path("receivedAt").asText())).isBetween(before, Instant.now().plusSeconds(5));
        assertThat(story.path("channel").asText()).isEqualTo("web");
        assertThat(story.path("topics")).extracting(JsonNode::asText).containsExactly("transport", "health");
        assertThat(story.path("consent").path("share").asText()).isEqualTo("anonymous");
        assertThat(story.path("consent").path("partners").isArray()).isTrue();
        assertThat(story.path("consent").path("partners")).isEmpty();
        assertThat(story.path("sharedWith").isArray()).isTrue();
        assertThat(story.path("responses").isArray()).isTrue();
    }

    @Test
    void aReferenceTypedInLowerCaseFindsTheSameStory() {
        JsonNode answer = assertReceived(client.postJson(aStory().json()));

        Response response = client.get("/stories/" + answer.path("reference").asText().toLowerCase(),
                "Authorization", "Bearer " + answer.path("manageToken").asText());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("reference").asText()).isEqualTo(answer.path("reference").asText());
    }

    @Test
    void withoutTheRightTokenAStoryIsNotFoundAndNothingRevealsThatItExists() {
        JsonNode answer = assertReceived(client.postJson(aStory().json()));
        JsonNode other = assertReceived(client.postJson(aStory().json()));
        String reference = answer.path("reference").asText();
        String unknown = unusedReference();

        Response wrongToken = client.get("/stories/" + reference, "Authorization", "Bearer " + "A".repeat(43));
        Response otherStorysToken = client.get("/stories/" + reference,
                "Authorization", "Bearer " + other.path("manageToken").asText());
        Response noToken = client.get("/stories/" + reference);
        Response notBearer = client.get("/stories/" + reference,
                "Authorization", "Basic " + answer.path("manageToken").asText());
        Response hugeToken = client.get("/stories/" + reference, "Authorization", "Bearer " + "A".repeat(5000));
        Response unknownReference = client.get("/stories/" + unknown,
                "Authorization", "Bearer " + answer.path("manageToken").asText());
        Response malformed = client.get("/stories/not-a-reference",
                "Authorization", "Bearer " + answer.path("manageToken").asText());

        for (Response r : List.of(wrongToken, otherStorysToken, noToken, notBearer, hugeToken, unknownReference,
                malformed)) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.body()).doesNotContain(reference);
        }
        assertThat(wrongToken.body()).isEqualTo(unknownReference.body()).isEqualTo(noToken.body())
                .isEqualTo(malformed.body());
        assertThat(wrongToken.header("content-type")).isEqualTo(unknownReference.header("content-type"));
    }

    @Test
    void aBrowserWithoutTheCookieGetsTheSameNotFoundPageForAnExistingAndAnUnknownStory() {
        JsonNode answer = assertReceived(client.postJson(aStory().json()));

        Response existing = client.get("/stories/" + answer.path("reference").asText(), "Accept", HTML);
        Response unknown = client.get("/stories/" + unusedReference(), "Accept", HTML);

        assertThat(existing.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(existing.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(existing.body()).isEqualTo(unknown.body());
    }

    // --- The web form, as a browser without JavaScript uses it ----------------------------------

    @Test
    void theStoryFormOffersEveryFieldAndTopic() {
        Response form = client.get("/", "Accept", HTML);

        assertThat(form.status()).isEqualTo(200);
        assertThat(form.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String html = form.body();
        assertThat(html).contains("<form method=\"post\" action=\"/stories\"", "name=\"story\"", "name=\"area\"",
                "name=\"name\"", "name=\"contact\"", "name=\"website\"", "<label for=\"story\">");
        for (String topic : stack.environment("SubmitStoryFunction").get("TOPICS").split(",")) {
            assertThat(html).contains("name=\"topics\" value=\"" + topic + "\"");
        }
        assertThat(html).contains("name=\"consent\" value=\"private\" checked", "name=\"consent\" value=\"anonymous\"",
                "name=\"consent\" value=\"identified\"");
        assertThat(submissionId(html)).hasSizeGreaterThanOrEqualTo(16);
        assertThat(submissionId(client.get("/").body())).isNotEqualTo(submissionId(html));
    }

    @Test
    void aFormPostRedirectsToTheStoryWithTheTokenInAStrictCookieAndThePageShowsTheStoryEscaped() {
        String text = StoryTexts.unique("The clinic sign said <script>alert(1)</script> & nobody fixed it.");
        String submission = submissionId(client.get("/").body());

        Response posted = client.postForm(FormBodies.of("submission", submission, "story", text,
                "topics", "health", "topics", "housing", "area", "LE1 6AB", "name", "", "contact", "",
                "consent", "anonymous", "website", ""));

        assertThat(posted.status()).as(posted.toString()).isEqualTo(303);
        String location = posted.header("location").orElseThrow();
        assertThat(location).matches("/stories/" + REFERENCE);
        String reference = location.substring("/stories/".length());
        assertThat(posted.setCookies()).hasSize(1);
        String cookie = posted.setCookies().get(0);
        assertThat(cookie).startsWith("tellonce_manage=")
                .contains("; Path=/stories/" + reference + ";")
                .contains("; HttpOnly", "; Secure", "; SameSite=Strict");
        String token = manageToken(cookie);
        assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);

        Response page = client.get(location, "Cookie", "tellonce_manage=" + token, "Accept", HTML);

        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains(reference)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; nobody fixed it.")
                .doesNotContain("<script>alert(1)</script>")
                .doesNotContain("<script");
        assertThat(page.header("content-security-policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'"));
        List<Map<String, AttributeValue>> stored = table.storiesTelling(text);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("share").s()).isEqualTo("anonymous");
        assertThat(stored.get(0).get("area").s()).isEqualTo("LE1 6"); // a full postcode is kept only as its sector (SPEC §4)
    }

    @Test
    void aFormWithMistakesComesBackWithTheInputKeptAndAnErrorSummaryLinkingToTheField() {
        int before = table.count();
        String submission = submissionId(client.get("/").body());

        Response response = client.postForm(FormBodies.of("submission", submission, "story", "Too short",
                "topics", "housing", "name", "Sam \"Q\" <b>", "consent", "anonymous", "website", ""));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String html = response.body();
        assertThat(html).contains("class=\"error-summary\"", "There is a problem", "href=\"#story\"",
                "aria-invalid=\"true\"");
        assertThat(html).contains(">Too short</textarea>");
        assertThat(html).contains("value=\"Sam &quot;Q&quot; &lt;b&gt;\"").doesNotContain("<b>");
        assertThat(html).contains("value=\"housing\" checked", "value=\"anonymous\" checked");
        assertThat(submissionId(html)).isEqualTo(submission);
        assertThat(table.count()).isEqualTo(before);
    }

    @Test
    void aFormPostFromAnotherSiteIsRefusedAndNothingIsStored() {
        int before = table.count();
        String body = FormBodies.of("submission", "x".repeat(22), "story", StoryTexts.unique("A story from elsewhere"),
                "consent", "private", "website", "");

        Response crossOrigin = client.postForm(body, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
        Response crossSiteFetch = client.post("/stories", "application/x-www-form-urlencoded",
                body.getBytes(StandardCharsets.US_ASCII), "Sec-Fetch-Site", "cross-site");
        Response opaqueOrigin = client.post("/stories", "application/x-www-form-urlencoded",
                body.getBytes(StandardCharsets.US_ASCII), "Origin", "null");

        assertThat(crossOrigin.status()).isEqualTo(403);
        assertThat(crossSiteFetch.status()).isEqualTo(403);
        assertThat(opaqueOrigin.status()).isEqualTo(403);
        assertThat(crossOrigin.setCookies()).isEmpty();
        assertThat(table.count()).isEqualTo(before);
    }

    @Test
    void resubmittingTheSameFormStoresTheStoryOnceAndLeadsToTheSamePage() {
        String text = StoryTexts.unique("The park gates are locked every evening before the sign says.");
        String body = FormBodies.of("submission", submissionId(client.get("/").body()), "story", text,
                "consent", "private", "website", "");

        Response first = client.postForm(body);
        Response again = client.postForm(body);

        assertThat(first.status()).isEqualTo(303);
        assertThat(again.status()).isEqualTo(303);
        assertThat(again.header("location")).isEqualTo(first.header("location"));
        assertThat(manageToken(again.setCookies().get(0))).isEqualTo(manageToken(first.setCookies().get(0)));
        assertThat(table.storiesTelling(text)).hasSize(1);
    }

    @Test
    void goingBackAndChangingTheFormIsANewStory() {
        String submission = submissionId(client.get("/").body());
        String firstText = StoryTexts.unique("The bins on Walnut Street were not collected this week.");
        String changedText = StoryTexts.unique("The bins on Walnut Street were not collected for two weeks.");

        Response first = client.postForm(FormBodies.of("submission", submission, "story", firstText, "website", ""));
        Response changed = client.postForm(FormBodies.of("submission", submission, "story", changedText, "website", ""));

        assertThat(first.status()).isEqualTo(303);
        assertThat(changed.status()).isEqualTo(303);
        assertThat(changed.header("location")).isNotEqualTo(first.header("location"));
        assertThat(table.storiesTelling(firstText)).hasSize(1);
        assertThat(table.storiesTelling(changedText)).hasSize(1);
    }

    @Test
    void theSameStoryFromTheSameResidentThroughTheFormShowsTheFirstReference() {
        String text = StoryTexts.unique("The GP surgery phone line cuts off after twenty minutes on hold.");
        JsonNode first = assertReceived(client.postJson(StoryJson.story(text).contact("07700 900456").json()));

        Response again = client.postForm(FormBodies.of("submission", submissionId(client.get("/").body()),
                "story", text.toUpperCase(), "contact", "+44 7700 900456", "consent", "private", "website", ""));

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.body()).contains("You have already told us this", first.path("reference").asText());
        assertThat(again.setCookies()).isEmpty();
        assertThat(table.storiesTelling(text)).hasSize(1);
    }

    @Test
    void aFormWithAFilledHoneypotLooksSentButNothingIsStored() {
        int before = table.count();

        Response response = client.postForm(FormBodies.of("submission", "y".repeat(22),
                "story", StoryTexts.unique("Buy cheap pills online today"), "website", "https://cheap-pills.example"));

        assertThat(response.status()).isEqualTo(303);
        assertThat(table.count()).isEqualTo(before);
        Response view = client.get(response.header("location").orElseThrow(),
                "Cookie", "tellonce_manage=" + manageToken(response.setCookies().get(0)), "Accept", HTML);
        assertThat(view.status()).isEqualTo(404);
    }

    @Test
    void aFormThatCannotBeDecodedIsAnErrorPageNotACrash() {
        int before = table.count();

        Response response = client.postForm("submission=abc&story=caf%C3%28+or+%ZZ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(table.count()).isEqualTo(before);
    }

    @Test
    void aFormOver64KiBIsAnswered413() {
        int before = table.count();

        Response response = client.postForm(FormBodies.of("story", "a".repeat(64 * 1024), "website", ""));

        assertThat(response.status()).isEqualTo(413);
        assertThat(table.count()).isEqualTo(before);
    }

    // --- helpers --------------------------------------------------------------------------------

    /** A 201 answer of SPEC §4, returned as JSON. */
    private static JsonNode assertReceived(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode answer = response.json();
        assertThat(answer.path("reference").asText()).matches(REFERENCE);
        assertThat(answer.path("storyId").asText()).isNotBlank();
        String token = answer.path("manageToken").asText();
        assertThat(token).matches("[A-Za-z0-9_-]{22,}");
        assertThat(Base64.getUrlDecoder().decode(token)).as("manage token bytes").hasSizeGreaterThanOrEqualTo(16);
        assertThat(answer.path("status").asText()).isEqualTo("received");
        assertThat(answer.path("duplicate").isBoolean()).isTrue();
        assertThat(answer.path("duplicate").asBoolean()).isFalse();
        return answer;
    }

    /** The same JSON object with its fields in reverse order, indented and spaced out. */
    private static String reordered(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        com.fasterxml.jackson.databind.node.ObjectNode reversed = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        names.forEach(name -> reversed.set(name, object.get(name)));
        return " \n" + reversed.toPrettyString() + "\n\t";
    }

    private static void assertDuplicateOf(JsonNode first, Response again) {
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        JsonNode answer = again.json();
        assertThat(answer.path("reference").asText()).isEqualTo(first.path("reference").asText());
        assertThat(answer.path("storyId").asText()).isEqualTo(first.path("storyId").asText());
        assertThat(answer.path("duplicate").asBoolean()).isTrue();
        assertThat(answer.path("status").asText()).isEqualTo("received");
        // Whoever sends the same text again does not get the first sender's token.
        assertThat(answer.path("manageToken").asText("")).isNotEqualTo(first.path("manageToken").asText());
    }

    /** As a well-behaved client does: a 409 means "the first request is still running, retry". */
    private static Response submitRetryingConflicts(String json, String key) throws InterruptedException {
        Response response = client.postJson(json, "Idempotency-Key", key);
        for (int attempt = 0; response.status() == 409 && attempt < 20; attempt++) {
            Thread.sleep(Duration.ofMillis(50).toMillis());
            response = client.postJson(json, "Idempotency-Key", key);
        }
        return response;
    }

    private static String submissionId(String formHtml) {
        Matcher m = Pattern.compile("name=\"submission\" value=\"([^\"]+)\"").matcher(formHtml);
        assertThat(m.find()).as("the form has a submission id").isTrue();
        return m.group(1);
    }

    private static String manageToken(String setCookie) {
        Matcher m = MANAGE_COOKIE.matcher(setCookie);
        assertThat(m.matches()).as(setCookie).isTrue();
        return m.group(1);
    }

    /** A well-formed reference that no story has. */
    private static String unusedReference() {
        while (true) {
            String candidate = org.tellonce.core.story.Reference.random(new java.security.SecureRandom()).value();
            boolean taken = table.stories().stream().anyMatch(item -> candidate.equals(item.get("reference").s()));
            if (!taken) {
                return candidate;
            }
        }
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
