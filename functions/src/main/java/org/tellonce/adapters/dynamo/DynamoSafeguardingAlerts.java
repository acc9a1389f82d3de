package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.tellonce.core.moderation.Concern;
import org.tellonce.core.safeguarding.SafeguardingAlerts;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Safeguarding alerts in the table: the moderation queue is GSI3 (keys only), a story's review is read
 * from its story item (only the attributes an alert needs: never the text), and each alert sent is an
 * {@code ALERT#...} item in the story's partition, so erasure takes them with the story.
 */
public final class DynamoSafeguardingAlerts implements SafeguardingAlerts.Store {
    /** At most this many queue entries are held at once. */
    static final int PAGE = 100;
    /** How long an alert's record is kept (a story held longer is alerted as if afresh: one more round). */
    static final Duration KEEP = Duration.ofDays(35);
    private static final String SENT_AT = "sentAt";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSafeguardingAlerts(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<SafeguardingAlerts.HeldStory> flaggedHeld(Reference reference) {
        Map<String, AttributeValue> item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.storyPk(reference), Table.STORY_SK)).consistentRead(true)
                .projectionExpression("#storyId, #status, #review, #concerns, #heldAt")
                .expressionAttributeNames(Map.of("#storyId", StoryItems.STORY_ID, "#status", StoryItems.STATUS,
                        "#review", StoryItems.REVIEW, "#concerns", StoryItems.CONCERNS,
                        "#heldAt", StoryItems.HELD_AT)))).item();
        if (item == null || item.isEmpty() || !"received".equals(Dynamo.string(item, StoryItems.STATUS).orElse(""))
                || !Review.State.HELD.wire().equals(Dynamo.string(item, StoryItems.REVIEW).orElse(""))) {
            return Optional.empty();
        }
        List<Concern> concerns = Dynamo.strings(item, StoryItems.CONCERNS).stream()
                .map(Concern::fromWireName).flatMap(Optional::stream).toList();
        Optional<Instant> heldAt = Dynamo.string(item, StoryItems.HELD_AT).map(Instant::parse);
        if (concerns.isEmpty() || heldAt.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SafeguardingAlerts.HeldStory(reference,
                Dynamo.requireString(item, StoryItems.STORY_ID), concerns, heldAt.get()));
    }

    @Override
    public List<SafeguardingAlerts.Sent> sent(Reference reference) {
        List<SafeguardingAlerts.Sent> sent = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = Dynamo.call(() -> dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :alert)")
                    .expressionAttributeNames(Map.of("#pk", Table.PK, "#sk", Table.SK))
                    .expressionAttributeValues(Map.of(":pk", s(Table.storyPk(reference)),
                            ":alert", s(Table.ALERT_PREFIX)))
                    .exclusiveStartKey(from)));
            for (Map<String, AttributeValue> item : page.items()) {
                Optional<String[]> key = Table.alertFromSk(Dynamo.requireString(item, Table.SK));
                Optional<SafeguardingAlerts.Channel> channel = key.flatMap(k -> SafeguardingAlerts.Channel.parse(k[2]));
                Optional<Instant> at = Dynamo.string(item, SENT_AT).map(Instant::parse);
                if (key.isPresent() && channel.isPresent() && at.isPresent()) {
                    sent.add(new SafeguardingAlerts.Sent(Integer.parseInt(key.get()[0]), key.get()[1], channel.get(),
                            at.get()));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return sent;
    }

    @Override
    public boolean record(Reference reference, SafeguardingAlerts.Sent sent) {
        try {
            Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(Table.PK, s(Table.storyPk(reference)),
                            Table.SK, s(Table.alertSk(sent.round(), sent.staffKey(), sent.channel().wire())),
                            SENT_AT, s(sent.at().toString()),
                            Table.TTL, n(sent.at().plus(KEEP).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Table.PK))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void queue(Consumer<List<SafeguardingAlerts.QueueEntry>> consumer) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = Dynamo.call(() -> dynamo.query(b -> b.tableName(table).indexName(Table.GSI3)
                    .keyConditionExpression("#pk = :moderation")
                    .expressionAttributeNames(Map.of("#pk", Table.GSI3PK))
                    .expressionAttributeValues(Map.of(":moderation", s(Table.MODERATION_PK)))
                    .limit(PAGE).exclusiveStartKey(from)));
            List<SafeguardingAlerts.QueueEntry> entries = new ArrayList<>();
            for (Map<String, AttributeValue> item : page.items()) {
                String sk = Dynamo.string(item, Table.GSI3SK).orElse("");
                Optional<Reference> reference = Table.referenceFromModerationSk(sk);
                Optional<Instant> heldAt = Table.heldAtFromModerationSk(sk);
                if (reference.isPresent() && heldAt.isPresent()) {
                    entries.add(new SafeguardingAlerts.QueueEntry(reference.get(), Table.flaggedModerationSk(sk),
                            heldAt.get()));
                }
            }
            consumer.accept(entries);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }
}
