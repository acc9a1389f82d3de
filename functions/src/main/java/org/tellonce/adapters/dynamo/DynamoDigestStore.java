package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.digest.DigestStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/** The daily digest's watermark, batches and claims, in the partner's {@code DIGEST#} partition. */
public final class DynamoDigestStore implements DigestStore {
    private static final String SEQ = "seq";
    private static final String FROM = "fromSeq";
    private static final String TO = "toSeq";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDigestStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public long watermark(String partnerId) {
        Map<String, AttributeValue> item = Dynamo.consistentGet(dynamo, table, Table.digestPk(partnerId),
                Table.DIGEST_MARK_SK);
        return item.isEmpty() ? 0 : Dynamo.number(item, SEQ);
    }

    @Override
    public Optional<Batch> batch(String partnerId, LocalDate day) {
        Map<String, AttributeValue> item = Dynamo.consistentGet(dynamo, table, Table.digestPk(partnerId),
                Table.digestDaySk(day));
        return item.isEmpty() ? Optional.empty()
                : Optional.of(new Batch(Dynamo.number(item, FROM), Dynamo.number(item, TO)));
    }

    @Override
    public Optional<Batch> startBatch(String partnerId, LocalDate day, Batch batch, Instant expiresAt) {
        String pk = Table.digestPk(partnerId);
        Map<String, AttributeValue> dayItem = new HashMap<>(Dynamo.key(pk, Table.digestDaySk(day)));
        dayItem.put(FROM, n(batch.fromSeq()));
        dayItem.put(TO, n(batch.toSeq()));
        dayItem.put(Table.TTL, n(expiresAt.getEpochSecond()));
        TransactWriteItem put = TransactWriteItem.builder().put(Put.builder().tableName(table).item(dayItem)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", Table.PK))
                .build()).build();
        // The watermark moves only from where this run read it: a run of another day that moved it first wins.
        TransactWriteItem mark = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Dynamo.key(pk, Table.DIGEST_MARK_SK)).updateExpression("SET #seq = :to")
                .conditionExpression(batch.fromSeq() == 0 ? "attribute_not_exists(#seq) OR #seq = :from" : "#seq = :from")
                .expressionAttributeNames(Map.of("#seq", SEQ))
                .expressionAttributeValues(Map.of(":to", n(batch.toSeq()), ":from", n(batch.fromSeq()))).build()).build();
        try {
            Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(List.of(put, mark))));
            return Optional.of(batch);
        } catch (TransactionCanceledException e) {
            // Another run started the day first (use its batch), or moved the watermark (leave it be).
            return batch(partnerId, day);
        }
    }

    @Override
    public boolean claim(String partnerId, LocalDate day, String staffKey, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(Dynamo.key(Table.digestPk(partnerId),
                Table.digestSentSk(day, staffKey)));
        item.put(Table.TTL, n(expiresAt.getEpochSecond()));
        try {
            Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Table.PK))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void release(String partnerId, LocalDate day, String staffKey) {
        Dynamo.call(() -> dynamo.deleteItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.digestPk(partnerId), Table.digestSentSk(day, staffKey)))));
    }
}
