package org.tellonce.store.lean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.config.AwsClients;
import org.tellonce.config.Components;
import org.tellonce.config.Env;
import org.tellonce.config.EnvNames;
import org.tellonce.local.MotoServer;
import org.tellonce.local.LocalStack;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The lean client against the SDK client on a real DynamoDB Local: the same scenario runs on each
 * (on a freshly created, identical table), and every response and every exception must be equal —
 * every operation the functions use, every attribute type, conditional failures with ALL_OLD,
 * transaction cancellation reasons, batches and their unprocessed parts, pagination, a GSI,
 * validation errors and an unreachable endpoint.
 */
class LeanDynamoDbClientContractTest {
    private static final String TABLE = "contract";
    private static MotoServer dynamo;
    private static DynamoDbClient sdk;
    private static LeanDynamoDbClient lean;

    @BeforeAll
    static void start() {
        dynamo = org.tellonce.testing.Moto.start();
        sdk = AwsClients.newDynamoDb(dynamo.endpoint());
        lean = AwsClients.newLeanDynamoDb(dynamo.endpoint());
    }

    @AfterAll
    static void stop() {
        sdk.close();
        lean.close();
        dynamo.close();
    }

    private static void freshTable() {
        if (sdk.listTables().tableNames().contains(TABLE)) {
            sdk.deleteTable(b -> b.tableName(TABLE));
        }
        sdk.createTable(b -> b.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("PK").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("SK").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("GPK").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("GSK").attributeType(ScalarAttributeType.N).build())
                .keySchema(KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("SK").keyType(KeyType.RANGE).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("ByGroup")
                        .keySchema(KeySchemaElement.builder().attributeName("GPK").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("GSK").keyType(KeyType.RANGE).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build()));
    }

    /** What an exception says, without its request id (which differs per request). */
    record Failure(String type, int status, String errorCode, String errorMessage, boolean throttling,
                   Object item, Object cancellationReasons) {
        static Failure of(SdkException e) {
            if (e instanceof AwsServiceException a) {
                return new Failure(a.getClass().getName(), a.statusCode(), a.awsErrorDetails().errorCode(),
                        a.awsErrorDetails().errorMessage(), a.isThrottlingException(),
                        e instanceof ConditionalCheckFailedException c && c.hasItem() ? c.item() : null,
                        e instanceof TransactionCanceledException t && t.hasCancellationReasons()
                                ? t.cancellationReasons() : null);
            }
            return new Failure(e instanceof SdkClientException ? SdkClientException.class.getName()
                    : e.getClass().getName(), 0, null, null, false, null, null);
        }
    }

