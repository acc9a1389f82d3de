package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.testing.Moto;
import org.tellonce.testing.ProjectFiles;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The engine under TellOnce's own patch of moto (sitecustomize.py): transactions are all or nothing,
 * stream records only for what was applied, and racing conditional writes end in exactly one winner.
 */
class MotoEngineIntegrationTest {
    private static MotoServer moto;
    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;
    private static String streamArn;

    @BeforeAll
    static void start() {
        moto = Moto.start();
        dynamo = AwsClients.newDynamoDb(moto.endpoint());
        TableDefinition.ensure(dynamo, SamTemplate.load(ProjectFiles.template()), "engine");
        streamArn = dynamo.describeTable(b -> b.tableName("engine")).table().latestStreamArn();
        streams = DynamoDbStreamsClient.builder().endpointOverride(java.net.URI.create(moto.endpoint()))
                .region(AwsClients.DEFAULT_REGION).credentialsProvider(AwsClients.localCredentials())
                .httpClient(AwsClients.httpClient()).build();
    }

    @AfterAll
    static void stop() {
        streams.close();
        dynamo.close();
        moto.close();
    }

    @Test
    void motoRunsWithTellOncesPatch() {
        assertThat(moto.patched()).as("moto's log says the patch was taken").isTrue();
    }

    @Test
    void aTransactionWithOneFailedConditionWritesNothingAndAddsNoStreamRecord() {
        put("T1#existing", "SK");
        int before = streamRecords();

        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(
                newItem("T1#fresh", "SK"), newItem("T1#existing", "SK"))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(
                        e.cancellationReasons().stream().map(r -> r.code()).toList())
                        .containsExactly("None", "ConditionalCheckFailed"));

