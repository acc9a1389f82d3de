package org.tellonce.adapters.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tellonce.core.sharing.FanOutBatch;
import org.tellonce.core.story.Reference;

/** Key shapes and encryption contexts are in the data at rest: changing one strands what is stored. */
public class TableTest {
    private static final Reference REFERENCE = new Reference("TO-ABC234");

    @Test
    void aStoryKeyReadsBackAsItsReference() {
        assertThat(Table.storyPk(REFERENCE)).isEqualTo("STORY#TO-ABC234");
        assertThat(Table.isStoryPk(Table.storyPk(REFERENCE))).isTrue();
        assertThat(Table.referenceFromPk(Table.storyPk(REFERENCE))).contains(REFERENCE);
    }

    @Test
    void otherKeysAreNotStories() {
        assertThat(Table.isStoryPk(Table.feedPk("food-bank"))).isFalse();
        assertThat(Table.isStoryPk(null)).isFalse();
        assertThat(Table.referenceFromPk(Table.residentPk("TO-ABC234"))).isEmpty();
        assertThat(Table.referenceFromPk("STORY#not-a-reference")).isEmpty();
        assertThat(Table.referenceFromPk(null)).isEmpty();
    }

    @Test
    void smsKeysReadBack() {
        assertThat(Table.pendingSk(REFERENCE)).isEqualTo("PENDING#TO-ABC234").startsWith(Table.PENDING_PREFIX);
        assertThat(Table.referenceFromPendingSk(Table.pendingSk(REFERENCE))).contains(REFERENCE);
        assertThat(Table.referenceFromPendingSk(Table.SMS_STATE_SK)).isEmpty();
        assertThat(Table.smsMessagePk("twilio", "ab12")).isEqualTo("SMSMSG#twilio#ab12");
    }

    @Test
    void idempotencyAndDuplicateKeysReadBack() {
        assertThat(Table.keyHashFromIdempotencyPk(Table.idempotencyPk("ab#12"))).isEqualTo("ab#12");
        assertThat(Table.duplicateKeyFromPk(Table.duplicatePk("cd34"))).isEqualTo("cd34");
        assertThat(Table.historySk(Instant.parse("2025-01-01T10:00:00Z"), "s-1")).isEqualTo("2025-01-01T10:00:00Z#s-1");
    }

    @Test
    void theHistoryBoundHoldsTheWholeSecondAndNothingLater() {
        String bound = Table.historySkAfterSecondOf(Instant.parse("2025-01-01T10:00:00.500Z"));
        String id = "00000000-0000-4000-8000-000000000001";
        // A time on the whole second is written without a fraction: it sorts after its second's others.
        assertThat(Table.historySk(Instant.parse("2025-01-01T10:00:00Z"), id)).isLessThan(bound);
        assertThat(Table.historySk(Instant.parse("2025-01-01T10:00:00.999Z"), id)).isLessThan(bound);
        assertThat(Table.historySk(Instant.parse("2025-01-01T09:59:59.999Z"), id)).isLessThan(bound);
        assertThat(Table.historySk(Instant.parse("2025-01-01T10:00:01Z"), id)).isGreaterThan(bound);
        assertThat(Table.historySk(Instant.parse("2025-01-01T10:00:01.001Z"), id)).isGreaterThan(bound);
        assertThat(Table.receivedAtOfHistorySk(Table.historySk(Instant.parse("2025-01-01T10:00:00.120Z"), id)))
                .isEqualTo(Instant.parse("2025-01-01T10:00:00.120Z"));
    }

    @Test
    void responsesSortByTimeWithinTheStory() {
        String sk = Table.responseSk(Instant.parse("2025-01-01T10:00:00Z"), "r-1");
        assertThat(sk).isEqualTo("RESPONSE#2025-01-01T10:00:00Z#r-1").startsWith(Table.RESPONSE_PREFIX);
        assertThat(ResponseItems.textContext(Table.storyPk(REFERENCE), sk))
                .isEqualTo("STORY#TO-ABC234|RESPONSE#2025-01-01T10:00:00Z#r-1|text");
    }