    /** Step name to result (a response or a Failure). */
    private static Map<String, Object> scenario(DynamoDbClient db) {
        freshTable();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, AttributeValue> everything = new HashMap<>(key("item", "1"));
        everything.put("s", AttributeValue.fromS("Ünïcødé \"quoted\" \\ ✓ \n tab\t"));
        everything.put("emptyS", AttributeValue.fromS(""));
        everything.put("n", AttributeValue.fromN("-12345678901234567890.123456789"));
        everything.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 0xff, 0x7f})));
        everything.put("ss", AttributeValue.fromSs(List.of("a", "b", "ç")));
        everything.put("ns", AttributeValue.fromNs(List.of("1", "2.5", "-3e10")));
        everything.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}),
                SdkBytes.fromByteArray(new byte[] {2, 3}))));
        everything.put("nul", AttributeValue.fromNul(true));
        everything.put("t", AttributeValue.fromBool(true));
        everything.put("f", AttributeValue.fromBool(false));
        everything.put("emptyL", AttributeValue.fromL(List.of()));
        everything.put("emptyM", AttributeValue.fromM(Map.of()));
        everything.put("m", AttributeValue.fromM(Map.of(
                "inner", AttributeValue.fromM(Map.of("deep", AttributeValue.fromL(List.of(
                        AttributeValue.fromS("x"), AttributeValue.fromN("1"), AttributeValue.fromNul(true),
                        AttributeValue.fromSs(List.of("q")), AttributeValue.fromBool(false),
                        AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")))))),
                "list", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))))))));

        step(out, "put everything", () -> db.putItem(b -> b.tableName(TABLE).item(everything)
                .returnValues(ReturnValue.ALL_OLD).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)));
        step(out, "get everything", () -> db.getItem(b -> b.tableName(TABLE).key(key("item", "1"))
                .consistentRead(true)));
        step(out, "get missing", () -> db.getItem(b -> b.tableName(TABLE).key(key("item", "nope"))));
        step(out, "get projected", () -> db.getItem(b -> b.tableName(TABLE).key(key("item", "1"))
                .projectionExpression("#s, m.#in, ss").expressionAttributeNames(Map.of("#s", "s", "#in", "inner"))));
        step(out, "put replacing ALL_OLD", () -> db.putItem(b -> b.tableName(TABLE)
                .item(withAttr(everything, "n", AttributeValue.fromN("2"))).returnValues(ReturnValue.ALL_OLD)));
        step(out, "update ALL_NEW", () -> db.updateItem(b -> b.tableName(TABLE).key(key("item", "1"))
                .updateExpression("SET #c = if_not_exists(#c, :zero) + :one, m.#in.added = :s ADD ss :more"
                        + " REMOVE f")
                .conditionExpression("attribute_exists(PK) AND t = :true")
                .expressionAttributeNames(Map.of("#c", "count", "#in", "inner"))
                .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"), ":one", AttributeValue.fromN("1"),
                        ":s", AttributeValue.fromS("added"), ":more", AttributeValue.fromSs(List.of("z")),
                        ":true", AttributeValue.fromBool(true)))
                .returnValues(ReturnValue.ALL_NEW)));
        step(out, "update UPDATED_OLD", () -> db.updateItem(b -> b.tableName(TABLE).key(key("item", "1"))
                .updateExpression("SET #c = #c + :one").expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.UPDATED_OLD)));
        step(out, "update no return", () -> db.updateItem(b -> b.tableName(TABLE).key(key("item", "2"))
                .updateExpression("SET v = :v").expressionAttributeValues(Map.of(":v", AttributeValue.fromS("new")))));
        step(out, "conditional put fails with ALL_OLD", () -> db.putItem(b -> b.tableName(TABLE)
                .item(key("item", "1")).conditionExpression("attribute_not_exists(PK)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        step(out, "conditional update fails without ALL_OLD", () -> db.updateItem(b -> b.tableName(TABLE)
                .key(key("item", "1")).updateExpression("SET v = :v").conditionExpression("v = :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("never")))));
        step(out, "conditional delete fails with ALL_OLD", () -> db.deleteItem(b -> b.tableName(TABLE)
                .key(key("item", "2")).conditionExpression("attribute_not_exists(v)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        step(out, "delete ALL_OLD", () -> db.deleteItem(b -> b.tableName(TABLE).key(key("item", "2"))
                .returnValues(ReturnValue.ALL_OLD)));
        step(out, "delete missing", () -> db.deleteItem(b -> b.tableName(TABLE).key(key("item", "2"))));

        step(out, "transaction applied", () -> db.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(withAttr(key("tx", "a"), "v",
                        AttributeValue.fromN("1"))).conditionExpression("attribute_not_exists(PK)").build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(TABLE).key(key("tx", "upd"))
                        .updateExpression("SET tx = :t").expressionAttributeValues(Map.of(":t",
                                AttributeValue.fromS("yes"))).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(TABLE).key(key("tx", "gone")).build())
                        .build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(TABLE)
                        .key(key("item", "1")).conditionExpression("attribute_exists(PK)").build()).build())
                .clientRequestToken(java.util.UUID.randomUUID().toString())));
        step(out, "transaction cancelled", () -> db.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(key("tx", "b")).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(TABLE).item(key("tx", "a"))
                        .conditionExpression("attribute_not_exists(PK)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build())
                        .build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(TABLE)
                        .key(key("item", "1")).conditionExpression("attribute_not_exists(PK)").build()).build())));
        step(out, "after cancelled transaction", () -> db.getItem(b -> b.tableName(TABLE).key(key("tx", "b"))));

        // 30 items in a group: batch write (25 max per request), pagination, a GSI.
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Map<String, AttributeValue> item = new HashMap<>(key("group", String.format("%03d", i)));
            item.put("GPK", AttributeValue.fromS(i % 2 == 0 ? "even" : "odd"));
            item.put("GSK", AttributeValue.fromN(Integer.toString(100 - i)));
            item.put("i", AttributeValue.fromN(Integer.toString(i)));
            puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        step(out, "batch write 25", () -> db.batchWriteItem(b -> b.requestItems(Map.of(TABLE, puts))));
        step(out, "batch write mixed", () -> db.batchWriteItem(b -> b.requestItems(Map.of(TABLE, List.of(
                WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key("group", "000")).build()).build(),
                WriteRequest.builder().putRequest(PutRequest.builder().item(key("group", "900")).build()).build())))));
        step(out, "batch get", () -> db.batchGetItem(b -> b.requestItems(Map.of(TABLE, KeysAndAttributes.builder()
                .keys(key("group", "001"), key("group", "002"), key("group", "000"), key("item", "1"))
                .projectionExpression("PK, SK, #i").expressionAttributeNames(Map.of("#i", "i"))
                .consistentRead(true).build()))));

        List<Object> pages = new ArrayList<>();
        step(out, "query pages", () -> {
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = db.query(QueryRequest.builder().tableName(TABLE)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :p)")
                        .filterExpression("i <> :three")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("group"),
                                ":p", AttributeValue.fromS("0"), ":three", AttributeValue.fromN("3")))
                        .limit(7).scanIndexForward(false).exclusiveStartKey(from).build());
                pages.add(page);
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
            return pages;
        });
        step(out, "query count", () -> db.query(b -> b.tableName(TABLE).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("group"))).select(Select.COUNT)));
        step(out, "query GSI", () -> db.query(b -> b.tableName(TABLE).indexName("ByGroup")
                .keyConditionExpression("GPK = :g AND GSK BETWEEN :lo AND :hi")
                .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("odd"), ":lo", AttributeValue.fromN("80"),
                        ":hi", AttributeValue.fromN("95")))
                .projectionExpression("SK, GSK").limit(3)));
        step(out, "query GSI paginator", () -> {
            List<Object> items = new ArrayList<>();
            db.queryPaginator(b -> b.tableName(TABLE).indexName("ByGroup").keyConditionExpression("GPK = :g")
                    .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("even"))).limit(4))
                    .items().forEach(items::add);
            return items;
        });
        step(out, "scan", () -> db.scan(b -> b.tableName(TABLE).filterExpression("attribute_exists(tx)")));

        // Big items: a batch get over 16 MB answers with UnprocessedKeys in DynamoDB.
        String big = "x".repeat(390_000);
        List<Map<String, AttributeValue>> bigKeys = new ArrayList<>();
        for (int i = 0; i < 44; i++) {
            Map<String, AttributeValue> k = key("big", Integer.toString(i));
            bigKeys.add(k);
            db.putItem(b -> b.tableName(TABLE).item(withAttr(k, "payload", AttributeValue.fromS(big))));
        }
        step(out, "batch get over 16 MB", () -> {
            BatchGetItemResponse first = db.batchGetItem(b -> b.requestItems(Map.of(TABLE,
                    KeysAndAttributes.builder().keys(bigKeys).projectionExpression("PK, SK").build())));
            BatchGetItemResponse full = db.batchGetItem(b -> b.requestItems(Map.of(TABLE,
                    KeysAndAttributes.builder().keys(bigKeys).build())));
            return List.of(sortedResponses(first), sortedResponses(full), full.unprocessedKeys().isEmpty()
                    ? "none unprocessed" : full.unprocessedKeys().get(TABLE).keys().size() + " unprocessed");
        });

        // Validation and missing resources.
        step(out, "validation: missing key", () -> db.getItem(b -> b.tableName(TABLE).key(Map.of("PK",
                AttributeValue.fromS("only")))));
        step(out, "validation: bad expression", () -> db.updateItem(b -> b.tableName(TABLE).key(key("item", "1"))
                .updateExpression("SET = nonsense")));
        step(out, "validation: unused value", () -> db.putItem(b -> b.tableName(TABLE).item(key("item", "3"))
                .expressionAttributeValues(Map.of(":unused", AttributeValue.fromS("x")))));
        step(out, "validation: empty key", () -> db.putItem(b -> b.tableName(TABLE).item(key("", ""))));
        step(out, "missing index", () -> db.query(b -> b.tableName(TABLE).indexName("Nope")
                .keyConditionExpression("GPK = :g").expressionAttributeValues(Map.of(":g", AttributeValue.fromS("x")))));
        step(out, "missing table", () -> db.getItem(b -> b.tableName("no-such-table").key(key("a", "b"))));
        return out;
    }

    /**
     * Equal as the model sees it: responses by their modeled fields (SdkResponse.equals also compares
     * the raw HTTP response, which differs in headers such as the request id).
     */
    private static boolean same(Object a, Object b) {
        if (a instanceof software.amazon.awssdk.core.SdkPojo pa) {
            return b != null && a.getClass() == b.getClass() && pa.equalsBySdkFields(b);
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!same(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static Object sortedResponses(BatchGetItemResponse response) {
        List<String> keys = new ArrayList<>();
        response.responses().getOrDefault(TABLE, List.of()).forEach(item -> keys.add(item.get("SK").s()
                + (item.containsKey("payload") ? "+payload" : "")));
        keys.sort(null);
        return keys.size() + " " + keys;
    }

    private static void step(Map<String, Object> out, String name, Supplier<Object> call) {
        Object result;
        try {
            result = call.get();
        } catch (SdkException e) {
            result = Failure.of(e);
        }
        out.put(name, result);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> withAttr(Map<String, AttributeValue> item, String name,
                                                        AttributeValue value) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put(name, value);
        return copy;
    }

    @Test
    void theLeanClientAnswersExactlyAsTheSdkClientDoes() {
        Map<String, Object> expected = scenario(sdk);
        Map<String, Object> actual = scenario(lean);
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String step : expected.keySet()) {
            assertThat(same(actual.get(step), expected.get(step)))
                    .as("%s:%n lean: %s%n sdk:  %s", step, actual.get(step), expected.get(step)).isTrue();
        }
        // The scenario did reach the interesting answers.
        for (String succeeded : List.of("get projected", "update ALL_NEW", "update UPDATED_OLD", "transaction applied",
                "batch get", "query GSI", "put replacing ALL_OLD", "delete ALL_OLD")) {
            assertThat(expected.get(succeeded)).as(succeeded).isNotInstanceOf(Failure.class);
        }
        assertThat(expected.get("transaction cancelled")).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(((List<?>) f.cancellationReasons()).get(1).toString()).contains("Item="));
        assertThat(expected.get("batch get over 16 MB").toString()).contains(" unprocessed").doesNotContain("none");
        assertThat(expected.get("conditional put fails with ALL_OLD")).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.item()).isNotNull());
        assertThat(expected.get("conditional update fails without ALL_OLD")).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.type()).isEqualTo(ConditionalCheckFailedException.class.getName()));
        assertThat(expected.get("transaction cancelled")).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.cancellationReasons()).asList().hasSize(3));
        assertThat(expected.get("validation: missing key")).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.errorCode()).isEqualTo("ValidationException");
        });
        assertThat(expected.get("missing table")).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.errorCode()).isEqualTo("ResourceNotFoundException"));
        assertThat((List<?>) expected.get("query pages")).hasSizeGreaterThan(2);
    }

    @Test
    void anUnreachableEndpointIsAnSdkClientExceptionAfterThreeQuickAttempts() {
        String nowhere = "http://127.0.0.1:" + LocalStack.freePort();
        List<Object> results = new ArrayList<>();
        for (DynamoDbClient client : List.of(AwsClients.newDynamoDb(nowhere), AwsClients.newLeanDynamoDb(nowhere))) {
            long started = System.nanoTime();
            try (client) {
                client.getItem(b -> b.tableName(TABLE).key(key("a", "b")));
                results.add("answered");
            } catch (SdkException e) {
                results.add(Failure.of(e));
                assertThat(e).isInstanceOf(SdkClientException.class);
                assertThat(e.numAttempts()).isEqualTo(3);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
        assertThat(results.get(1)).isEqualTo(results.get(0));
    }

    @Test
    void theLeanClientIsTheDefaultAndTheSdkOneTheEscapeHatch() {
        assertThat(lean.serviceName()).isEqualTo(DynamoDbClient.SERVICE_NAME).isEqualTo(sdk.serviceName());
        try {
            Env.override(Map.of(EnvNames.DYNAMODB_ENDPOINT, dynamo.endpoint()));
            Env.clear(EnvNames.DYNAMODB_CLIENT);
            Components.reset();
            DynamoDbClient byDefault = AwsClients.dynamoDb();
            assertThat(byDefault).isInstanceOf(LeanDynamoDbClient.class);
            assertThatThrownBy(() -> byDefault.getItem(b -> b.tableName("no-such-table").key(key("PRIME", "PRIME"))))
                    .isInstanceOf(ResourceNotFoundException.class);
            Env.override(Map.of(EnvNames.DYNAMODB_CLIENT, "sdk"));
            Components.reset();
            DynamoDbClient escapeHatch = AwsClients.dynamoDb();
            assertThat(escapeHatch).isNotInstanceOf(LeanDynamoDbClient.class);
            assertThatThrownBy(() -> escapeHatch.getItem(b -> b.tableName("no-such-table")
                    .key(key("PRIME", "PRIME")))).isInstanceOf(ResourceNotFoundException.class);
        } finally {
            Env.clear(EnvNames.DYNAMODB_CLIENT);
            Env.clear(EnvNames.DYNAMODB_ENDPOINT);
            Components.reset();
        }
    }
}