        assertThat(exists("T1#fresh", "SK")).as("no partial write").isFalse();
        assertThat(streamRecords()).isEqualTo(before);
    }

    @Test
    void aTransactionThatPassesWritesEveryItemWithOneStreamRecordEach() {
        int before = streamRecords();

        dynamo.transactWriteItems(b -> b.transactItems(newItem("T2#a", "SK"), newItem("T2#b", "SK"),
                newItem("T2#c", "SK")));

        assertThat(exists("T2#a", "SK") && exists("T2#b", "SK") && exists("T2#c", "SK")).isTrue();
        assertThat(streamRecords()).isEqualTo(before + 3);
    }

    @Test
    void racingConditionalWritesOfOneKeyEndInExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 10; round++) {
                String pk = "RACE#" + round;
                List<Callable<Boolean>> racers = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    racers.add(() -> {
                        try {
                            dynamo.putItem(b -> b.tableName("engine").item(key(pk, "SK"))
                                    .conditionExpression("attribute_not_exists(PK)"));
                            return true;
                        } catch (ConditionalCheckFailedException e) {
                            return false;
                        }
                    });
                }
                int winners = 0;
                for (Future<Boolean> f : pool.invokeAll(racers)) {
                    winners += f.get() ? 1 : 0;
                }
                assertThat(winners).as("round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aQueryReadsWhatItsKeyConditionSelectsPageByPageInBothDirectionsAlsoAfterWrites() {
        String pk = "RANGE#1";
        NavigableSet<String> model = new TreeSet<>();
        for (int i = 0; i < 300; i += 2) {
            put(pk, sk(i));
            model.add(sk(i));
        }
        put("RANGE#0", sk(1));
        put("RANGE#2", sk(1));
        assertQueries(pk, model);

        // Every way an item comes and goes, after the partition was read once.
        dynamo.deleteItem(b -> b.tableName("engine").key(key(pk, sk(10))));
        dynamo.deleteItem(b -> b.tableName("engine").key(key(pk, sk(298))));
        put(pk, sk(11));
        put(pk, sk(299));
        dynamo.putItem(b -> b.tableName("engine").item(Map.of("PK", AttributeValue.fromS(pk), "SK",
                AttributeValue.fromS(sk(20)), "v", AttributeValue.fromN("1"))));
        dynamo.transactWriteItems(b -> b.transactItems(newItem(pk, sk(101)), TransactWriteItem.builder()
                .delete(d -> d.tableName("engine").key(key(pk, sk(100)))).build()));
        assertThatThrownBy(() -> dynamo.transactWriteItems(b -> b.transactItems(newItem(pk, sk(103)),
                newItem(pk, sk(102))))).isInstanceOf(TransactionCanceledException.class);
        dynamo.batchWriteItem(b -> b.requestItems(Map.of("engine", List.of(
                WriteRequest.builder().putRequest(r -> r.item(key(pk, sk(3)))).build(),
                WriteRequest.builder().deleteRequest(r -> r.key(key(pk, sk(296)))).build()))));
        model.removeAll(List.of(sk(10), sk(298), sk(100), sk(296)));
        model.addAll(List.of(sk(11), sk(299), sk(101), sk(3)));
        assertQueries(pk, model);

        var filtered = dynamo.query(b -> b.tableName("engine").keyConditionExpression("PK = :p AND SK > :a")
                .filterExpression("attribute_exists(v)").limit(50).consistentRead(true)
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk), ":a", AttributeValue.fromS(sk(0)))));
        assertThat(filtered.scannedCount()).as("the limit counts what was read, before the filter").isEqualTo(50);
        assertThat(filtered.items()).extracting(item -> item.get("SK").s()).containsExactly(sk(20));
    }

    /** Every key condition, both directions, with and without a limit, page by page: what the model selects. */
    private static void assertQueries(String pk, NavigableSet<String> model) {
        record Condition(String expression, List<String> values, java.util.function.Predicate<String> selects) {
        }
        String mid = sk(150);
        String absent = sk(151);
        List<Condition> conditions = List.of(
                new Condition("", List.of(), k -> true),
                new Condition(" AND SK < :a", List.of(mid), k -> k.compareTo(mid) < 0),
                new Condition(" AND SK <= :a", List.of(mid), k -> k.compareTo(mid) <= 0),
                new Condition(" AND SK > :a", List.of(mid), k -> k.compareTo(mid) > 0),
                new Condition(" AND SK >= :a", List.of(absent), k -> k.compareTo(absent) >= 0),
                new Condition(" AND SK = :a", List.of(mid), k -> k.equals(mid)),
                new Condition(" AND SK = :a", List.of(absent), k -> false),
                new Condition(" AND SK BETWEEN :a AND :b", List.of(sk(95), sk(121)),
                        k -> k.compareTo(sk(95)) >= 0 && k.compareTo(sk(121)) <= 0),
                new Condition(" AND SK BETWEEN :a AND :b", List.of(sk(121), sk(95)), k -> false),
                new Condition(" AND begins_with(SK, :a)", List.of("E#01"), k -> k.startsWith("E#01")),
                new Condition(" AND SK < :a", List.of("A"), k -> false),
                new Condition(" AND SK > :a", List.of("A"), k -> true));
        for (Condition condition : conditions) {
            for (boolean forward : List.of(true, false)) {
                for (Integer limit : java.util.Arrays.asList(null, 7, 50)) {
                    Map<String, AttributeValue> values = new java.util.HashMap<>();
                    values.put(":p", AttributeValue.fromS(pk));
                    for (int i = 0; i < condition.values().size(); i++) {
                        values.put(i == 0 ? ":a" : ":b", AttributeValue.fromS(condition.values().get(i)));
                    }
                    List<String> expected = (forward ? model : model.descendingSet()).stream()
                            .filter(condition.selects()).toList();
                    String what = "PK = :p" + condition.expression() + " " + condition.values() + ", forward "
                            + forward + ", limit " + limit;
                    List<String> read = new ArrayList<>();
                    Map<String, AttributeValue> start = null;
                    int pages = 0;
                    do {
                        Map<String, AttributeValue> from = start;
                        var page = dynamo.query(b -> b.tableName("engine")
                                .keyConditionExpression("PK = :p" + condition.expression())
                                .expressionAttributeValues(values).scanIndexForward(forward).limit(limit)
                                .exclusiveStartKey(from).consistentRead(true));
                        assertThat(page.count()).as(what).isEqualTo(page.items().size())
                                .isEqualTo(page.scannedCount());
                        if (limit != null) {
                            assertThat(page.items()).as(what).hasSizeLessThanOrEqualTo(limit);
                        }
                        page.items().forEach(item -> read.add(item.get("SK").s()));
                        start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                                ? page.lastEvaluatedKey() : null;
                        if (start != null && limit != null) {
                            assertThat(page.items()).as("a page before the last is full: " + what).hasSize(limit);
                        }
                    } while (start != null && ++pages < 100);
                    assertThat(read).as(what).containsExactlyElementsOf(expected);
                }
            }
        }
    }

    private static String sk(int n) {
        return String.format("E#%04d", n);
    }

    private static TransactWriteItem newItem(String pk, String sk) {
        return TransactWriteItem.builder().put(Put.builder().tableName("engine").item(key(pk, sk))
                .conditionExpression("attribute_not_exists(PK)").build()).build();
    }

    @Test
    void streamRecordsCarryBothImagesAndReadTheSameByEveryReader() {
        java.time.Instant before = java.time.Instant.now().minusSeconds(2);
        put("REC#1", "A");
        dynamo.updateItem(b -> b.tableName("engine").key(key("REC#1", "A"))
                .updateExpression("SET #v = :v").expressionAttributeNames(Map.of("#v", "v"))
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("\u00e9t\u00e9 \"quoted\""))));
        dynamo.deleteItem(b -> b.tableName("engine").key(key("REC#1", "A")));
        // Two readers (as the four stream functions are): the second gets what the first got.
        List<software.amazon.awssdk.services.dynamodb.model.Record> first = recordsOf("REC#1");
        List<software.amazon.awssdk.services.dynamodb.model.Record> second = recordsOf("REC#1");
        assertThat(first).extracting(r -> r.eventNameAsString()).containsExactly("INSERT", "MODIFY", "REMOVE");
        assertThat(second).isEqualTo(first);
        var modify = first.get(1).dynamodb();
        assertThat(modify.keys()).isEqualTo(key("REC#1", "A"));
        assertThat(modify.oldImage()).isEqualTo(key("REC#1", "A"));
        assertThat(modify.newImage().get("v").s()).isEqualTo("\u00e9t\u00e9 \"quoted\"");
        assertThat(first.get(2).dynamodb().newImage()).isEmpty();
        assertThat(first.get(2).dynamodb().oldImage().get("v").s()).isEqualTo("\u00e9t\u00e9 \"quoted\"");
        assertThat(modify.approximateCreationDateTime()).isBetween(before, java.time.Instant.now().plusSeconds(2));
        assertThat(new java.math.BigInteger(first.get(2).dynamodb().sequenceNumber()))
                .isGreaterThan(new java.math.BigInteger(modify.sequenceNumber()));
    }

    private static List<software.amazon.awssdk.services.dynamodb.model.Record> recordsOf(String pk) {
        String shard = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<software.amazon.awssdk.services.dynamodb.model.Record> out = new ArrayList<>();
        while (iterator != null) {
            String from = iterator;
            var page = streams.getRecords(b -> b.shardIterator(from).limit(2));
            if (page.records().isEmpty()) {
                return out;
            }
            page.records().stream().filter(r -> pk.equals(r.dynamodb().keys().get("PK").s())).forEach(out::add);
            iterator = page.nextShardIterator();
        }
        return out;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    private static void put(String pk, String sk) {
        dynamo.putItem(b -> b.tableName("engine").item(key(pk, sk)));
    }

    private static boolean exists(String pk, String sk) {
        return dynamo.getItem(b -> b.tableName("engine").key(key(pk, sk)).consistentRead(true)).hasItem();
    }

    private static int streamRecords() {
        String shard = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        int count = 0;
        while (iterator != null) {
            String from = iterator;
            var page = streams.getRecords(b -> b.shardIterator(from).limit(1000));
            if (page.records().isEmpty()) {
                return count;
            }
            count += page.records().size();
            iterator = page.nextShardIterator();
        }
        return count;
    }
}
