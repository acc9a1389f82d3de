package org.tellonce.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.bench.BenchReport.Result;
import org.tellonce.bench.BenchReport.Row;
import org.tellonce.testing.ProjectFiles;

/**
 * The benchmark's pieces run end to end with tiny settings (no cold start, one second per cell,
 * concurrency 1) and produce the table. Nothing here looks at how fast anything was.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BenchSmokeTest {

    @Test
    void aTinyRunProducesTheTableWithEveryRow() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchReport report = Bench.run(Bench.Settings.smoke(), ProjectFiles.template(),
                Bench.defaultFunctionsJar(ProjectFiles.template()),
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        Map<String, Row> rows = report.rows().stream().collect(Collectors.toMap(Row::metric, Function.identity()));
        assertThat(rows).containsKeys(
                Bench.COLD_SUBMIT, Bench.COLD_FEED, Bench.PRIMED_SUBMIT, Bench.PRIMED_FEED,
                Bench.CLASSES_SUBMIT, Bench.CLASSES_FEED, Bench.JAR,
                Bench.INTAKE_MINIMAL + ", c=1", Bench.INTAKE_TRANSACTIONAL + ", c=1",
                Bench.INTAKE_TRANSACTIONAL_VS_TX + ", c=1",
                Bench.FAN_OUT + ", p50", Bench.FAN_OUT + ", p95", Bench.FAN_OUT + ", p99",
                Bench.WRITES_MINIMAL, Bench.WRITES_TRANSACTIONAL, Bench.WRITES_SHARE);
        assertThat(rows.get(Bench.COLD_SUBMIT).result()).isEqualTo(Result.SKIPPED);
        for (String intake : List.of(Bench.INTAKE_MINIMAL, Bench.INTAKE_TRANSACTIONAL)) {
            Row row = rows.get(intake + ", c=1");
            assertThat(row.value()).endsWith("stories/s");
            assertThat(row.baseline()).startsWith("raw PutItem");
            assertThat(row.target()).isEqualTo(">= 0.70");
        }
        // Counts, not timings: the intake paths write what the design says, no more.
        assertThat(rows.get(Bench.WRITES_MINIMAL).value()).isEqualTo("1.00 req: PutItem 1.00");
        assertThat(rows.get(Bench.WRITES_MINIMAL).result()).isEqualTo(Result.PASS);
        assertThat(rows.get(Bench.WRITES_TRANSACTIONAL).value()).startsWith("1.00 req: TransactWriteItems 1.00 (");
        assertThat(rows.get(Bench.WRITES_TRANSACTIONAL).result()).isEqualTo(Result.PASS);
        assertThat(rows.get(Bench.WRITES_SHARE).value()).contains("UpdateItem", "TransactWriteItems");

        String text = report.text();
        assertThat(text).contains("metric", "value", "baseline", "ratio", "target", "result");
        // The fan-out rows come with their profile: where moto's time went, by action, and the functions' time.
        assertThat(text).containsPattern("Profile of the fan-out: .* moto busy [0-9]+ ms per story .*TransactWriteItems [0-9]+ ms .*FanOutFunction [0-9]+ ms");
        rows.keySet().forEach(metric -> assertThat(text).contains(metric));
        String markdown = report.markdown();
        assertThat(markdown).contains("| metric | value | baseline | ratio | target | result |");
        assertThat(markdown.lines().filter(l -> l.startsWith("| ")).count()).isEqualTo(rows.size() + 1);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("throughput: concurrency 1");
    }

    @Test
    void aTinyScaleRunHasTheGrowthRowsTheMemoryOfEachFunctionAndTheFanOutProfiles() {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        BenchReport report = Bench.run(Bench.Settings.scale(List.of(30, 90)).withScale(List.of(30, 90), 2)
                        .withFanOutStories(2), ProjectFiles.template(),
                Bench.defaultFunctionsJar(ProjectFiles.template()), new PrintStream(progress, true, StandardCharsets.UTF_8));

        Map<String, Row> rows = report.rows().stream().collect(Collectors.toMap(Row::metric, Function.identity()));
        assertThat(rows).containsKeys(Scale.FEED_PAGE + ", p50", Scale.STORY_VIEW + ", p50", Scale.INTAKE + ", p50",
                Scale.CONSENT + ", p50", Scale.ERASURE + ", p50", Scale.EXPORT_TIME, Scale.EXPORT_READS,
                Scale.MEMORY + "PartnerFeedFunction", Scale.MEMORY + "SubmitStoryFunction", Scale.MEMORY + "FanOutFunction");
        assertThat(rows.get(Scale.FEED_PAGE + ", p50").value()).endsWith(" ms at 90");
        assertThat(rows.get(Scale.MEMORY + "PartnerFeedFunction").value()).matches("[0-9.]+ MB at 90 \\(.*invocations\\)");
        assertThat(rows.get(Scale.MEMORY + "PartnerFeedFunction").baseline()).endsWith(" MB at 30");
        assertThat(report.text()).contains("Profile of the fan-out (100 partners)");
        assertThat(report.notes()).noneMatch(n -> n.startsWith("Scale: ") && n.contains("went wrong"));
    }

    @Test
    void rawItemsKeepTheirSizeAndAreNeverTakenForStories() {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> story = Map.of(
                "PK", av("STORY#TO-ABCDEF"), "SK", av("STORY"),
                "storyId", av("0f8fad5b-d9cb-469f-a165-70867728950e"),
                "GSI2PK", av("SID#0f8fad5b-d9cb-469f-a165-70867728950e"), "text", av("Some story text"));

        var a = Bench.unique(story, 1);
        var b = Bench.unique(story, 2);

        assertThat(Bench.itemSize(a)).isEqualTo(Bench.itemSize(story));
        assertThat(a.get("PK").s()).doesNotStartWith("STORY#").isNotEqualTo(b.get("PK").s());
        assertThat(a.get("storyId").s()).isNotEqualTo(b.get("storyId").s());
        assertThat(a.get("GSI2PK").s()).isNotEqualTo(b.get("GSI2PK").s());
        assertThat(a.get("SK")).isEqualTo(story.get("SK"));
    }

    @Test
    void aReplayedTransactionGetsFreshKeysAndKeepsItsConditions() {
        var update = software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder()
                .update(u -> u.tableName("tellonce").key(Map.of("PK", av("RATE#0123456789abcdef0123"), "SK", av("490000")))
                        .updateExpression("ADD #n :one").conditionExpression("attribute_not_exists(#n) OR #n < :max"))
                .build();

        var a = Bench.unique(update, 1);
        var b = Bench.unique(update, 2);

        assertThat(a.update().key().get("PK").s()).hasSameSizeAs("RATE#0123456789abcdef0123")
                .isNotEqualTo(b.update().key().get("PK").s());
        assertThat(a.update().conditionExpression()).isEqualTo(update.update().conditionExpression());
    }

    @Test
    void theProbeLineIsRead() {
        ColdStart.Sample s = ColdStart.parse(ColdStartProbe.PREFIX + " status=201 spawnToResponseMs=900 "
                + "jvmStartToResponseMs=850 mainToResponseMs=800 constructMs=400 invokeMs=400 classes=4000");
        assertThat(s.status()).isEqualTo(201);
        assertThat(s.spawnToResponseMs()).isEqualTo(900);
        assertThat(s.classes()).isEqualTo(4000);
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue av(String s) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(s);
    }
}
