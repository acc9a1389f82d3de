package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