    @Test
    void aStoryFieldIsSealedToTheStoryAndTheFieldName() {
        assertThat(StoryItems.fieldContext(Table.storyPk(REFERENCE), StoryItems.TEXT)).isEqualTo("STORY#TO-ABC234|text");
    }

    @Test
    void theFanOutActsOnStoryItemsOnlyAndRetriesKeysItCannotRead() {
        assertThat(Table.fanOutChange("1", Map.of(Table.PK, Table.storyPk(REFERENCE), Table.SK, Table.STORY_SK)))
                .isEqualTo(new FanOutBatch.StoryChanged("1", REFERENCE));
        assertThat(Table.fanOutChange("2", Map.of(Table.PK, Table.storyPk(REFERENCE), Table.SK,
                Table.shareSk("council")))).isEqualTo(new FanOutBatch.OtherItem("2"));
        assertThat(Table.fanOutChange("3", Map.of(Table.PK, Table.feedPk("council"), Table.SK, Table.feedSk(1))))
                .isEqualTo(new FanOutBatch.OtherItem("3"));
        assertThat(Table.fanOutChange("4", Map.of(Table.PK, "STORY#not-a-reference", Table.SK, Table.STORY_SK)))
                .isEqualTo(new FanOutBatch.Unreadable("4"));
        assertThat(Table.fanOutChange("5", Map.of(Table.PK, Table.storyPk(REFERENCE))))
                .isEqualTo(new FanOutBatch.Unreadable("5"));
    }

    @Test
    void accessLogKeysSortAsTimeDoesAndAllSortBelowTheStoryItsSharesAndResponses() {
        Instant second = Instant.parse("2026-12-03T14:05:00Z");
        String[] inOrder = {
            Table.accessSk(second, "b"), Table.accessSk(second.plusNanos(1000), "a"),
            Table.accessSk(second.plusMillis(120), "a"), Table.accessSk(second.plusMillis(500), "a"),
            Table.accessSk(second.plusSeconds(1), "a")};
        for (int i = 1; i < inOrder.length; i++) {
            assertThat(inOrder[i - 1]).isLessThan(inOrder[i]);
            assertThat(inOrder[i]).isLessThan(Table.ACCESS_END);
        }
        assertThat(Table.auditSk(second, "x")).isLessThan(Table.auditSk(second.plusMillis(5), "a"));
        assertThat(Table.ACCESS_END).isLessThan(Table.responseSk(second, "r")).isLessThan(Table.shareSk("a"))
                .isLessThan(Table.STORY_SK);
    }

    @Test
    void theModerationQueueKeyGivesBackItsStoryWhenItWasHeldAndWhetherItIsFlagged() {
        Instant heldAt = Instant.parse("2026-12-03T14:05:00Z");
        String flagged = Table.moderationSk(true, heldAt, REFERENCE);

        assertThat(Table.referenceFromModerationSk(flagged)).contains(REFERENCE);
        assertThat(Table.heldAtFromModerationSk(flagged)).contains(heldAt);
        assertThat(Table.flaggedModerationSk(flagged)).isTrue();
        assertThat(Table.flaggedModerationSk(Table.moderationSk(false, heldAt, REFERENCE))).isFalse();
        assertThat(Table.heldAtFromModerationSk("nonsense")).isEmpty();
    }

    @Test
    void alertKeysSortAboveTheAccessLogSoLoadingAStoryNeverMistakesThemForIt() {
        String alert = Table.alertSk(3, "ab12", "sms");

        assertThat(Table.alertFromSk(alert)).hasValueSatisfying(parts -> assertThat(parts)
                .containsExactly("0003", "ab12", "sms"));
        assertThat(Table.alertFromSk(Table.STORY_SK)).isEmpty();
        assertThat(alert).isGreaterThan(Table.ACCESS_END);
        assertThat(Table.alertSk(2, "z", "sms")).isLessThan(Table.alertSk(10, "a", "email"));
    }
}
