package org.tellonce.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** The table of template.yaml turned into a CreateTable request, so local and AWS tables are the same. */
public final class TableDefinition {
    private TableDefinition() {
    }

    @SuppressWarnings("unchecked")
    public static CreateTableRequest from(SamTemplate template, String tableName) {
        Map<String, Object> props = (Map<String, Object>) template.resource(template.tableLogicalId())
                .getOrDefault("Properties", Map.of());
        var builder = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.fromValue(String.valueOf(props.getOrDefault("BillingMode", "PAY_PER_REQUEST"))))
                .attributeDefinitions(((List<Map<String, Object>>) props.get("AttributeDefinitions")).stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName((String) a.get("AttributeName"))
                                .attributeType((String) a.get("AttributeType")).build())
                        .toList())
                .keySchema(keySchema((List<Map<String, Object>>) props.get("KeySchema")));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Map<String, Object> gsi : (List<Map<String, Object>>) props.getOrDefault("GlobalSecondaryIndexes", List.of())) {
            Map<String, Object> projection = (Map<String, Object>) gsi.get("Projection");
            var p = Projection.builder().projectionType((String) projection.get("ProjectionType"));
            if (projection.get("NonKeyAttributes") != null) {
                p.nonKeyAttributes((List<String>) projection.get("NonKeyAttributes"));
            }
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName((String) gsi.get("IndexName"))
                    .keySchema(keySchema((List<Map<String, Object>>) gsi.get("KeySchema")))
                    .projection(p.build())
                    .build());
        }
        if (!indexes.isEmpty()) {
            builder.globalSecondaryIndexes(indexes);
        }
        Object stream = props.get("StreamSpecification");
        if (stream instanceof Map<?, ?> s && s.get("StreamViewType") != null) {
            builder.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(StreamViewType.fromValue(String.valueOf(s.get("StreamViewType")))).build());
        }
        return builder.build();
    }

    private static List<KeySchemaElement> keySchema(List<Map<String, Object>> elements) {
        return elements.stream().map(k -> KeySchemaElement.builder()
                .attributeName((String) k.get("AttributeName"))
                .keyType((String) k.get("KeyType")).build()).toList();
    }

    /**
     * Creates the table unless it is there already (a restart on the same data keeps it). DynamoDB
     * Local on a fresh data folder can answer 500 ("database is locked") for a moment while its
     * SQLite file is being set up on a busy machine, so a 500 is tried again a few times.
     */
    public static boolean ensure(DynamoDbClient dynamo, SamTemplate template, String tableName) {
        for (int attempt = 1; ; attempt++) {
            try {
                return ensureOnce(dynamo, template, tableName);
            } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException e) {
                if (e.statusCode() < 500 || attempt == 5) {
                    throw e;
                }
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean ensureOnce(DynamoDbClient dynamo, SamTemplate template, String tableName) {
        try {
            dynamo.describeTable(b -> b.tableName(tableName));
            return false;
        } catch (ResourceNotFoundException e) {
            try {
                dynamo.createTable(from(template, tableName));
                return true;
            } catch (ResourceInUseException raced) {
                return false;
            }
        }
    }
}
