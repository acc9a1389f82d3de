package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tellonce.core.resident.ResidentRecords;
import org.tellonce.core.story.Reference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** The resident's own partition ({@code RESIDENT#{residentKey}}) and the index of their stories (GSI1). */
public final class DynamoResidentRecords implements ResidentRecords {
    private static final String REPLIES = "replies";
    private static final String OPTED_OUT = "optedOut";
    /** A GSI1 sort key as {@link Table#historySk} writes it: an instant, '#', a story id. */
    private static final Pattern POSITION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]{2,20}Z#[0-9a-f-]{36}");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoResidentRecords(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<Reference> stories(String residentKey) {
        return references(dynamo, table, residentKey);
    }

    /**
     * One page of the resident's index (GSI1, keys only), newest first: {@code max} + 1 entries are read, the
     * last only to say whether older ones follow. The position is the entry's GSI1 sort key, so the next
     * page starts right after it even if stories were erased (or told) in between; the partition is always
     * the resident's own, whatever the position says.
     */
    @Override
    public Page storiesPage(String residentKey, Optional<String> before, int max) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":rk", s(Table.residentPk(residentKey)));
        before.ifPresent(p -> values.put(":before", s(p)));
        QueryResponse page = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                .tableName(table)
                .indexName(Table.GSI1)
                .keyConditionExpression(before.isPresent() ? "GSI1PK = :rk AND GSI1SK < :before" : "GSI1PK = :rk")
                .expressionAttributeValues(values)
                .scanIndexForward(false)
                .limit(max + 1)
                .build()));
        List<Entry> entries = new ArrayList<>();
        for (Map<String, AttributeValue> item : page.items()) {
            Table.referenceFromPk(Dynamo.requireString(item, Table.PK)).ifPresent(reference ->
                    entries.add(new Entry(reference, Dynamo.requireString(item, Table.GSI1SK))));
        }
        // DynamoDB may also stop early (1 MB read per request; moto counts the whole item even for this
        // keys-only index): then older entries may follow too.
        boolean more = entries.size() > max
                || page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() && !entries.isEmpty();
        return new Page(entries.size() > max ? entries.subList(0, max) : entries, more);
    }

    @Override
    public boolean validPosition(String position) {
        return POSITION.matcher(position).matches();
    }

    /** Every story of the resident, newest first, through GSI1 (erasure removes a story's GSI1 keys). */
    static List<Reference> references(DynamoDbClient dynamo, String table, String residentKey) {
        List<Reference> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusive = start;
            QueryResponse page = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                    .tableName(table)
                    .indexName(Table.GSI1)
                    .keyConditionExpression("GSI1PK = :rk")
                    .expressionAttributeValues(Map.of(":rk", s(Table.residentPk(residentKey))))
                    .scanIndexForward(false)
                    .exclusiveStartKey(exclusive)
                    .build()));
            for (Map<String, AttributeValue> item : page.items()) {
                Table.referenceFromPk(Dynamo.requireString(item, Table.PK)).ifPresent(out::add);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public int proveStories(String residentKey) {
        int proven = 0;
        for (Reference reference : stories(residentKey)) {
            try {
                Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                        .key(Dynamo.key(Table.storyPk(reference), Table.STORY_SK))
                        .updateExpression("SET #proven = :yes")
                        .conditionExpression("#status = :received AND #rk = :rk AND #proven <> :yes")
                        .expressionAttributeNames(Map.of("#proven", StoryItems.CONTACT_PROVEN,
                                "#status", StoryItems.STATUS, "#rk", StoryItems.RESIDENT_KEY))
                        .expressionAttributeValues(Map.of(":yes", Dynamo.bool(true), ":received", s("received"),
                                ":rk", s(residentKey)))));
                proven++;
            } catch (ConditionalCheckFailedException e) {
                // Erased, proven already, or no longer this resident's: nothing to prove.
            }
        }
        return proven;
    }

    @Override
    public boolean replyNotifications(String residentKey) {
        Map<String, AttributeValue> item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(preferencesKey(residentKey)).consistentRead(true))).item();
        return item != null && Dynamo.bool(item, REPLIES);
    }

    @Override
    public void setReplyNotifications(String residentKey, boolean on) {
        Map<String, AttributeValue> item = new HashMap<>(preferencesKey(residentKey));
        item.put(REPLIES, Dynamo.bool(on));
        Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public void forget(String residentKey) {
        for (Map<String, AttributeValue> item : partition(residentKey)) {
            String sk = Dynamo.requireString(item, Table.SK);
            Map<String, AttributeValue> key = Dynamo.key(Table.residentPk(residentKey), sk);
            if (sk.equals(Table.SMS_STATE_SK) && Dynamo.bool(item, OPTED_OUT)) {
                // A STOP outlives the erasure: the bare flag, nothing else of the conversation.
                Map<String, AttributeValue> stop = new HashMap<>(key);
                stop.put(OPTED_OUT, Dynamo.bool(true));
                Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(stop)));
            } else {
                // A listed session ends first, so no device keeps a session to what is being forgotten.
                Table.tokenHashFromListedSk(sk).ifPresent(hash -> Dynamo.call(() -> dynamo.deleteItem(b -> b
                        .tableName(table).key(Dynamo.key(Table.residentSessionPk(hash), Table.RESIDENT_SESSION_SK)))));
                Dynamo.call(() -> dynamo.deleteItem(b -> b.tableName(table).key(key)));
            }
        }
    }

    private List<Map<String, AttributeValue>> partition(String residentKey) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusive = start;
            QueryResponse page = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(Table.residentPk(residentKey))))
                    .consistentRead(true)
                    .exclusiveStartKey(exclusive)
                    .build()));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static Map<String, AttributeValue> preferencesKey(String residentKey) {
        return Dynamo.key(Table.residentPk(residentKey), Table.PREFERENCES_SK);
    }
}
