package org.tellonce.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.config.Config;
import org.tellonce.core.sms.TwilioSignature;
import org.tellonce.handlers.intake.SubmitStoryHandler;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.ApiEvents;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Partners;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.SecurityFigures;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;
import org.tellonce.wiring.Wiring;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB going away mid-run, and DynamoDB misbehaving call by call: residents and partners get a
 * 503 with Retry-After (never a 500), nothing is half-written, and a retry with the same
 * Idempotency-Key ends with exactly one story.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StoreOutageIntegrationTest {
    private static final String NAME = "StoreOutageIntegrationTest";
    private static final String OUR_NUMBER = "+447700900000";

    @TempDir
    static Path data;
    private static LocalStack stack;
    private static StackClient client;
    private static TableItems table;
    private static String partnerKey;
    private static JsonNode shared;

    @BeforeAll
    static void start() throws InterruptedException {
        stack = LocalStack.start(new LocalStack.Options(0, 0, data, ProjectFiles.template(), "tellonce"));
        client = new StackClient(stack.baseUrl());
        table = new TableItems(stack);
        partnerKey = Partners.add(stack, "outage-partner", List.of("*"), List.of());
        Response told = client.postJson(StoryJson.aStory().topics("health").consent("anonymous").json());
        assertThat(told.status()).as(told.toString()).isEqualTo(201);
        shared = told.json();
        String storyId = shared.path("storyId").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!feed().body().contains(storyId)) {
            assertThat(System.nanoTime()).as("the story reaches the partner feed").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void whileDynamoDbIsDownEveryRouteThatNeedsItAnswers503WithRetryAfterAndNothingIsHalfWritten() {
        String jsonText = StoryTexts.unique("The crossing by the school has had no lollipop person since May.");
        String key = "outage-" + UUID.randomUUID();
        String json = StoryJson.story(jsonText).contact("outage.json@example.org").topics("transport")
                .consent("anonymous").json();
        String formText = StoryTexts.unique("Our block's bins were not collected for three weeks running.");
        String form = FormBodies.of("submission", "outage-" + UUID.randomUUID(), "story", formText,
                "contact", "outage.form@example.org", "consent", "private");
        String reference = shared.path("reference").asText();
        String token = "Bearer " + shared.path("manageToken").asText();
        String storyId = shared.path("storyId").asText();
        int before = table.count();

        Map<String, Response> answers = new TreeMap<>();
        Response formPage;
        stack.stopDynamo();
        try {
            answers.put("POST /stories (json)", client.postJson(json, "Idempotency-Key", key));
            answers.put("POST /stories (form)", client.postForm(form));
            answers.put("GET /stories/{reference}", client.get("/stories/" + reference, "Authorization", token));
            answers.put("PUT /stories/{reference}/consent", client.send("PUT", "/stories/" + reference + "/consent",
                    "application/json", "{\"share\":\"private\"}", "Authorization", token));
            answers.put("DELETE /stories/{reference}", client.send("DELETE", "/stories/" + reference, null, null,
                    "Authorization", token));
            answers.put("GET /partner/stories", feed());
            answers.put("GET /partner/stories/{storyId}", client.get("/partner/stories/" + storyId,
                    "Authorization", Partners.bearer(partnerKey)));
            answers.put("POST /partner/stories/{storyId}/responses", client.post("/partner/stories/" + storyId
                            + "/responses", "application/json", "{\"text\":\"We are looking into it.\"}".getBytes(
                            StandardCharsets.UTF_8), "Authorization", Partners.bearer(partnerKey)));
            answers.put("POST /sms/twilio", twilio("SMoutage" + UUID.randomUUID().toString().replace("-", ""),
                    "+447700900301", StoryTexts.unique("The surgery phone line rings out every morning.")));
            formPage = client.get("/");
        } finally {
            stack.startDynamo();
        }

        answers.forEach((route, answer) -> {
            assertThat(answer.status()).as(route + " " + answer).isEqualTo(503);
            assertThat(answer.header("retry-after")).as(route + " Retry-After").hasValueSatisfying(
                    v -> assertThat(Integer.parseInt(v)).isPositive());
        });
        assertThat(formPage.status()).as("the form needs no table and still loads").isEqualTo(200);
        assertThat(table.storiesTelling(jsonText)).isEmpty();
        assertThat(table.storiesTelling(formText)).isEmpty();
        assertThat(table.count()).as("no item was written while the table was away").isEqualTo(before);
        SecurityFigures.record(NAME, "routes_answered_503_during_outage", answers.size());
    }

    @Test
    void whenDynamoDbIsBackTheSameRequestWithTheSameKeyStoresExactlyOneStory() {
        String jsonText = StoryTexts.unique("The lift at the station has been out of order since Easter.");
        String key = "outage-retry-" + UUID.randomUUID();
        String json = StoryJson.story(jsonText).contact("outage.retry@example.org").consent("private").json();
        String formText = StoryTexts.unique("Street lights on our road are off from midnight, it is unsafe.");
        String form = FormBodies.of("submission", "retry-" + UUID.randomUUID(), "story", formText,
                "consent", "private");

        stack.stopDynamo();
        Response jsonDown;
        Response formDown;
        try {
            jsonDown = client.postJson(json, "Idempotency-Key", key);
            formDown = client.postForm(form);
        } finally {
            stack.startDynamo();
        }
        Response jsonRetry = client.postJson(json, "Idempotency-Key", key);
        Response jsonAgain = client.postJson(json, "Idempotency-Key", key);
        Response formRetry = client.postForm(form);
        Response formAgain = client.postForm(form);

        assertThat(jsonDown.status()).isEqualTo(503);
        assertThat(formDown.status()).isEqualTo(503);
        assertThat(jsonRetry.status()).as(jsonRetry.toString()).isEqualTo(201);
        assertThat(jsonAgain.status()).as(jsonAgain.toString()).isEqualTo(200);
        assertThat(jsonAgain.json().path("reference").asText()).isEqualTo(jsonRetry.json().path("reference").asText());
        assertThat(jsonAgain.json().path("manageToken").asText())
                .isEqualTo(jsonRetry.json().path("manageToken").asText());
        assertThat(formRetry.status()).isEqualTo(303);
        assertThat(formAgain.status()).isEqualTo(303);
        assertThat(formAgain.header("location")).isEqualTo(formRetry.header("location"));
        assertThat(table.storiesTelling(jsonText)).hasSize(1);
        assertThat(table.storiesTelling(formText)).hasSize(1);
    }

    @Test
    void anSmsThatArrivesWhileDynamoDbIsDownIsStoredOnceWithOneReplyWhenSnsRedeliversIt() {
        String phone = "+447700900302";
        String text = StoryTexts.unique("The bus shelter on Narborough Road has no roof any more.");
        String message = "{\"originationNumber\":\"" + phone + "\",\"destinationNumber\":\"" + OUR_NUMBER
                + "\",\"messageBody\":\"" + text + "\",\"inboundMessageId\":\"outage-sms-" + UUID.randomUUID() + "\"}";

        stack.stopDynamo();
        Response down;
        try {
            down = client.post("/_local/sms", "application/json", message.getBytes(StandardCharsets.UTF_8));
        } finally {
            stack.startDynamo();
        }
        Response redelivered = client.post("/_local/sms", "application/json", message.getBytes(StandardCharsets.UTF_8));
        Response again = client.post("/_local/sms", "application/json", message.getBytes(StandardCharsets.UTF_8));

        assertThat(down.status()).as("the delivery failed, so SNS will deliver it again").isNotEqualTo(202);
        assertThat(redelivered.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(table.storiesTelling(text)).hasSize(1);
        assertThat(client.get("/_local/sms/outbox").json().path("messages").findValuesAsText("to"))
                .filteredOn(phone::equals).hasSize(1);
    }

    @Test
    void isolatedStoreFaultsAreAbsorbedByTheSdkRetriesAndPersistentOnesBecome503WithNoStoryLostOrDoubled() {
        StoreFaults faults = new StoreFaults();
        try (DynamoDbClient faulty = faultyClient(faults)) {
            // The intake function as the stack wires it, on the faulty client.
            SubmitStoryHandler handler = new SubmitStoryHandler(new Wiring(
                    Config.from(stack.environment("SubmitStoryFunction")), stack.overrides().withDynamoDb(faulty)));

            // Isolated faults: every third attempt fails, one way or the other. Three kinds of story:
            // with an Idempotency-Key, with a contact only, and with neither (a plain conditional put).
            faults.everyNth(3);
            List<String> texts = new ArrayList<>();
            int isolatedAnswered201 = 0;
            for (int i = 0; i < 24; i++) {
                String text = StoryTexts.unique("Isolated fault story: the pavement on our street is broken.");
                texts.add(text);
                StoryJson story = StoryJson.story(text).consent("private");
                List<String> headers = new ArrayList<>(List.of("content-type", "application/json"));
                switch (i % 3) {
                    case 0 -> headers.addAll(List.of("idempotency-key", "isolated-" + UUID.randomUUID()));
                    case 1 -> story.contact("isolated." + i + "." + UUID.randomUUID() + "@example.org");
                    default -> { }
                }
                APIGatewayV2HTTPResponse answer = handler.handleRequest(ApiEvents.request("POST", "/stories",
                        story.json(), headers.toArray(String[]::new)), null);
                assertThat(answer.getStatusCode()).as("story " + i + ": " + answer.getBody()).isEqualTo(201);
                isolatedAnswered201++;
            }
            long isolatedFaults = faults.injected();
            assertThat(isolatedFaults).as("faults were injected").isGreaterThanOrEqualTo(8);

            // Persistent faults: the SDK gives up after its bounded attempts; the resident gets a 503.
            List<String> persistentTexts = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            int answered503 = 0;
            for (int i = 0; i < 6; i++) {
                faults.always(i % 2 == 0 ? StoreFaults.Mode.ALWAYS_THROTTLE : StoreFaults.Mode.ALWAYS_LOST_ANSWER);
                String text = StoryTexts.unique("Persistent fault story: nobody answers at the council office.");
                String key = "persistent-" + UUID.randomUUID();
                String body = StoryJson.story(text).contact("persistent." + i + "@example.org").consent("private")
                        .json();
                long started = System.nanoTime();
                APIGatewayV2HTTPResponse answer = handler.handleRequest(ApiEvents.request("POST", "/stories", body,
                        "content-type", "application/json", "idempotency-key", key), null);
                assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(503);
                assertThat(answer.getHeaders()).containsKey("retry-after");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded retries")
                        .isLessThan(Duration.ofSeconds(12));
                answered503++;
                persistentTexts.add(text);
                keys.add(key);
                bodies.add(body);
            }
            long persistentFaults = faults.injected() - isolatedFaults;

            // The store recovers; the resident retries with the same key, twice.
            faults.off();
            for (int i = 0; i < keys.size(); i++) {
                APIGatewayV2HTTPResponse retry = handler.handleRequest(ApiEvents.request("POST", "/stories",
                        bodies.get(i), "content-type", "application/json", "idempotency-key", keys.get(i)), null);
                APIGatewayV2HTTPResponse again = handler.handleRequest(ApiEvents.request("POST", "/stories",
                        bodies.get(i), "content-type", "application/json", "idempotency-key", keys.get(i)), null);
                assertThat(retry.getStatusCode()).as(retry.getBody()).isIn(200, 201);
                assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(200);
                assertThat(again.getBody()).contains("\"duplicate\":false");
            }

            texts.addAll(persistentTexts);
            Map<String, Integer> stored = storedMarkers();
            long lost = texts.stream().filter(t -> stored.getOrDefault(StoryTexts.markerOf(t), 0) == 0).count();
            long duplicates = texts.stream().mapToLong(t -> Math.max(0, stored.getOrDefault(
                    StoryTexts.markerOf(t), 0) - 1)).sum();

            SecurityFigures.record(NAME, "sdk_attempts", faults.attempts());
            SecurityFigures.record(NAME, "faults_injected_isolated", isolatedFaults);
            SecurityFigures.record(NAME, "faults_injected_persistent", persistentFaults);
            SecurityFigures.record(NAME, "faults_injected_throttling", faults.throttles());
            SecurityFigures.record(NAME, "faults_injected_lost_answer_500", faults.lostAnswers());
            SecurityFigures.record(NAME, "isolated_requests_answered_201", isolatedAnswered201);
            SecurityFigures.record(NAME, "persistent_requests_answered_503", answered503);
            SecurityFigures.record(NAME, "stories_lost", lost);
            SecurityFigures.record(NAME, "stories_duplicated", duplicates);
            assertThat(lost).as("stories lost").isZero();
            assertThat(duplicates).as("stories stored twice").isZero();
        }
    }

    /** The client AwsClients.newDynamoDb builds in AWS (same region, HTTP client, retry mode, timeouts) plus the faults. */
    private static DynamoDbClient faultyClient(StoreFaults faults) {
        return DynamoDbClient.builder()
                .region(AwsClients.DEFAULT_REGION)
                .credentialsProvider(AwsClients.localCredentials())
                .httpClient(AwsClients.httpClient())
                .endpointOverride(URI.create(stack.dynamoEndpoint()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(10))
                        .apiCallAttemptTimeout(Duration.ofSeconds(3))
                        .addExecutionInterceptor(faults)
                        .build())
                .build();
    }

    /** How many story items carry each StoryTexts marker. */
    private static Map<String, Integer> storedMarkers() {
        Map<String, Integer> counts = new HashMap<>();
        for (Map<String, AttributeValue> story : table.stories()) {
            if (story.containsKey("text")) {
                String text = table.textOf(story);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("#\\d+-\\d+").matcher(text);
                String marker = null;
                while (m.find()) {
                    marker = m.group();
                }
                if (marker != null) {
                    counts.merge(marker, 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static Response feed() {
        return client.get("/partner/stories", "Authorization", Partners.bearer(partnerKey));
    }

    private static Response twilio(String sid, String from, String body) {
        String url = stack.baseUrl() + "/sms/twilio";
        Map<String, List<String>> params = new TreeMap<>(Map.of("Body", List.of(body), "From", List.of(from),
                "MessageSid", List.of(sid), "To", List.of(OUR_NUMBER)));
        String signature = new TwilioSignature(stack.environment("TwilioWebhookFunction").get("TWILIO_AUTH_TOKEN")).sign(url, params);
        return client.post("/sms/twilio", "application/x-www-form-urlencoded",
                FormBodies.of("Body", body, "From", from, "MessageSid", sid, "To", OUR_NUMBER)
                        .getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature", signature);
    }
}
