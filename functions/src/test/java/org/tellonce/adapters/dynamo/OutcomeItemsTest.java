package org.tellonce.adapters.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tellonce.core.story.Reference;

class OutcomeItemsTest {
    private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void aStorysOutcomeLinksSortAfterItsAccessLogSoTheStoryLoadReadsThem() {
        String link = Table.outcomeLinkSk(AT, "abc");
        assertThat(link).isGreaterThan(Table.ACCESS_END).isLessThan(Table.responseSk(AT, "r"))
                .isLessThan(Table.shareSk("p")).isLessThan(Table.STORY_SK);
        assertThat(Table.outcomeLinkSk(AT.plusMillis(1), "a")).isGreaterThan(Table.outcomeLinkSk(AT, "z"));
    }

    @Test
    void thePublicListSortsByTimeAndTakesOnlyItsOwnKeysAsCursors() {
        String sk = Table.outcomeSk(AT, "Ab_-9");
        assertThat(Table.outcomeSk(AT.plusSeconds(1), "a")).isGreaterThan(sk);
        assertThat(Table.isOutcomeSk(sk)).isTrue();
        assertThat(Table.isOutcomeSk("STORY")).isFalse();
        assertThat(Table.isOutcomeSk(sk + "'")).isFalse();
    }

    @Test
    void theStreamTellsOfALinkJustInsertedAndOfNothingElse() {
        Map<String, String> link = Map.of(Table.PK, "STORY#TO-222222", Table.SK, Table.outcomeLinkSk(AT, "o1"),
                OutcomeItems.OUTCOME_ID, "o1", OutcomeItems.PARTNER_NAME, "Council", OutcomeItems.TITLE, "Buses");

        assertThat(OutcomeItems.fromImage(link)).contains(new OutcomeItems.Linked(new Reference("TO-222222"), "o1",
                "Council", "Buses"));
        assertThat(OutcomeItems.fromImage(Map.of(Table.PK, Table.OUTCOMES_PK, Table.SK, Table.outcomeSk(AT, "o1"),
                OutcomeItems.OUTCOME_ID, "o1"))).isEmpty();
        assertThat(OutcomeItems.fromImage(Map.of(Table.PK, "STORY#TO-222222", Table.SK, "STORY"))).isEmpty();
    }
}
