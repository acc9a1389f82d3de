package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.tellonce.core.verify.ResidentSessionStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Resident sessions, one item each by the token's hash; TTL removes them after they expire. Staff
 * sessions are kept the same way in their own partitions ({@link #forStaff}).
 */
public final class DynamoResidentSessionStore implements ResidentSessionStore {
    private static final String RESIDENT_KEY = "residentKey";
    private static final String EXPIRES = "expires";

    private final DynamoDbClient dynamo;
    private final String table;
    private final UnaryOperator<String> partition;
    private final String sortKey;
    private final boolean indexedByResident;

    public DynamoResidentSessionStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Table::residentSessionPk, Table.RESIDENT_SESSION_SK, true);
    }

    private DynamoResidentSessionStore(DynamoDbClient dynamo, String table, UnaryOperator<String> partition,
                                       String sortKey, boolean indexedByResident) {
        this.dynamo = dynamo;
        this.table = table;
        this.partition = partition;
        this.sortKey = sortKey;
        this.indexedByResident = indexedByResident;
    }

    /** Staff sessions end by their member's generation, so they need no index by person. */
    public static DynamoResidentSessionStore forStaff(DynamoDbClient dynamo, String table) {
        return new DynamoResidentSessionStore(dynamo, table, Table::staffSessionPk, Table.STAFF_SESSION_SK, false);
    }

    @Override
    public void save(String tokenHash, String residentKey, Instant expires) {
        Map<String, AttributeValue> item = new HashMap<>(key(tokenHash));
        item.put(RESIDENT_KEY, s(residentKey));
        item.put(EXPIRES, n(expires.getEpochSecond()));
        item.put(Table.TTL, n(expires.getEpochSecond()));
        if (!indexedByResident) {
            Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(" + Table.PK + ")")));
            return;
        }
        // A resident's sessions are also listed in their own partition, so erasing everything of
        // theirs (DELETE /residents/me) ends every session they have open, on every device.
        Map<String, AttributeValue> listed = new HashMap<>(Dynamo.key(Table.residentPk(residentKey),
                Table.residentSessionListedSk(tokenHash)));
        listed.put(Table.TTL, n(expires.getEpochSecond()));
        Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(" + Table.PK + ")").build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(listed).build()).build())));
    }

    @Override
    public Optional<Stored> find(String tokenHash) {
        Map<String, AttributeValue> item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(key(tokenHash)).consistentRead(true))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Stored(Dynamo.requireString(item, RESIDENT_KEY),
                Instant.ofEpochSecond(Dynamo.number(item, EXPIRES))));
    }

    @Override
    public void delete(String tokenHash) {
        Dynamo.call(() -> dynamo.deleteItem(b -> b.tableName(table).key(key(tokenHash))));
    }

    private Map<String, AttributeValue> key(String tokenHash) {
        return Dynamo.key(partition.apply(tokenHash), sortKey);
    }
}
