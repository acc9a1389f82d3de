package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.StoreUnavailableException;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.feed.FeedStore;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Reference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The partner feed over the single table. */
public final class DynamoFeedStore implements FeedStore {
    private static final int BATCH_GET_MAX = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final FieldCipher cipher;

    public DynamoFeedStore(DynamoDbClient dynamo, String table, FieldCipher cipher) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
    }

    @Override
    public List<FeedEntry> entriesAfter(String partnerId, long afterSeq, int max) {
        var response = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("PK = :pk AND SK > :after")
                .expressionAttributeValues(Map.of(":pk", s(Table.feedPk(partnerId)),
                        ":after", s(Table.feedSk(afterSeq))))
                .consistentRead(true)
                .limit(max)
                .build()));
        List<FeedEntry> entries = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            entries.add(new FeedEntry(Dynamo.number(item, DynamoShareStore.SEQ),
                    Dynamo.string(item, DynamoShareStore.STATE).orElse(DynamoShareStore.SKIP),
                    Dynamo.string(item, "reference").flatMap(Reference::parse),
                    Instant.parse(Dynamo.requireString(item, DynamoShareStore.SHARED_AT))));
        }
        return entries;
    }

    @Override
    public Map<Reference, Held> held(Collection<Reference> references, String partnerId) {
        Map<Reference, Held> out = new HashMap<>();
        List<Reference> unique = new ArrayList<>(new LinkedHashSet<>(references));
        Map<String, Map<String, AttributeValue>> stories = new HashMap<>();
        Map<String, Map<String, AttributeValue>> markers = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Reference reference : unique) {
            keys.add(Dynamo.key(Table.storyPk(reference), Table.STORY_SK));
            keys.add(Dynamo.key(Table.storyPk(reference), Table.shareSk(partnerId)));
        }
        for (int i = 0; i < keys.size(); i += BATCH_GET_MAX) {
            for (Map<String, AttributeValue> item : batchGet(keys.subList(i, Math.min(keys.size(), i + BATCH_GET_MAX)))) {
                String pk = Dynamo.requireString(item, Table.PK);
                if (Table.STORY_SK.equals(Dynamo.requireString(item, Table.SK))) {
                    stories.put(pk, item);
                } else {
                    markers.put(pk, item);
                }
            }
        }
        for (Reference reference : unique) {
            Map<String, AttributeValue> story = stories.get(Table.storyPk(reference));
            if (story == null) {
                continue;
            }
            Map<String, AttributeValue> marker = markers.get(Table.storyPk(reference));
            out.put(reference, new Held(StoryItems.fromItem(story, cipher), marker != null,
                    marker == null ? Optional.empty()
                            : Dynamo.string(marker, DynamoShareStore.SHARED_AT).map(Instant::parse),
                    StoryItems.sharedAs(story)));
        }
        return out;
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        for (int attempt = 0; !request.isEmpty(); attempt++) {
            Map<String, KeysAndAttributes> current = request;
            BatchGetItemResponse response = Dynamo.call(() -> dynamo.batchGetItem(b -> b.requestItems(current)));
            items.addAll(response.responses().getOrDefault(table, List.of()));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            if (!request.isEmpty()) {
                if (attempt >= 8) {
                    throw new StoreUnavailableException(new IllegalStateException("unprocessed keys"));
                }
                try {
                    Thread.sleep(10L << attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException(e);
                }
            }
        }
        return items;
    }

    @Override
    public Optional<Reference> referenceOf(String storyId) {
        var response = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                .tableName(table)
                .indexName(Table.GSI2)
                .keyConditionExpression("GSI2PK = :id")
                .expressionAttributeValues(Map.of(":id", s(Table.storyIdPk(storyId))))
                .limit(1)
                .build()));
        return response.items().stream().findFirst()
                .map(item -> Dynamo.requireString(item, Table.PK))
                .flatMap(Table::referenceFromPk);
    }

    @Override
    public List<Reference> residentStories(String residentKey, int max) {
        var response = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                .tableName(table)
                .indexName(Table.GSI1)
                .keyConditionExpression("GSI1PK = :rk")
                .expressionAttributeValues(Map.of(":rk", s(Table.residentPk(residentKey))))
                .scanIndexForward(false)
                .limit(max)
                .build()));
        List<Reference> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            Table.referenceFromPk(Dynamo.requireString(item, Table.PK)).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public void addResponse(Reference reference, Partner partner, String responseId, String text, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Table.PK, s(Table.storyPk(reference)));
        item.put(Table.SK, s(Table.responseSk(at, responseId)));
        item.put("type", s("response"));
        item.put("responseId", s(responseId));
        item.put("partnerId", s(partner.id()));
        item.put("partnerName", s(partner.name()));
        item.put("at", s(at.toString()));
        item.put(ResponseItems.TEXT, s(cipher.seal(text, DynamoStoryStore.responseContext(item))));
        Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(PK)")));
    }
}
