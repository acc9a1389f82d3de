package org.tellonce.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.core.story.Story;
import org.tellonce.handlers.sharing.FanOutHandler;
import org.tellonce.local.LocalStack;
import org.tellonce.local.StreamPoller;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StoredStories;
import org.tellonce.testing.TestStack;

/**
 * FanOutFunction's handler given stream batches directly (SPEC §6): a record it cannot process is
 * reported as the only batch item failure while the rest are shared, and a redelivered batch shares
 * nothing twice. The stack's own stream poller is stopped, so only these batches reach the handler.
 */
class FanOutHandlerIntegrationTest {
    private static final AtomicLong SEQUENCE = new AtomicLong(100_000_000_000_000_000L);

    private static LocalStack stack;
    private static RawTable table;
    private static StoredStories stories;
    private static FanOutHandler handler;
    private static PartnerClient council;
    private static PartnerClient healthwatch;

    @BeforeAll
    static void theHandlerAloneOnTheRealTable() {
        stack = TestStack.start();
        stack.streamPollers().forEach(StreamPoller::close);
        table = new RawTable(stack);
        stories = new StoredStories(stack);
        Http http = new Http(stack.baseUrl());
        Admin admin = new Admin(stack);
        council = new PartnerClient(http, admin.addPartner("council", "Council", "*", ""));
        healthwatch = new PartnerClient(http, admin.addPartner("healthwatch", "Healthwatch", "health,social-care", ""));
        handler = new FanOutHandler(stack.wiring("FanOutFunction"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPoisonedRecordIsTheOnlyFailureAndEveryOtherStoryIsShared() {
        List<Story> written = stories.anonymous(49, "health");
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>(
                written.stream().map(FanOutHandlerIntegrationTest::storyRecord).toList());
        DynamodbEvent.DynamodbStreamRecord poisoned = record("STORY#not-a-ref", "STORY", "INSERT");
        records.add(20, poisoned);
        long councilBefore = table.sharedFeedEntries("council");

        StreamsEventResponse response = handler.handleRequest(event(records), null);

        assertThat(records).hasSize(50);
        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(poisoned.getDynamodb().getSequenceNumber());
        List<String> references = written.stream().map(s -> s.reference().value()).toList();
        assertThat(table.referencesSharedWith("council")).containsAll(references);
        assertThat(table.referencesSharedWith("healthwatch")).containsAll(references);
        assertThat(table.sharedFeedEntries("council")).isEqualTo(councilBefore + written.size());
        assertThat(healthwatch.readFeed().storyIds()).containsAll(written.stream().map(Story::storyId).toList());
    }

    @Test
    void aRedeliveredBatchSharesNothingTwice() {
        List<Story> written = stories.anonymous(49, "social-care");
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>(
                written.stream().map(FanOutHandlerIntegrationTest::storyRecord).toList());
        records.add(33, record("STORY#not-a-ref", "STORY", "MODIFY"));
        handler.handleRequest(event(records), null);
        long council = table.sharedFeedEntries("council");
        long healthwatchShares = table.sharedFeedEntries("healthwatch");

        StreamsEventResponse replay = handler.handleRequest(event(records), null);

        assertThat(replay.getBatchItemFailures()).hasSize(1);
        assertThat(table.sharedFeedEntries("council")).isEqualTo(council);
        assertThat(table.sharedFeedEntries("healthwatch")).isEqualTo(healthwatchShares);
        for (PartnerClient partner : List.of(FanOutHandlerIntegrationTest.council, healthwatch)) {
            assertThat(partner.readFeed(100, null).storyIds()).doesNotHaveDuplicates()
                    .containsAll(written.stream().map(Story::storyId).toList());
        }
    }

    @Test
    void severalRecordsOfOneStoryShareItOnceAndOtherItemsAreNoFailure() {
        Story story = stories.anonymous(1, "health").get(0);
        String pk = "STORY#" + story.reference().value();
        long before = table.sharedFeedEntries("council");

        StreamsEventResponse response = handler.handleRequest(event(List.of(
                record(pk, "STORY", "INSERT"),
                record(pk, "SHARE#council", "INSERT"),
                record("FEED#council", "000000000001", "INSERT"),
                record("PARTNERS", "PARTNER#council", "MODIFY"),
                record(pk, "STORY", "MODIFY"))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(table.sharedFeedEntries("council")).isEqualTo(before + 1);
        assertThat(council.story(story.storyId()).status()).isEqualTo(200);
    }

    @Test
    void aRecordWithoutKeysIsReportedNotDropped() {
        DynamodbEvent.DynamodbStreamRecord keyless = record("STORY#TO-ABCDEF", "STORY", "INSERT");
        keyless.getDynamodb().setKeys(Map.of("PK", new AttributeValue().withS("STORY#TO-ABCDEF")));

        StreamsEventResponse response = handler.handleRequest(event(List.of(keyless)), null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(keyless.getDynamodb().getSequenceNumber());
    }

    private static DynamodbEvent.DynamodbStreamRecord storyRecord(Story story) {
        return record("STORY#" + story.reference().value(), "STORY", "INSERT");
    }

    /** One stream record as Lambda delivers it; the handler reads the story as it is now, so the keys suffice. */
    private static DynamodbEvent.DynamodbStreamRecord record(String pk, String sk, String eventName) {
        StreamRecord change = new StreamRecord();
        change.setKeys(Map.of("PK", new AttributeValue().withS(pk), "SK", new AttributeValue().withS(sk)));
        change.setSequenceNumber(Long.toString(SEQUENCE.incrementAndGet()));
        change.setStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        change.setSizeBytes(100L);
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID(UUID.randomUUID().toString().replace("-", ""));
        record.setEventName(eventName);
        record.setEventVersion("1.1");
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion("eu-west-2");
        record.setEventSourceARN("arn:aws:dynamodb:eu-west-2:000000000000:table/tellonce/stream/local");
        record.setDynamodb(change);
        return record;
    }

    private static DynamodbEvent event(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }
}
