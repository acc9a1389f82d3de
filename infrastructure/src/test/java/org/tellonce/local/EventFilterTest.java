package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tellonce.testing.ProjectFiles;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/** The template's stream filters, applied locally as Lambda applies them. */
class EventFilterTest {
    private static final EventFilter HELD_WITH_A_CONCERN = EventFilter.of(SamTemplate.load(ProjectFiles.template())
            .functions().stream().filter(f -> f.logicalId().equals("SafeguardingAlertFunction")).findFirst()
            .orElseThrow().events().stream().filter(e -> "DynamoDB".equals(e.type())).findFirst().orElseThrow()
            .properties());

    @Test
    void theSafeguardingAlertSeesOnlyAStoryHeldWithAConcern() {
        AttributeValue concerns = AttributeValue.fromL(List.of(AttributeValue.fromS("risk-to-life")));

        assertThat(HELD_WITH_A_CONCERN.accepts(record("STORY", Map.of("review", AttributeValue.fromS("held"),
                "concerns", concerns)))).isTrue();
        assertThat(HELD_WITH_A_CONCERN.accepts(record("STORY", Map.of("review", AttributeValue.fromS("held")))))
                .as("held under MODERATION=all, no concern").isFalse();
        assertThat(HELD_WITH_A_CONCERN.accepts(record("STORY", Map.of("review", AttributeValue.fromS("approved"),
                "concerns", concerns)))).as("decided").isFalse();
        assertThat(HELD_WITH_A_CONCERN.accepts(record("ALERT#0000#k#email", Map.of("review",
                AttributeValue.fromS("held"), "concerns", concerns)))).as("not the story item").isFalse();
        assertThat(HELD_WITH_A_CONCERN.accepts(record("STORY", Map.of()))).isFalse();
    }

    private static Record record(String sk, Map<String, AttributeValue> image) {
        Map<String, AttributeValue> keys = Map.of("PK", AttributeValue.fromS("STORY#TO-ABC234"), "SK",
                AttributeValue.fromS(sk));
        java.util.Map<String, AttributeValue> item = new java.util.HashMap<>(keys);
        item.putAll(image);
        return Record.builder().eventName(OperationType.MODIFY)
                .dynamodb(StreamRecord.builder().keys(keys).newImage(item).build()).build();
    }
}
