package org.tellonce.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;
import org.tellonce.testing.WebhookReceiver;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

import static org.tellonce.testing.StorySubmission.aStory;

/**
 * One story matching 100 partners (issue #20), under MODERATION=all, every partner with a webhook: the
 * moderator's approval shares it with all 100; narrowing, withdrawing and erasing take every share back
 * with one removal record (and one {@code story.withdrawn}) per partner; and no DynamoDB request the
 * functions make exceeds DynamoDB's own limits (100 items a transaction, 25 a BatchWriteItem, 100 keys a
 * BatchGetItem), which the interceptor records for every call of every function.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class HundredPartnersIntegrationTest {
    private static final int PARTNERS = 100;
    /** Locally moto serves one request at a time, and 100 shares or withdrawals are 200 to 300 of them. */
    private static final Duration HUNDRED_SHARES = Duration.ofSeconds(150);
    /**
     * Partners 0 to 9 (7, the one a story is narrowed to, among them) take webhooks: each withdrawal's
     * event is shown for them; the removal records, counted for all 100, are what every event comes from.
     * (All 100 with webhooks made 600 local deliveries: minutes of this test, none of its point.)
     */
    private static final int WEBHOOKS = 10;

    private static final Sizes sizes = new Sizes();
    private static LocalStack stack;
    private static Http http;
    private static WebhookReceiver receiver;
    private static final List<String> keys = new ArrayList<>();

    @BeforeAll
    static void hundredPartners() {
        Path template = Path.of(System.getProperty("tellonce.projectRoot", "..")).toAbsolutePath().normalize()
                .resolve("template.yaml");
        stack = LocalStack.start(LocalStack.Options.inMemory(template).withEnvironment(Map.of("MODERATION", "all"))
                .withInterceptors(List.of(TestStack.permissions(), sizes)));
        http = new Http(stack.baseUrl());
        receiver = new WebhookReceiver();
        Admin admin = new Admin(stack);
        for (int i = 0; i < PARTNERS; i++) {
            String id = id(i);
            keys.add(admin.addPartner(id, "Partner " + i, "health", ""));
            if (i < WEBHOOKS) {
                assertThat(admin.webhook(id, receiver.url("/" + id)).exitCode()).isZero();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        System.out.println("largest request per operation (items or keys): " + new TreeMap<>(sizes.largest));
    }

    @Test
    void approvalSharesWithAll100AndNarrowingWithdrawingAndErasingTakeEveryShareBack() {
        Submitted narrowed = approvedAndShared("The walk-in centre closes at six and the queue is out of the door.");
        Submitted withdrawn = approvedAndShared("There is no ramp at the dentist on the high street, so I cannot get in.");
        Submitted erased = approvedAndShared("The pharmacy ran out of my inhaler twice this month, please help.");

        // Narrowed to one partner: 99 shares go, 99 removal records, 99 story.withdrawn.
        assertThat(http.putJson("/stories/" + narrowed.reference() + "/consent",
                "{\"share\":\"anonymous\",\"partners\":[\"" + id(7) + "\"]}", narrowed.auth()).status()).isEqualTo(200);
        // Withdrawn and erased: all 100 go.
        assertThat(http.putJson("/stories/" + withdrawn.reference() + "/consent",
                "{\"share\":\"private\",\"partners\":[]}", withdrawn.auth()).status()).isEqualTo(200);
        assertThat(http.delete("/stories/" + erased.reference(), erased.auth()).status()).isEqualTo(204);

        RawTable raw = new RawTable(stack);
        Instant changed = Instant.now();
        Eventually.within(HUNDRED_SHARES, "every share taken back",
                () -> shares(raw, narrowed.reference()) == 1 && shares(raw, withdrawn.reference()) == 0
                        && shares(raw, erased.reference()) == 0);
        System.out.printf("narrowed, withdrawn and erased: 299 shares taken back in %d ms%n",
                Duration.between(changed, Instant.now()).toMillis());
        assertThat(removals(raw, narrowed.reference())).isEqualTo(PARTNERS - 1);
        assertThat(removals(raw, withdrawn.reference())).isEqualTo(PARTNERS);
        assertThat(removals(raw, erased.reference())).isEqualTo(PARTNERS);
        JsonNode page = http.get("/stories/" + withdrawn.reference(), withdrawn.auth()).json();
        assertThat(page.path("removals").path("notified").asInt()).isEqualTo(PARTNERS);
        assertThat(page.path("sharedWith")).isEmpty();
        for (int i : List.of(0, 7, 50, 99)) {
            assertThat(partnerGets(i, erased.storyId())).isEqualTo(404);
            assertThat(partnerGets(i, withdrawn.storyId())).isEqualTo(404);
            assertThat(partnerGets(i, narrowed.storyId())).isEqualTo(i == 7 ? 200 : 404);
        }
        Eventually.within(HUNDRED_SHARES, "a story.withdrawn to each partner with a webhook for the erased story",
                () -> withdrawnEvents(erased.storyId()) == WEBHOOKS);
        Eventually.within(HUNDRED_SHARES, "all but partner 7 for the narrowed one",
                () -> withdrawnEvents(narrowed.storyId()) == WEBHOOKS - 1);

        assertThat(sizes.largest.getOrDefault("TransactWriteItems", 0)).isLessThanOrEqualTo(100);
        assertThat(sizes.largest.getOrDefault("BatchWriteItem", 0)).isLessThanOrEqualTo(25);
        assertThat(sizes.largest.getOrDefault("BatchGetItem", 0)).isLessThanOrEqualTo(100);
    }

    @Test
    void anOutcomeNamingMoreStoriesThanOneTransactionHoldsIsAClearBadRequest() {
        List<String> ids = IntStream.range(0, 50).mapToObj(i -> UUID.randomUUID().toString()).toList();
        String body = "{\"title\":\"Later buses\",\"text\":\"The last bus now runs at eleven.\",\"storyIds\":"
                + Http.write(ids) + "}";

        Http.Reply refused = http.postJson("/partner/outcomes", body, Http.bearer(keys.get(0)));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("fields").path("storyIds").asText()).contains("49");
    }

    private static Submitted approvedAndShared(String text) {
        Submitted told = aStory().anonymous().topics("health").text(text).submitTo(http);
        RawTable raw = new RawTable(stack);
        Eventually.within(HUNDRED_SHARES, "the story held for a moderator",
                () -> raw.storyItem(told.reference()).containsKey("heldAt"));
        approve(told.reference());
        Instant approved = Instant.now();
        Eventually.within(HUNDRED_SHARES, "shared with all 100", () -> shares(raw, told.reference()) == PARTNERS);
        System.out.printf("approved %s: shared with %d partners in %d ms%n", told.reference(), PARTNERS,
                Duration.between(approved, Instant.now()).toMillis());
        return told;
    }

    /** The moderator's decision as the decision route writes it: one conditional update only a held story passes. */
    private static void approve(String reference) {
        stack.dynamo().updateItem(b -> b.tableName(stack.table())
                .key(Map.of("PK", AttributeValue.fromS("STORY#" + reference), "SK", AttributeValue.fromS("STORY")))
                .updateExpression("SET #review = :approved, decidedAt = :now REMOVE GSI3PK, GSI3SK")
                .conditionExpression("#review = :held")
                .expressionAttributeNames(Map.of("#review", "review"))
                .expressionAttributeValues(Map.of(":approved", AttributeValue.fromS("approved"),
                        ":held", AttributeValue.fromS("held"), ":now", AttributeValue.fromS(Instant.now().toString()))));
    }

    private static long shares(RawTable raw, String reference) {
        return raw.storyPartition(reference).stream().filter(i -> i.get("SK").s().startsWith("SHARE#")).count();
    }

    private static long removals(RawTable raw, String reference) {
        return raw.storyPartition(reference).stream().filter(i -> i.get("SK").s().startsWith("REMOVAL#")).count();
    }

    private static int partnerGets(int partner, String storyId) {
        return http.get("/partner/stories/" + storyId, Http.bearer(keys.get(partner))).status();
    }

    private static long withdrawnEvents(String storyId) {
        return receiver.received().stream()
                .map(r -> Http.parse(r.body()))
                .filter(e -> e.path("type").asText().equals("story.withdrawn")
                        && e.path("data").path("storyId").asText().equals(storyId))
                .map(e -> e.path("id").asText())
                .distinct().count();
    }

    private static String id(int i) {
        return String.format("p%03d", i);
    }

    /** The largest request of each batch and transaction operation, in items or keys, over every function's calls. */
    static final class Sizes implements ExecutionInterceptor {
        final Map<String, Integer> largest = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            Object request = context.request();
            if (request instanceof TransactWriteItemsRequest t) {
                largest.merge("TransactWriteItems", t.transactItems().size(), Math::max);
            } else if (request instanceof BatchWriteItemRequest b) {
                largest.merge("BatchWriteItem", b.requestItems().values().stream().mapToInt(List::size).sum(), Math::max);
            } else if (request instanceof BatchGetItemRequest g) {
                largest.merge("BatchGetItem", g.requestItems().values().stream()
                        .mapToInt((KeysAndAttributes k) -> k.keys().size()).sum(), Math::max);
            }
        }
    }
}
