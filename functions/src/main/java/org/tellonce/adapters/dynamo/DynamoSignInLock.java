package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.staff.SignInLock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** Wrong sign-in codes and the lock, one item beside the staff key's codes; TTL clears it a day after. */
public final class DynamoSignInLock implements SignInLock {
    private static final String WRONG = "wrong";
    private static final String LOCKED_UNTIL = "lockedUntil";
    private static final Duration KEPT = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoSignInLock(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Instant> lockedUntil(String staffKey) {
        Map<String, AttributeValue> item = Dynamo.consistentGet(dynamo, table, Table.staffCodePk(staffKey), Table.LOCK_SK);
        return item.containsKey(LOCKED_UNTIL) ? Optional.of(Instant.ofEpochSecond(Dynamo.number(item, LOCKED_UNTIL)))
                : Optional.empty();
    }

    @Override
    public boolean countWrongCode(String staffKey, int max, Instant until) {
        long ttl = until.plus(KEPT).getEpochSecond();
        Map<String, AttributeValue> counted = Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table).key(key(staffKey))
                .updateExpression("ADD #wrong :one SET #ttl = :ttl")
                .expressionAttributeNames(Map.of("#wrong", WRONG, "#ttl", Table.TTL))
                .expressionAttributeValues(Map.of(":one", n(1), ":ttl", n(ttl)))
                .returnValues(ReturnValue.UPDATED_NEW))).attributes();
        return Dynamo.number(counted, WRONG) >= max && lock(staffKey, max, until);
    }

    /** Only the call whose wrong code reached {@code max} locks, and starts the count again. */
    private boolean lock(String staffKey, int max, Instant until) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table).key(key(staffKey))
                    .updateExpression("SET #until = :until, #wrong = :zero")
                    .conditionExpression("#wrong >= :max")
                    .expressionAttributeNames(Map.of("#until", LOCKED_UNTIL, "#wrong", WRONG))
                    .expressionAttributeValues(Map.of(":until", n(until.getEpochSecond()), ":zero", n(0),
                            ":max", n(max)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void clear(String staffKey) {
        Dynamo.call(() -> dynamo.deleteItem(b -> b.tableName(table).key(key(staffKey))));
    }

    private static Map<String, AttributeValue> key(String staffKey) {
        return Dynamo.key(Table.staffCodePk(staffKey), Table.LOCK_SK);
    }
}
