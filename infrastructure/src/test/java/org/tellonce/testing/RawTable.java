package org.tellonce.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.local.LocalStack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** The table as an operator would inspect it: raw items, read with the DynamoDB client, no product code. */
public final class RawTable {
    private final DynamoDbClient dynamo;
    private final String table;

    public RawTable(LocalStack stack) {
        this.dynamo = stack.dynamo();
        this.table = stack.table();
    }

    public Optional<Map<String, AttributeValue>> item(String pk, String sk) {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    public Map<String, AttributeValue> storyItem(String reference) {
        return item("STORY#" + reference, "STORY").orElseThrow(() -> new AssertionError("no story item " + reference));
    }

    /** The share marker: the pointer saying "this partner holds this story". */
    public boolean shareMarkerExists(String reference, String partnerId) {
        return item("STORY#" + reference, "SHARE#" + partnerId).isPresent();
    }

    /** The references of every story with a share marker for the partner (one scan, not a read per story). */
    public java.util.Set<String> referencesSharedWith(String partnerId) {
        java.util.Set<String> references = new java.util.HashSet<>();
        for (Map<String, AttributeValue> item : scan()) {
            if (item.get("SK").s().equals("SHARE#" + partnerId) && item.get("PK").s().startsWith("STORY#")) {
                references.add(item.get("PK").s().substring("STORY#".length()));
            }
        }
        return references;
    }

    /** Every item of the story's partition (story, share markers, responses). */
    public List<Map<String, AttributeValue>> storyPartition(String reference) {
        return query("STORY#" + reference);
    }

    /** The partner's feed entries in sequence order. */
    public List<Map<String, AttributeValue>> feedEntries(String partnerId) {
        return query("FEED#" + partnerId);
    }

    /** How many of the partner's feed entries point at a story (state "shared"). */
    public long sharedFeedEntries(String partnerId) {
        return feedEntries(partnerId).stream()
                .filter(e -> e.get("state") != null && "shared".equals(e.get("state").s())).count();
    }

    public List<Map<String, AttributeValue>> scan() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.scan(ScanRequest.builder().tableName(table).exclusiveStartKey(from)
                    .consistentRead(true).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** Every string anywhere in the table (keys, attributes, list elements), to look for what must not be there. */
    public List<String> allStrings() {
        List<String> out = new ArrayList<>();
        scan().forEach(item -> item.forEach((name, value) -> {
            out.add(name);
            collect(value, out);
        }));
        return out;
    }

    private List<Map<String, AttributeValue>> query(String pk) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                    .exclusiveStartKey(from).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static void collect(AttributeValue value, List<String> out) {
        if (value.s() != null) {
            out.add(value.s());
        }
        if (value.n() != null) {
            out.add(value.n());
        }
        if (value.hasL()) {
            value.l().forEach(v -> collect(v, out));
        }
        if (value.hasM()) {
            value.m().forEach((k, v) -> {
                out.add(k);
                collect(v, out);
            });
        }
        if (value.hasSs()) {
            out.addAll(value.ss());
        }
        if (value.b() != null) {
            out.add(new String(value.b().asByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
    }
}
