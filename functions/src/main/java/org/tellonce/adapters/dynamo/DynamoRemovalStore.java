package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.story.Reference;
import org.tellonce.core.webhook.DeletionConfirmations;
import org.tellonce.core.webhook.WebhookProducer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The removal records of section 14 and who holds a story now: the story's partition read from its share
 * markers up (share markers and the story item), never its text-bearing neighbours.
 */
public final class DynamoRemovalStore implements DeletionConfirmations.RemovalStore, WebhookProducer.Holders {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoRemovalStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Reference> toldOf(String storyId, String partnerId) {
        Optional<Reference> found = DynamoFeedStore.referenceOf(dynamo, table, storyId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String pk = Table.storyPk(found.get());
        boolean told = !Dynamo.consistentGet(dynamo, table, pk, Table.removalSk(partnerId)).isEmpty();
        boolean holdsAgain = !Dynamo.consistentGet(dynamo, table, pk, Table.shareSk(partnerId)).isEmpty();
        return told && !holdsAgain ? found : Optional.empty();
    }

    @Override
    public boolean confirm(Reference reference, String partnerId, Instant at) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.storyPk(reference), Table.removalSk(partnerId)))
                    .updateExpression("SET #confirmed = if_not_exists(#confirmed, :at)")
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeNames(Map.of("#confirmed", RemovalItems.CONFIRMED_AT))
                    .expressionAttributeValues(Map.of(":at", s(at.toString())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<WebhookProducer.Holding> of(Reference reference) {
        List<String> partners = new ArrayList<>();
        String storyId = null;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusive = start;
            // SHARE#… and STORY sort last in the partition: nothing else is read.
            QueryResponse page = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("PK = :pk AND SK >= :share")
                    .expressionAttributeValues(Map.of(":pk", s(Table.storyPk(reference)), ":share", s(Table.SHARE_PREFIX)))
                    .projectionExpression("SK, partnerId, storyId, #status")
                    .expressionAttributeNames(Map.of("#status", StoryItems.STATUS))
                    .consistentRead(true)
                    .exclusiveStartKey(exclusive)
                    .build()));
            for (Map<String, AttributeValue> item : page.items()) {
                String sk = Dynamo.requireString(item, Table.SK);
                if (sk.startsWith(Table.SHARE_PREFIX)) {
                    Dynamo.string(item, "partnerId").ifPresent(partners::add);
                } else if (sk.equals(Table.STORY_SK)) {
                    storyId = Dynamo.string(item, "storyId").orElse(null);
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return storyId == null ? Optional.empty() : Optional.of(new WebhookProducer.Holding(storyId, partners));
    }
}
