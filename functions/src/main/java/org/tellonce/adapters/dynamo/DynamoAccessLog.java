package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.StoreUnavailableException;
import org.tellonce.core.access.AccessEntry;
import org.tellonce.core.access.AccessLog;
import org.tellonce.core.access.Action;
import org.tellonce.core.story.Reference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The access log, one item per entry in the story's own partition ({@code ACCESS#{at}#{id}}), so that
 * erasing the story's partition erases its log; each item also sits in its partner's GSI1 partition
 * ({@code AUDIT#{partnerId}}) for the partner admin's view. GSI1 holds keys only: a partner's page is
 * one query and one batch read.
 */
public final class DynamoAccessLog implements AccessLog {
    static final String TYPE_ACCESS = "access";
    private static final String PARTNER = "partnerId";
    private static final String KIND = "kind";
    private static final String ACTION = "action";
    private static final String STAFF = "staffKey";
    private static final String AT = "at";
    private static final int BATCH_WRITE_MAX = 25;
    private static final int BATCH_GET_MAX = 100;
    private static final int ATTEMPTS = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoAccessLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void record(List<AccessEntry> entries) {
        List<WriteRequest> puts = entries.stream()
                .map(e -> WriteRequest.builder().putRequest(PutRequest.builder().item(item(e)).build()).build())
                .toList();
        for (int i = 0; i < puts.size(); i += BATCH_WRITE_MAX) {
            Map<String, List<WriteRequest>> pending = Map.of(table,
                    puts.subList(i, Math.min(puts.size(), i + BATCH_WRITE_MAX)));
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt >= ATTEMPTS) {
                    throw new StoreUnavailableException(new IllegalStateException("access log entries unprocessed"));
                }
                Map<String, List<WriteRequest>> current = pending;
                var result = Dynamo.call(() -> dynamo.batchWriteItem(b -> b.requestItems(current)));
                pending = result.hasUnprocessedItems() ? result.unprocessedItems() : Map.of();
                if (!pending.isEmpty()) {
                    pause(attempt);
                }
            }
        }
    }

    @Override
    public List<AccessEntry> ofStory(Reference reference, int max) {
        List<AccessEntry> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusive = start;
            QueryResponse page = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :access)")
                    .expressionAttributeValues(Map.of(":pk", s(Table.storyPk(reference)),
                            ":access", s(Table.ACCESS_PREFIX)))
                    .scanIndexForward(false)
                    .limit(max - out.size())
                    .consistentRead(true)
                    .exclusiveStartKey(exclusive)
                    .build()));
            page.items().forEach(item -> entry(reference, item).ifPresent(out::add));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && out.size() < max);
        return out;
    }

    @Override
    public Page ofPartner(String partnerId, Optional<String> cursor, int max) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(Table.auditPk(partnerId)));
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .indexName(Table.GSI1)
                .scanIndexForward(false)
                .limit(max);
        if (cursor.isPresent()) {
            values.put(":before", s(decode(cursor.get())));
            query.keyConditionExpression("GSI1PK = :pk AND GSI1SK < :before");
        } else {
            query.keyConditionExpression("GSI1PK = :pk");
        }
        QueryResponse page = Dynamo.call(() -> dynamo.query(query.expressionAttributeValues(values).build()));
        List<Map<String, AttributeValue>> keys = page.items().stream()
                .map(k -> Dynamo.key(Dynamo.requireString(k, Table.PK), Dynamo.requireString(k, Table.SK)))
                .toList();
        Map<String, Map<String, AttributeValue>> bySk = new HashMap<>();
        for (int i = 0; i < keys.size(); i += BATCH_GET_MAX) {
            for (Map<String, AttributeValue> item : batchGet(keys.subList(i, Math.min(keys.size(), i + BATCH_GET_MAX)))) {
                bySk.put(Dynamo.requireString(item, Table.PK) + " " + Dynamo.requireString(item, Table.SK), item);
            }
        }
        List<AccessEntry> entries = new ArrayList<>();
        for (Map<String, AttributeValue> key : keys) {
            String pk = Dynamo.requireString(key, Table.PK);
            Map<String, AttributeValue> item = bySk.get(pk + " " + Dynamo.requireString(key, Table.SK));
            // Gone between the query and the read: the story was erased meanwhile.
            if (item != null) {
                Table.referenceFromPk(pk).flatMap(r -> entry(r, item)).ifPresent(entries::add);
            }
        }
        Optional<String> next = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? Optional.of(encode(Dynamo.requireString(page.lastEvaluatedKey(), Table.GSI1SK)))
                : Optional.empty();
        return new Page(entries, next);
    }

    private Map<String, AttributeValue> item(AccessEntry entry) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        Map<String, AttributeValue> item = new HashMap<>(Dynamo.key(Table.storyPk(entry.reference()),
                Table.accessSk(entry.at(), id)));
        item.put(Table.GSI1PK, s(Table.auditPk(entry.partnerId())));
        item.put(Table.GSI1SK, s(Table.auditSk(entry.at(), id)));
        item.put(StoryItems.TYPE, s(TYPE_ACCESS));
        item.put(PARTNER, s(entry.partnerId()));
        item.put(KIND, s(entry.kind()));
        item.put(ACTION, s(entry.action().wire()));
        entry.staffKey().ifPresent(k -> item.put(STAFF, s(k)));
        item.put(AT, s(entry.at().toString()));
        return item;
    }

    private static Optional<AccessEntry> entry(Reference reference, Map<String, AttributeValue> item) {
        Optional<Action> action = Dynamo.string(item, ACTION).flatMap(Action::of);
        Optional<String> partner = Dynamo.string(item, PARTNER);
        Optional<String> at = Dynamo.string(item, AT);
        if (action.isEmpty() || partner.isEmpty() || at.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AccessEntry(reference, partner.get(), Dynamo.string(item, KIND).orElse("api"),
                action.get(), Dynamo.string(item, STAFF), Instant.parse(at.get())));
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
        for (int attempt = 0; !request.isEmpty(); attempt++) {
            if (attempt >= ATTEMPTS) {
                throw new StoreUnavailableException(new IllegalStateException("access log keys unprocessed"));
            }
            Map<String, KeysAndAttributes> current = request;
            BatchGetItemResponse response = Dynamo.call(() -> dynamo.batchGetItem(b -> b.requestItems(current)));
            items.addAll(response.responses().getOrDefault(table, List.of()));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            if (!request.isEmpty()) {
                pause(attempt);
            }
        }
        return items;
    }

    private static String encode(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String sortKey = new String(Base64.getUrlDecoder().decode(cursor), java.nio.charset.StandardCharsets.UTF_8);
            Instant.parse(sortKey.substring(0, sortKey.indexOf('#')));
            return sortKey;
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not an audit cursor", e);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(10L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException(e);
        }
    }
}
