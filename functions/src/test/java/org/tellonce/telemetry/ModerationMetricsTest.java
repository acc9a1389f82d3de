package org.tellonce.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tellonce.core.intake.IntakeOutcome;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;
import org.tellonce.http.Json;

/** The moderation metric lines CloudWatch reads (EMF), as an operator's graph or alarm would find them. */
class ModerationMetricsTest {
    private static final Metrics ON = new Metrics(true, "tellonce-prod");

    @Test
    void aHeldFlaggedStoryCountsOnceAsHeldAndOnceForEachConcern() {
        List<JsonNode> lines = emitted(() -> new ModerationMetrics(ON, ModerationMetricsTest.class)
                .held(List.of("risk-to-life", "domestic-abuse")));

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("StoriesHeld").asLong()).isEqualTo(1);
        assertThat(dimensions(lines.get(0))).isEqualTo("[[\"Function\"],[\"Stack\"]]");
        assertThat(lines.get(0).get("Stack").asText()).isEqualTo("tellonce-prod");
        assertThat(lines.get(0).get("Function").asText()).isEqualTo("ModerationMetricsTest");
        assertThat(lines.subList(1, 3)).allSatisfy(line -> {
            assertThat(line.get("StoriesFlagged").asLong()).isEqualTo(1);
            assertThat(dimensions(line)).isEqualTo("[[\"Function\",\"Concern\"],[\"Stack\",\"Concern\"]]");
            assertThat(unit(line)).isEqualTo("Count");
        });
        assertThat(lines.subList(1, 3)).extracting(l -> l.get("Concern").asText())
                .containsExactly("domestic-abuse", "risk-to-life");
    }

    @Test
    void aStoryHeldWithoutConcernsCountsAsHeldOnly() {
        List<JsonNode> lines = emitted(() -> new ModerationMetrics(ON, ModerationMetricsTest.class).held(List.of()));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).has("StoriesHeld")).isTrue();
    }

    @Test
    void aDecisionCountsByFlaggedAndRecordsTheHoursItTook() {
        List<JsonNode> lines = emitted(() -> {
            ModerationMetrics metrics = new ModerationMetrics(ON, ModerationMetricsTest.class);
            metrics.decided(Review.State.APPROVED, Duration.ofMinutes(90), List.of("medical-emergency"));
            metrics.decided(Review.State.REJECTED, Duration.ofHours(30), List.of());
        });

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).get("StoriesApproved").asLong()).isEqualTo(1);
        assertThat(lines.get(0).get("Flagged").asText()).isEqualTo("yes");
        assertThat(lines.get(1).get("HoursToDecision").asDouble()).isEqualTo(1.5);
        assertThat(unit(lines.get(1))).isEqualTo("None");
        assertThat(dimensions(lines.get(1))).isEqualTo("[[\"Function\",\"Flagged\"],[\"Stack\",\"Flagged\"]]");
        assertThat(lines.get(2).get("StoriesRejected").asLong()).isEqualTo(1);
        assertThat(lines.get(2).get("Flagged").asText()).isEqualTo("no");
        assertThat(lines.get(3).get("HoursToDecision").asDouble()).isEqualTo(30.0);
    }

    @Test
    void onlyApprovalAndRejectionAreDecisions() {
        ModerationMetrics metrics = new ModerationMetrics(ON, ModerationMetricsTest.class);

        assertThatThrownBy(() -> metrics.decided(Review.State.HELD, Duration.ZERO, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void switchedOffOrWarmingUpNothingIsWritten() {
        assertThat(emitted(() -> new ModerationMetrics(Metrics.OFF, ModerationMetricsTest.class)
                .held(List.of("risk-to-life")))).isEmpty();
        assertThat(emitted(() -> ON.quietly(() -> new ModerationMetrics(ON, ModerationMetricsTest.class)
                .held(List.of("risk-to-life"))))).isEmpty();
    }

    @Test
    void intakeCountsAStoryAcceptedHeldWithItsConcerns() {
        IntakeMetrics intake = new IntakeMetrics(ON);
        Review held = Review.held(List.of("abuse-or-neglect"), Instant.parse("2026-01-05T10:00:00Z"));

        List<JsonNode> heldLines = emitted(() -> intake.record(ModerationMetricsTest.class,
                new IntakeOutcome.Accepted(new Reference("TO-BBBBB3"), "id", "token", held), "sms"));
        List<JsonNode> plainLines = emitted(() -> intake.record(ModerationMetricsTest.class,
                new IntakeOutcome.Accepted(new Reference("TO-BBBBB3"), "id", "token"), "web"));

        assertThat(heldLines).extracting(ModerationMetricsTest::metricName)
                .containsExactly("StoriesReceived", "StoriesHeld", "StoriesFlagged");
        assertThat(heldLines.get(2).get("Concern").asText()).isEqualTo("abuse-or-neglect");
        assertThat(heldLines.toString()).doesNotContain("TO-BBBBB3", "token");
        assertThat(plainLines).extracting(ModerationMetricsTest::metricName).containsExactly("StoriesReceived");
    }

    @Test
    void hoursAreRoundedToTwoPlacesAndNeverNegative() {
        assertThat(ModerationMetrics.hours(Duration.ofMinutes(20))).isEqualTo(0.33);
        assertThat(ModerationMetrics.hours(Duration.ofMinutes(-5))).isEqualTo(0.0);
    }

    private static List<JsonNode> emitted(Runnable work) {
        PrintStream before = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(before);
        }
        return captured.toString(StandardCharsets.UTF_8).lines()
                .map(l -> Json.parse(l.getBytes(StandardCharsets.UTF_8))).toList();
    }

    private static String dimensions(JsonNode line) {
        return line.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions").toString();
    }

    private static String unit(JsonNode line) {
        return line.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Unit").asText();
    }

    private static String metricName(JsonNode line) {
        return line.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").get(0).get("Name").asText();
    }
}
