package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tellonce.core.story.Reference;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The Idempotency-Key record ({@code IDEM#{sha256(key)}} / {@code IDEM}), one shape for every writer
 * that takes a key (a story, a partner's response): the fingerprint of the request it answered, the
 * story, and its expiry; each writer adds what its answer needs to be replayed.
 */
final class IdempotencyItems {
    static final String FINGERPRINT = "fingerprint";
    static final String REFERENCE = "reference";
    static final String NOT_TAKEN_OR_EXPIRED = "attribute_not_exists(PK) OR #ttl < :now";

    private IdempotencyItems() {
    }

    /** The attributes every Idempotency-Key record has. */
    static Map<String, AttributeValue> item(String keyHash, String fingerprint, Reference reference,
                                            Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Table.PK, s(Table.idempotencyPk(keyHash)));
        item.put(Table.SK, s(Table.IDEM_SK));
        item.put(StoryItems.TYPE, s("idempotency"));
        item.put(FINGERPRINT, s(fingerprint));
        item.put(REFERENCE, s(reference.value()));
        item.put(Table.TTL, n(expiresAt.getEpochSecond()));
        return item;
    }

    /**
     * Puts an item that takes its key once, until it expires (DynamoDB's TTL deletes late, so the
     * condition checks expiry itself); a failed condition returns the item that holds the key.
     */
    static TransactWriteItem claim(String table, Map<String, AttributeValue> item, Instant now) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression(NOT_TAKEN_OR_EXPIRED)
                .expressionAttributeNames(Map.of("#ttl", Table.TTL))
                .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build()).build();
    }
}
