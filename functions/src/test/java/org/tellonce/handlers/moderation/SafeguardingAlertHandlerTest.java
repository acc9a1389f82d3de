package org.tellonce.handlers.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.moderation.Concern;
import org.tellonce.core.safeguarding.SafeguardingAlerts;
import org.tellonce.core.staff.Role;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.core.story.Reference;
import org.tellonce.telemetry.Metrics;

/** The one function answers both its triggers: a stream batch, and the schedule's event (which has no records). */
class SafeguardingAlertHandlerTest {
    private static final Instant NOW = Instant.parse("2026-03-02T10:05:00Z");
    private static final Reference REF = new Reference("TO-ABC234");

    private final List<EmailSender.Email> emails = new ArrayList<>();
    private boolean failing;
    private int queueReads;
    private final SafeguardingAlerts.Store store = new SafeguardingAlerts.Store() {
        @Override
        public Optional<SafeguardingAlerts.HeldStory> flaggedHeld(Reference reference) {
            return Optional.of(new SafeguardingAlerts.HeldStory(reference, "sid", List.of(Concern.RISK_TO_LIFE),
                    NOW.minusSeconds(60)));
        }

        @Override
        public List<SafeguardingAlerts.Sent> sent(Reference reference) {
            return List.of();
        }

        @Override
        public boolean record(Reference reference, SafeguardingAlerts.Sent sent) {
            return true;
        }

        @Override
        public void queue(Consumer<List<SafeguardingAlerts.QueueEntry>> page) {
            queueReads++;
            page.accept(List.of(new SafeguardingAlerts.QueueEntry(REF, true, NOW.minusSeconds(60))));
        }
    };
    private final SafeguardingAlertHandler handler = new SafeguardingAlertHandler(new SafeguardingAlerts(store,
            () -> List.of(new SafeguardingAlerts.Recipient("k", new StaffMember("safe@council.example", "S",
                    Role.SAFEGUARDING, Optional.empty(), Optional.empty(), true))),
            email -> {
                if (failing) {
                    throw new IllegalStateException("SES refused");
                }
                emails.add(email);
            }, (to, body) -> { }, "https://tellonce.example"), Metrics.OFF, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void theSchedulesEventReadsAsABatchWithoutRecordsAndRunsTheSweep() throws Exception {
        DynamodbEvent scheduled = (DynamodbEvent) LambdaEventSerializers.serializerFor(DynamodbEvent.class,
                getClass().getClassLoader()).fromJson(new ByteArrayInputStream(("{\"version\":\"0\",\"id\":\"x\","
                + "\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"account\":\"123456789012\","
                + "\"time\":\"2026-03-02T10:05:00Z\",\"region\":\"eu-west-2\",\"resources\":[\"arn:aws:events:"
                + "eu-west-2:123456789012:rule/r\"],\"detail\":{}}").getBytes(StandardCharsets.UTF_8)));

        StreamsEventResponse answer = handler.handleRequest(scheduled, null);

        assertThat(answer.getBatchItemFailures()).isEmpty();
        assertThat(queueReads).isEqualTo(1);
        assertThat(emails).hasSize(1);
    }

    @Test
    void aStoryRecordWhoseAlertCouldNotBeSentIsABatchItemFailure() {
        failing = true;

        StreamsEventResponse answer = handler.handleRequest(storyRecord(), null);

        assertThat(answer.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("100");
        assertThat(queueReads).isZero();
    }

    @Test
    void aScheduledRunWithAFailedSendFailsSoLambdaRetriesIt() {
        failing = true;

        assertThatThrownBy(() -> handler.handleRequest(new DynamodbEvent(), null))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("safe@");
    }

    private static DynamodbEvent storyRecord() {
        var keys = new java.util.HashMap<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>();
        keys.put("PK", new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue("STORY#" + REF.value()));
        keys.put("SK", new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue("STORY"));
        var change = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord();
        change.setKeys(keys);
        change.setSequenceNumber("100");
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("MODIFY");
        record.setDynamodb(change);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
    }
}
