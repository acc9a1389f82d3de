package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.sms.Routing;
import org.tellonce.core.sms.SmsStore.DueRouting;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.ConsentEvent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The SMS routing questions in the single table: {@code RESIDENT#{rk} / ROUTING#{ref}} holds the state
 * (the consent to give, the step, the answers, a revision) and {@code ROUTING / {startedAt}#{ref}} lets the
 * sweep find it by time. The story's text stays in the story item only; its consent, topics and area
 * change in the same transaction that ends the routing, so exactly one of an answer and the sweep applies.
 */
final class DynamoRoutings {
    private static final String SHARE = "share";
    private static final String STARTED_AT = "startedAt";
    private static final String STEP = "step";
    private static final String TOPICS = "topics";
    private static final String AREA = "area";
    private static final String RETRIED = "retried";
    private static final String REVISION = "revision";

    private final DynamoDbClient dynamo;
    private final String table;

    DynamoRoutings(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Takes the pending item, checks the story is still theirs, and writes both routing items, at once. */
    boolean start(String residentKey, Routing routing) {
        Reference reference = routing.reference();
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(Dynamo.key(Table.residentPk(residentKey), Table.pendingSk(reference)))
                        .conditionExpression("attribute_exists(PK)").build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                        .key(Dynamo.key(Table.storyPk(reference), Table.STORY_SK))
                        .conditionExpression("#status = :received AND #rk = :rk")
                        .expressionAttributeNames(Map.of("#status", StoryItems.STATUS, "#rk", StoryItems.RESIDENT_KEY))
                        .expressionAttributeValues(Map.of(":received", s("received"), ":rk", s(residentKey)))
                        .build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(stateItem(residentKey, routing))
                        .build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(dueItem(residentKey, routing))
                        .build()).build());
        try {
            Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(items)));
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (Dynamo.failedCheck(reasons, 1)) {
                // Erased or no longer theirs: it waits for nothing any more.
                deleteQuietly(Table.residentPk(residentKey), Table.pendingSk(reference));
                return false;
            }
            if (Dynamo.failedCheck(reasons, 0)) {
                return false;
            }
            throw e;
        }
    }

    Optional<Routing> newest(String residentKey) {
        return states(residentKey).stream().map(DynamoRoutings::fromItem)
                .max(Comparator.comparing(Routing::startedAt));
    }

    boolean update(String residentKey, Routing next) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(stateKey(residentKey, next.reference()))
                    .updateExpression("SET #step = :step, #topics = :topics, #retried = :retried, #revision = :next")
                    .conditionExpression("#revision = :previous")
                    .expressionAttributeNames(Map.of("#step", STEP, "#topics", TOPICS, "#retried", RETRIED,
                            "#revision", REVISION))
                    .expressionAttributeValues(Map.of(":step", s(next.step().name()), ":topics", Dynamo.list(next.topics()),
                            ":retried", Dynamo.bool(next.retried()), ":next", n(next.revision()),
                            ":previous", n(next.revision() - 1L)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Ends the routing and routes the story in one transaction; a story gone meanwhile just ends the routing. */
    boolean complete(String residentKey, Routing routing) {
        List<TransactWriteItem> items = new ArrayList<>(end(residentKey, routing));
        items.add(TransactWriteItem.builder().update(routeStory(residentKey, routing)).build());
        try {
            Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(items)));
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (Dynamo.failedCheck(reasons, 0)) {
                return false;
            }
            if (Dynamo.failedCheck(reasons, 2)) {
                endWithoutSharing(residentKey, routing);
                return false;
            }
            throw e;
        }
    }

    List<DueRouting> startedBefore(Instant cutoff, int limit) {
        List<Map<String, AttributeValue>> due = Dynamo.call(() -> dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("PK = :pk AND SK < :cutoff")
                .expressionAttributeValues(Map.of(":pk", s(Table.ROUTING_PK), ":cutoff", s(Table.routingDueBefore(cutoff))))
                .limit(limit)
                .consistentRead(true))).items();
        List<DueRouting> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : due) {
            String residentKey = Dynamo.requireString(item, StoryItems.RESIDENT_KEY);
            Reference reference = Table.referenceFromRoutingSk(Dynamo.requireString(item, Table.SK)).orElseThrow();
            Map<String, AttributeValue> state = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                    .key(stateKey(residentKey, reference)).consistentRead(true))).item();
            if (state == null || state.isEmpty()) {
                // Its state ended (cancelled) without this index item: nothing is left to do.
                deleteQuietly(Table.ROUTING_PK, Dynamo.requireString(item, Table.SK));
            } else {
                out.add(new DueRouting(residentKey, fromItem(state)));
            }
        }
        return out;
    }

    void cancel(String residentKey) {
        for (Map<String, AttributeValue> state : states(residentKey)) {
            endWithoutSharing(residentKey, fromItem(state));
        }
    }

    private void endWithoutSharing(String residentKey, Routing routing) {
        deleteQuietly(Table.residentPk(residentKey), Table.routingSk(routing.reference()));
        deleteQuietly(Table.ROUTING_PK, Table.routingDueSk(routing.startedAt(), routing.reference()));
    }

    /** The state item (only at this revision) and the sweep's index item go. */
    private List<TransactWriteItem> end(String residentKey, Routing routing) {
        return List.of(
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(stateKey(residentKey, routing.reference()))
                        .conditionExpression("#revision = :revision")
                        .expressionAttributeNames(Map.of("#revision", REVISION))
                        .expressionAttributeValues(Map.of(":revision", n(routing.revision()))).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(Dynamo.key(Table.ROUTING_PK, Table.routingDueSk(routing.startedAt(), routing.reference())))
                        .build()).build());
    }

    /** The consent change of {@link ConsentChange}, with the routing's topics and area; the fan-out sees it. */
    private Update routeStory(String residentKey, Routing routing) {
        ConsentChange.Clauses change = ConsentChange.clauses(new Consent(routing.share(), List.of()), ConsentEvent.SMS);
        change.set().append(", #topics = :topics");
        change.names().putAll(Map.of("#topics", StoryItems.TOPICS, "#area", StoryItems.AREA,
                "#rk", StoryItems.RESIDENT_KEY));
        change.values().putAll(Map.of(":topics", Dynamo.list(routing.topics()), ":rk", s(residentKey)));
        routing.area().ifPresent(area -> {
            change.set().append(", #area = :area");
            change.values().put(":area", s(area));
        });
        String expression = change.expression() + (routing.area().isPresent() ? "" : " REMOVE #area");
        return Update.builder().tableName(table)
                .key(Dynamo.key(Table.storyPk(routing.reference()), Table.STORY_SK))
                .updateExpression(expression)
                .conditionExpression("#status = :received AND #rk = :rk")
                .expressionAttributeNames(change.names())
                .expressionAttributeValues(change.values())
                .build();
    }

    private List<Map<String, AttributeValue>> states(String residentKey) {
        return Dynamo.call(() -> dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :p)")
                .expressionAttributeValues(Map.of(":pk", s(Table.residentPk(residentKey)), ":p", s(Table.ROUTING_PREFIX)))
                .consistentRead(true))).items();
    }

    private Map<String, AttributeValue> stateKey(String residentKey, Reference reference) {
        return Dynamo.key(Table.residentPk(residentKey), Table.routingSk(reference));
    }

    private void deleteQuietly(String pk, String sk) {
        Dynamo.call(() -> dynamo.deleteItem(b -> b.tableName(table).key(Dynamo.key(pk, sk))));
    }

    private static Map<String, AttributeValue> stateItem(String residentKey, Routing routing) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Table.PK, s(Table.residentPk(residentKey)));
        item.put(Table.SK, s(Table.routingSk(routing.reference())));
        item.put("type", s("sms-routing"));
        item.put(SHARE, s(routing.share().wire()));
        item.put(STARTED_AT, n(routing.startedAt().toEpochMilli()));
        item.put(STEP, s(routing.step().name()));
        item.put(TOPICS, Dynamo.list(routing.topics()));
        item.put(RETRIED, Dynamo.bool(routing.retried()));
        item.put(REVISION, n(routing.revision()));
        return item;
    }

    private static Map<String, AttributeValue> dueItem(String residentKey, Routing routing) {
        return Map.of(Table.PK, s(Table.ROUTING_PK),
                Table.SK, s(Table.routingDueSk(routing.startedAt(), routing.reference())),
                "type", s("sms-routing-due"),
                StoryItems.RESIDENT_KEY, s(residentKey));
    }

    private static Routing fromItem(Map<String, AttributeValue> item) {
        return new Routing(Table.referenceFromRoutingSk(Dynamo.requireString(item, Table.SK)).orElseThrow(),
                Share.parse(Dynamo.requireString(item, SHARE)).orElseThrow(),
                Instant.ofEpochMilli(Dynamo.number(item, STARTED_AT)),
                Routing.Step.valueOf(Dynamo.requireString(item, STEP)),
                Dynamo.strings(item, TOPICS), Optional.empty(),
                Dynamo.bool(item, RETRIED), (int) Dynamo.number(item, REVISION));
    }
}
