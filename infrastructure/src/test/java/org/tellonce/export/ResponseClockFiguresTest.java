package org.tellonce.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.export.PartnershipFigures.LanguageCount;
import org.tellonce.export.PartnershipFigures.ResponseClock;

/** The export's period end, its language breakdown and each partner against the response clock (SPEC section 13). */
class ResponseClockFiguresTest {
    private static final LocalDate SINCE = LocalDate.parse("2026-03-02");
    private static final Duration TARGET = Duration.ofDays(20);
    private static final Instant NOW = Instant.parse("2026-04-10T12:00:00Z");

    @Test
    void storiesAreCountedByLanguageMostFirst() {
        Activity activity = new ActivityBuilder()
                .told(1, "2026-03-02T10:00:00Z", "en").told(2, "2026-03-03T10:00:00Z", "cy")
                .told(3, "2026-03-04T10:00:00Z", "en").told(4, "2026-03-05T10:00:00Z", "pl")
                .erased(5, "2026-03-05T11:00:00Z", org.tellonce.core.story.Channel.SMS)
                .told(6, "2026-02-20T10:00:00Z", "cy")
                .build();

        var figures = PartnershipFigures.of(activity, SINCE, Optional.empty(), TARGET, NOW);

        assertThat(figures.languages()).containsExactly(
                new LanguageCount("en", 2, Optional.of(new BigDecimal("40.0"))),
                new LanguageCount("(none)", 1, Optional.of(new BigDecimal("20.0"))),
                new LanguageCount("cy", 1, Optional.of(new BigDecimal("20.0"))),
                new LanguageCount("pl", 1, Optional.of(new BigDecimal("20.0"))));
    }

    @Test
    void onTimeIsAFirstReplyWithinTheTargetOfTheStoriesAnsweredOrPastIt() {
        Activity activity = new ActivityBuilder()
                .partner("council", "Council").partner("quiet", "Quiet")
                .story(1, "2026-03-02T09:00:00Z", "health").share(1, "council", "2026-03-02T10:00:00Z")
                .response(1, "council", "2026-03-04T10:00:00Z")
                .response(1, "council", "2026-03-30T10:00:00Z")
                .story(2, "2026-03-02T09:00:00Z", "health").share(2, "council", "2026-03-02T10:00:00Z")
                .response(2, "council", "2026-03-28T10:00:00Z")
                .story(3, "2026-03-02T09:00:00Z", "health").share(3, "council", "2026-03-02T10:00:00Z")
                .story(4, "2026-04-05T09:00:00Z", "health").share(4, "council", "2026-04-05T10:00:00Z")
                .build();

        var clock = PartnershipFigures.of(activity, SINCE, Optional.empty(), TARGET, NOW).responseClock();

        // 1 on time (2 days), 2 late (26 days), 3 unanswered and past its target, 4 still inside it: not counted.
        assertThat(clock).containsExactly(
                new ResponseClock("council", "Council", 3, 1, Optional.of(new BigDecimal("33.3")),
                        Optional.of(new BigDecimal("14.0"))),
                new ResponseClock("quiet", "Quiet", 0, 0, Optional.empty(), Optional.empty()));
        var tighter = PartnershipFigures.of(activity, SINCE, Optional.empty(), Duration.ofDays(1), NOW).responseClock();
        assertThat(tighter.get(0).onTime()).as("a one-day target: none on time").isZero();
        assertThat(tighter.get(0).counted()).as("and story 4 is past it now").isEqualTo(4);
    }

    @Test
    void theResponseClockChartDrawsEachPartnersOnTimeRateWithItsMedianAndCount() {
        Activity activity = new ActivityBuilder()
                .partner("council", "Council").partner("quiet", "Quiet")
                .story(1, "2026-03-02T09:00:00Z", "health").share(1, "council", "2026-03-02T10:00:00Z")
                .response(1, "council", "2026-03-04T10:00:00Z")
                .story(2, "2026-03-02T09:00:00Z", "health").share(2, "council", "2026-03-02T10:00:00Z")
                .build();
        var figures = PartnershipFigures.of(activity, SINCE, Optional.empty(), TARGET, NOW);

        String svg = WeeklyTopicChart.responseClock(figures, SmallNumbers.OFF).svg();

        assertThat(svg).contains("<title id=\"chart-title\">Replies within 20 days, per partner",
                "Council: 50.0 % on time, median 2.0 days, 2 stories").doesNotContain("Quiet");
        assertThat(WeeklyTopicChart.responseClock(figures, new SmallNumbers(3)).svg())
                .as("two stories are a small number at 3").contains("No stories whose target has passed yet.")
                .doesNotContain("Council:");
        assertThat(WeeklyTopicChart.responseClock(figures, SmallNumbers.OFF).png()).isNotEmpty();
    }

    @Test
    void untilIsTheFirstDayNotCountedAndMustComeAfterSince() {
        Activity activity = new ActivityBuilder()
                .told(1, "2026-03-02T00:00:00Z", "en").told(2, "2026-03-08T23:59:59Z", "cy")
                .told(3, "2026-03-09T00:00:00Z", "pl")
                .build();

        var week = PartnershipFigures.of(activity, SINCE, Optional.of(LocalDate.parse("2026-03-09")), TARGET, NOW);

        assertThat(week.languages()).extracting(LanguageCount::language).containsExactlyInAnyOrder("en", "cy");
        assertThat(week.period()).isEqualTo("from 2026-03-02 until 2026-03-09");
        assertThat(PartnershipFigures.of(activity, SINCE).period()).isEqualTo("since 2026-03-02");
        assertThatThrownBy(() -> PartnershipFigures.of(activity, SINCE, Optional.of(SINCE), TARGET, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after --since");
    }
}
