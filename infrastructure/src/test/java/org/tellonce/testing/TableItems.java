package org.tellonce.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.local.LocalStack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** What is really in the table, read straight from DynamoDB (strongly consistent scans). */
public final class TableItems {
    private final DynamoDbClient dynamo;
    private final String table;
    private final FieldCipher cipher;

    /** Reads the stack's table; story text is decrypted with the stack's field key to find stories. */
    public TableItems(LocalStack stack) {
        this(stack.dynamo(), stack.table(), FieldCipher.fromSecret(
                stack.environment("SubmitStoryFunction").get("RESIDENT_KEY_SECRET").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public TableItems(DynamoDbClient dynamo, String table, FieldCipher cipher) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
    }

    /** A story item's text, decrypted (the table itself only holds ciphertext). */
    public String textOf(Map<String, AttributeValue> story) {
        return cipher.open(story.get("text").s(), story.get(Table.PK).s() + "|text");
    }

    /** A value sealed as the functions seal a story item's field (bound to the item's key and the field's name). */
    public String seal(String pk, String attribute, String value) {
        return cipher.seal(value, pk + "|" + attribute);
    }

    /** A story item's phone number, decrypted. */
    public String phoneOf(Map<String, AttributeValue> story) {
        return cipher.open(story.get("phone").s(), story.get(Table.PK).s() + "|phone");
    }

    /** Every item of every kind. */
    public int count() {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamo.scan(ScanRequest.builder().tableName(table).select(Select.COUNT)
                    .consistentRead(true).exclusiveStartKey(start).build());
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /** The story items (SK = STORY) whose text carries the marker of {@code text}. */
    public List<Map<String, AttributeValue>> storiesTelling(String text) {
        String marker = StoryTexts.markerOf(text);
        return stories(null, Map.of()).stream()
                .filter(item -> item.containsKey("text") && textOf(item).contains(marker))
                .toList();
    }

    /** Every story item (SK = STORY). */
    public List<Map<String, AttributeValue>> stories() {
        return stories(null, Map.of());
    }

    private List<Map<String, AttributeValue>> stories(String extraFilter, Map<String, AttributeValue> values) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        Map<String, AttributeValue> allValues = new java.util.HashMap<>(values);
        allValues.put(":story", AttributeValue.fromS(Table.STORY_SK));
        Map<String, String> names = new java.util.HashMap<>(Map.of("#sk", Table.SK));
        if (extraFilter != null) {
            names.put("#text", "text");
        }
        do {
            var page = dynamo.scan(ScanRequest.builder().tableName(table).consistentRead(true)
                    .filterExpression("#sk = :story" + (extraFilter == null ? "" : " AND " + extraFilter))
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(allValues)
                    .exclusiveStartKey(start).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
