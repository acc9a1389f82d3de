package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.tellonce.core.verify.VerificationStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Verification codes and their budgets, in the resident's own partition; staff sign-in codes, by the
 * same rules, in the staff key's (see {@link #forStaff}).
 */
public final class DynamoVerificationStore implements VerificationStore {
    private static final String CODE_HASH = "codeHash";
    private static final String EXPIRES = "expires";
    private static final String WRONG_TRIES = "wrongTries";
    private static final String COUNT = "count";
    private static final String AT = "at";

    private final DynamoDbClient dynamo;
    private final String table;
    private final UnaryOperator<String> partition;

    public DynamoVerificationStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Table::residentPk);
    }

    private DynamoVerificationStore(DynamoDbClient dynamo, String table, UnaryOperator<String> partition) {
        this.dynamo = dynamo;
        this.table = table;
        this.partition = partition;
    }

    /** Staff sign-in codes: the "resident key" of every call is a staff key. */
    public static DynamoVerificationStore forStaff(DynamoDbClient dynamo, String table) {
        return new DynamoVerificationStore(dynamo, table, Table::staffCodePk);
    }

    @Override
    public boolean countCode(String residentKey, long epochHour, int limit) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(partition.apply(residentKey), Table.verifyRateSk(epochHour)))
                    .updateExpression("ADD #count :one SET #ttl = :ttl")
                    .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                    .expressionAttributeNames(Map.of("#count", COUNT, "#ttl", Table.TTL))
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit),
                            ":ttl", n((epochHour + 2) * 3600)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void saveCode(String residentKey, String codeHash, Instant expires) {
        Map<String, AttributeValue> item = new HashMap<>(codeKey(residentKey));
        item.put(CODE_HASH, s(codeHash));
        item.put(EXPIRES, n(expires.getEpochSecond()));
        item.put(WRONG_TRIES, n(0));
        item.put(Table.TTL, n(expires.plus(Duration.ofHours(1)).getEpochSecond()));
        Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public Optional<PendingCode> code(String residentKey) {
        Map<String, AttributeValue> item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(codeKey(residentKey)).consistentRead(true))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PendingCode(Dynamo.requireString(item, CODE_HASH),
                Instant.ofEpochSecond(Dynamo.number(item, EXPIRES)), (int) Dynamo.number(item, WRONG_TRIES)));
    }

    @Override
    public void countWrongTry(String residentKey, String codeHash, int max) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table).key(codeKey(residentKey))
                    .updateExpression("ADD #tries :one")
                    .conditionExpression("#hash = :hash AND #tries < :max")
                    .expressionAttributeNames(Map.of("#tries", WRONG_TRIES, "#hash", CODE_HASH))
                    .expressionAttributeValues(Map.of(":one", n(1), ":hash", s(codeHash), ":max", n(max)))));
        } catch (ConditionalCheckFailedException e) {
            // A newer code replaced it, or it is already dead: nothing left to count against.
        }
    }

    @Override
    public boolean useCode(String residentKey, String codeHash, int max, Instant now) {
        try {
            Dynamo.call(() -> dynamo.deleteItem(b -> b.tableName(table).key(codeKey(residentKey))
                    .conditionExpression("#hash = :hash AND #tries < :max AND #expires > :now")
                    .expressionAttributeNames(Map.of("#hash", CODE_HASH, "#tries", WRONG_TRIES, "#expires", EXPIRES))
                    .expressionAttributeValues(Map.of(":hash", s(codeHash), ":max", n(max),
                            ":now", n(now.getEpochSecond())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void markVerified(String residentKey, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>(Dynamo.key(partition.apply(residentKey), Table.VERIFIED_SK));
        item.put(AT, s(at.toString()));
        Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public boolean verified(String residentKey) {
        Map<String, AttributeValue> item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(Dynamo.key(partition.apply(residentKey), Table.VERIFIED_SK)).consistentRead(true))).item();
        return item != null && !item.isEmpty();
    }

    private Map<String, AttributeValue> codeKey(String residentKey) {
        return Dynamo.key(partition.apply(residentKey), Table.VERIFY_CODE_SK);
    }
}
