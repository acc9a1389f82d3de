package org.tellonce.core.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped phrase lists against a corpus written independently of them
 * ({@code src/test/resources/safeguarding/corpus}): residents' sentences that must raise a concern
 * (each marked with the concern it must raise) and everyday complaints that use the same words
 * innocently. Prints recall and false flags per language and overall, and holds each to the bar of
 * issue #17: at least 95 % recall, at most 5 % false flags.
 */
class SafeguardingCorpusTest {
    private static final List<String> LANGUAGES = List.of("en", "cy", "pl");
    private static final double MIN_RECALL = 0.95;
    private static final double MAX_FALSE_FLAGS = 0.05;

    private record Positive(Set<Concern> expected, String sentence) {
    }

    private record Figures(int positives, int found, int rightConcern, int negatives, int falseFlags) {
        Figures plus(Figures o) {
            return new Figures(positives + o.positives, found + o.found, rightConcern + o.rightConcern,
                    negatives + o.negatives, falseFlags + o.falseFlags);
        }

        double recall() {
            return (double) found / positives;
        }

        double falseFlagRate() {
            return (double) falseFlags / negatives;
        }

        double precision() {
            return found + falseFlags == 0 ? 1 : (double) found / (found + falseFlags);
        }
    }

    private final Safeguarding lists = Safeguarding.load();

    @Test
    void theListsFindAtLeast95PercentOfDisclosuresAndFlagAtMost5PercentOfOrdinaryComplaints() {
        Map<String, Figures> figures = new LinkedHashMap<>();
        List<String> misses = new ArrayList<>();
        List<String> falseFlags = new ArrayList<>();
        for (String language : LANGUAGES) {
            List<Positive> positives = positives(language);
            List<String> negatives = lines(language + "-negative.txt");
            int found = 0;
            int right = 0;
            for (Positive p : positives) {
                Set<Concern> concerns = lists.concerns(p.sentence());
                if (!concerns.isEmpty()) {
                    found++;
                }
                if (concerns.containsAll(p.expected())) {
                    right++;
                } else {
                    misses.add(language + " expected " + p.expected() + ", found " + concerns + ": " + p.sentence());
                }
            }
            int flagged = 0;
            for (String n : negatives) {
                Safeguarding.Result result = lists.check(n);
                if (result.flagged()) {
                    flagged++;
                    falseFlags.add(language + " " + result.findings() + ": " + n);
                }
            }
            figures.put(language, new Figures(positives.size(), found, right, negatives.size(), flagged));
        }
        Figures overall = figures.values().stream().reduce(new Figures(0, 0, 0, 0, 0), Figures::plus);
        figures.put("all", overall);

        StringBuilder report = new StringBuilder("\nSafeguarding corpus (").append(lists).append(")\n");
        report.append(String.format(Locale.ROOT, "%-4s %9s %7s %9s %9s %9s %11s %9s%n", "", "positive", "found",
                "recall", "concern", "negative", "false flag", "precision"));
        figures.forEach((language, f) -> report.append(String.format(Locale.ROOT,
                "%-4s %9d %7d %8.1f%% %8.1f%% %9d %10.1f%% %8.1f%%%n", language, f.positives(), f.found(),
                100 * f.recall(), 100.0 * f.rightConcern() / f.positives(), f.negatives(), 100 * f.falseFlagRate(),
                100 * f.precision())));
        misses.forEach(m -> report.append("  missed: ").append(m).append('\n'));
        falseFlags.forEach(m -> report.append("  false flag: ").append(m).append('\n'));
        System.out.println(report);

        assertThat(figures.get("en").positives()).isGreaterThanOrEqualTo(120);
        assertThat(figures.get("cy").positives()).isGreaterThanOrEqualTo(40);
        assertThat(figures.get("pl").positives()).isGreaterThanOrEqualTo(40);
        assertThat(figures.get("en").negatives()).isGreaterThanOrEqualTo(150);
        assertThat(figures.get("cy").negatives()).isGreaterThanOrEqualTo(40);
        assertThat(figures.get("pl").negatives()).isGreaterThanOrEqualTo(40);
        figures.forEach((language, f) -> {
            assertThat(f.recall()).as(language + " recall" + report).isGreaterThanOrEqualTo(MIN_RECALL);
            assertThat(f.falseFlagRate()).as(language + " false flags" + report).isLessThanOrEqualTo(MAX_FALSE_FLAGS);
        });
    }

    @Test
    void everyDisclosureRaisesTheConcernItIsAbout() {
        List<String> wrong = new ArrayList<>();
        for (String language : LANGUAGES) {
            for (Positive p : positives(language)) {
                Set<Concern> concerns = lists.concerns(p.sentence());
                if (!concerns.containsAll(p.expected())) {
                    wrong.add(language + " expected " + p.expected() + ", found " + concerns + ": " + p.sentence());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static List<Positive> positives(String language) {
        List<Positive> positives = new ArrayList<>();
        for (String line : lines(language + "-positive.txt")) {
            int bar = line.indexOf('|');
            assertThat(bar).as("concern | sentence: " + line).isPositive();
            Set<Concern> expected = EnumSet.noneOf(Concern.class);
            for (String name : line.substring(0, bar).split(",")) {
                expected.add(Concern.fromWireName(name.strip())
                        .orElseThrow(() -> new AssertionError("unknown concern in corpus: " + name)));
            }
            positives.add(new Positive(expected, line.substring(bar + 1).strip()));
        }
        return positives;
    }

    private static List<String> lines(String file) {
        try (InputStream in = SafeguardingCorpusTest.class.getClassLoader()
                .getResourceAsStream("safeguarding/corpus/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
