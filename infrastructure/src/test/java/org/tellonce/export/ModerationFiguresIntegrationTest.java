package org.tellonce.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.cli.TellOnceCommand;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The moderation figures of {@code tellonce export} on the local stack: flagged stories told through
 * POST /stories are held at intake; decisions are written on the story item as the moderators'
 * route will write them (one conditional update that leaves the queue); an erased story drops out.
 */
class ModerationFiguresIntegrationTest {
    private static LocalStack stack;
    private static StackClient client;
    private static String since;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        client = new StackClient(stack.baseUrl());
        since = LocalDate.now(ZoneOffset.UTC).toString();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void heldApprovedRejectedFlaggedAndTheMedianAsAReaderOfTheExportSeesThem() {
        JsonNode lifeAtRisk = tell(StoryJson.story(StoryTexts.unique("Since the eviction notice I want to end it all."))
                .consent("anonymous"));
        JsonNode controlled = tell(StoryJson.story(StoryTexts.unique("It is coercive control, he keeps my bank card."))
                .consent("private"));
        JsonNode leaving = tell(StoryJson.story(StoryTexts.unique("My son says he will kill himself if we are moved."))
                .consent("private"));
        tell(StoryJson.story(StoryTexts.unique("The bins on our street were not collected this week."))
                .consent("anonymous"));
        assertThat(List.of(lifeAtRisk, controlled, leaving))
                .allSatisfy(told -> assertThat(told.path("status").asText()).isEqualTo("awaiting-review"));

        assertThat(moderation()).containsExactly(
                "section,figure,concern,value,counted",
                "moderation,held,,3,waiting for a moderator now",
                "moderation,approved,,0,decided since " + since,
                "moderation,rejected,,0,decided since " + since,
                "moderation,flagged,risk-to-life,2,held since " + since,
                "moderation,flagged,abuse-or-neglect,0,held since " + since,
                "moderation,flagged,domestic-abuse,1,held since " + since,
                "moderation,flagged,medical-emergency,0,held since " + since,
                "moderation,median_hours_to_decision,,,decided since " + since);

        decide(reference(lifeAtRisk), "approved", Duration.ofHours(3));
        decide(reference(controlled), "rejected", Duration.ofHours(5));
        erase(leaving);

        assertThat(moderation()).containsExactly(
                "section,figure,concern,value,counted",
                "moderation,held,,0,waiting for a moderator now",
                "moderation,approved,,1,decided since " + since,
                "moderation,rejected,,1,decided since " + since,
                "moderation,flagged,risk-to-life,1,held since " + since,
                "moderation,flagged,abuse-or-neglect,0,held since " + since,
                "moderation,flagged,domestic-abuse,1,held since " + since,
                "moderation,flagged,medical-emergency,0,held since " + since,
                "moderation,median_hours_to_decision,,4.0,decided since " + since);
    }

    private static JsonNode tell(StoryJson story) {
        StackClient.Response told = client.postJson(story.json());
        assertThat(told.status()).as(told.toString()).isEqualTo(201);
        return told.json();
    }

    private static String reference(JsonNode told) {
        return told.path("reference").asText();
    }

    /** What the moderators' route writes: the decision, its time, and the story out of the queue. */
    private static void decide(String reference, String state, Duration after) {
        Map<String, AttributeValue> item = new RawTable(stack).storyItem(reference);
        Instant heldAt = Instant.parse(item.get("heldAt").s());
        stack.dynamo().updateItem(b -> b.tableName(stack.table())
                .key(Map.of("PK", AttributeValue.fromS("STORY#" + reference), "SK", AttributeValue.fromS("STORY")))
                .updateExpression("SET #review = :decision, decidedAt = :at REMOVE GSI3PK, GSI3SK")
                .conditionExpression("#review = :held AND #status = :received")
                .expressionAttributeNames(Map.of("#review", "review", "#status", "status"))
                .expressionAttributeValues(Map.of(":decision", AttributeValue.fromS(state),
                        ":at", AttributeValue.fromS(heldAt.plus(after).toString()),
                        ":held", AttributeValue.fromS("held"), ":received", AttributeValue.fromS("received"))));
    }

    private static void erase(JsonNode told) {
        StackClient.Response erased = client.send("DELETE", "/stories/" + reference(told), null, null,
                "Authorization", "Bearer " + told.path("manageToken").asText());
        assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
    }

    /** The moderation section of the CSV, as its lines. */
    private static List<String> moderation() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TellOnceCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), "export",
                "--since", since, "--endpoint", stack.dynamoEndpoint(), "--table", stack.table());
        assertThat(exit).as(err.toString()).isZero();
        String[] sections = out.toString().split("\r\n\r\n");
        assertThat(sections).hasSize(6);
        assertThat(out.toString()).doesNotContain("TO-", "end it all", "coercive", "bank card");
        return List.of(sections[3].strip().split("\r\n"));
    }
}
