package org.tellonce.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Share;
import org.tellonce.export.PartnershipFigures.ConsentCount;
import org.tellonce.export.PartnershipFigures.PartnerFigures;
import org.tellonce.export.PartnershipFigures.StoryCount;
import org.tellonce.export.PartnershipFigures.WeekTopicCount;

class PartnershipFiguresTest {
    private static final LocalDate SINCE = LocalDate.parse("2026-01-05");

    @Test
    void heldCountsTheQueueNowWhileDecisionsAndFlagsCountFromTheDate() {
        var figures = figures(new ActivityBuilder()
                // Held before the date and still waiting: in the queue, but not flagged in the period.
                .reviewed(1, Review.State.HELD, "2026-01-02T09:00:00Z", null, "medical-emergency")
                .reviewed(2, Review.State.HELD, "2026-01-06T09:00:00Z", null, "risk-to-life", "domestic-abuse")
                // Held before the date, decided after it: a decision of the period (72 h).
                .reviewed(3, Review.State.REJECTED, "2026-01-02T09:00:00Z", "2026-01-05T09:00:00Z", "risk-to-life")
                .reviewed(4, Review.State.APPROVED, "2026-01-06T09:00:00Z", "2026-01-06T10:00:00Z")
                .reviewed(5, Review.State.APPROVED, "2026-01-07T09:00:00Z", "2026-01-07T12:00:00Z", "abuse-or-neglect")
                // Decided before the date: counts nowhere.
                .reviewed(6, Review.State.APPROVED, "2026-01-01T09:00:00Z", "2026-01-01T10:00:00Z", "risk-to-life")
                .story(7, "2026-01-06T09:00:00Z", "health"));

        var moderation = figures.moderation();

        assertThat(moderation.held()).isEqualTo(2);
        assertThat(moderation.approved()).isEqualTo(2);
        assertThat(moderation.rejected()).isEqualTo(1);
        assertThat(moderation.flagged()).containsExactly(entry("risk-to-life", 1L), entry("abuse-or-neglect", 1L),
                entry("domestic-abuse", 1L), entry("medical-emergency", 0L));
        // 1 h, 3 h and 72 h.
        assertThat(moderation.medianHoursToDecision()).contains(new BigDecimal("3.0"));
    }

    @Test
    void withoutDecisionsThereIsNoMedianAndErasedStoriesCountNowhere() {
        var figures = figures(new ActivityBuilder()
                .reviewed(1, Review.State.HELD, "2026-01-06T09:00:00Z", null, "risk-to-life")
                .erased(2, "2026-01-06T10:00:00Z", Channel.WEB));

        assertThat(figures.moderation().held()).isEqualTo(1);
        assertThat(figures.moderation().decided()).isZero();
        assertThat(figures.moderation().medianHoursToDecision()).isEmpty();
    }

    @Test
    void theMedianOfAnOddNumberOfDurationsIsTheMiddleOne() {
        assertThat(PartnershipFigures.median(List.of(hours(9), hours(1), hours(4))))
                .contains(hours(4));
    }

    @Test
    void theMedianOfAnEvenNumberOfDurationsIsTheMeanOfTheTwoMiddleOnes() {
        assertThat(PartnershipFigures.median(List.of(hours(10), hours(1), hours(2), hours(3))))
                .contains(Duration.ofMinutes(150));
    }

    @Test
    void thereIsNoMedianWithoutResponses() {
        assertThat(PartnershipFigures.median(List.of())).isEmpty();
    }

    @Test
    void hoursAreRoundedToOneDecimalPlace() {
        assertThat(PartnershipFigures.hours(Duration.ofMinutes(90))).isEqualByComparingTo("1.5");
        assertThat(PartnershipFigures.hours(Duration.ofMinutes(20))).isEqualByComparingTo("0.3");
        assertThat(PartnershipFigures.hours(Duration.ofMinutes(3))).isEqualByComparingTo("0.1");
    }

    @Test
    void weeksAreIsoWeeksInUtc() {
        assertThat(PartnershipFigures.isoWeek(Instant.parse("2026-01-01T12:00:00Z"))).isEqualTo("2026-W01");
        assertThat(PartnershipFigures.isoWeek(Instant.parse("2024-12-30T00:00:00Z"))).isEqualTo("2025-W01");
        assertThat(PartnershipFigures.isoWeek(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo("2026-W53");
        assertThat(PartnershipFigures.isoWeek(Instant.parse("2026-11-22T23:59:59Z"))).isEqualTo("2026-W47");
    }

    @Test
    void aStoryAboutSeveralTopicsCountsOnceForEachAndAStoryWithoutTopicsUnderNone() {
        var figures = figures(new ActivityBuilder()
                .story(1, "2026-01-05T09:00:00Z", "health", "transport", "health")
                .story(2, "2026-01-06T09:00:00Z", Channel.SMS, Share.PRIVATE, Optional.empty()));

        assertThat(figures.storyCounts()).containsExactly(
                new StoryCount("2026-W02", "sms", "(none)", "(none)", 1),
                new StoryCount("2026-W02", "web", "health", "LE1", 1),
                new StoryCount("2026-W02", "web", "transport", "LE1", 1));
    }

    @Test
    void storiesFromBeforeTheDateAreNotCounted() {
        var figures = figures(new ActivityBuilder()
                .story(1, "2026-01-04T23:59:59.999Z", "health")
                .story(2, "2026-01-05T00:00:00Z", "health"));

        assertThat(figures.storyCounts()).containsExactly(new StoryCount("2026-W02", "web", "health", "LE1", 1));
        assertThat(figures.consentMix()).extracting(ConsentCount::stories).containsExactly(0L, 1L, 0L, 0L);
    }

    @Test
    void anErasedStoryCountsByWeekAndChannelOnlyAndAsErasedInTheConsentMix() {
        var figures = figures(new ActivityBuilder()
                .story(1, "2026-01-05T09:00:00Z", "health")
                .erased(2, "2026-01-05T10:00:00Z", Channel.WEB)
                // Whatever an erased item may still hold is not looked at.
                .story(3, "2026-01-05T11:00:00Z", "housing"));
        var withLeftovers = PartnershipFigures.of(new Activity(
                List.of(new Activity.StoryFact(1, Instant.parse("2026-01-05T10:00:00Z"), Channel.WEB,
                        List.of("housing"), Optional.of("LE3"), Share.ANONYMOUS, true)),
                List.of(), List.of(), java.util.Map.of()), SINCE);

        assertThat(figures.storyCounts()).contains(new StoryCount("2026-W02", "web", "(none)", "(none)", 1));
        assertThat(figures.consentMix()).containsExactly(
                new ConsentCount("private", 0, Optional.of(new BigDecimal("0.0"))),
                new ConsentCount("anonymous", 2, Optional.of(new BigDecimal("66.7"))),
                new ConsentCount("identified", 0, Optional.of(new BigDecimal("0.0"))),
                new ConsentCount("erased", 1, Optional.of(new BigDecimal("33.3"))));
        assertThat(withLeftovers.storyCounts()).containsExactly(
                new StoryCount("2026-W02", "web", "(none)", "(none)", 1));
    }

    @Test
    void anAreaTypedAsANameIsNeverShown() {
        var figures = figures(new ActivityBuilder()
                .story(1, "2026-01-05T09:00:00Z", Channel.WEB, Share.ANONYMOUS, Optional.of("Ophelia's Garden"), "health")
                .story(2, "2026-01-05T09:00:00Z", Channel.WEB, Share.ANONYMOUS, Optional.of("LE19"), "health"));

        assertThat(figures.storyCounts()).extracting(StoryCount::area).containsExactly("(other)", "LE19");
    }

    @Test
    void aSectorCountsUnderItsDistrict() {
        var figures = figures(new ActivityBuilder()
                .story(1, "2026-01-05T09:00:00Z", Channel.WEB, Share.ANONYMOUS, Optional.of("LE1 5"), "health")
                .story(2, "2026-01-05T09:00:00Z", Channel.WEB, Share.ANONYMOUS, Optional.of("LE1"), "health"));

        assertThat(figures.storyCounts()).extracting(StoryCount::area, StoryCount::stories)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LE1", 2L));
    }

    @Test
    void withNoStoriesTheConsentMixHasNoPercentages() {
        assertThat(figures(new ActivityBuilder()).consentMix())
                .extracting(ConsentCount::share, ConsentCount::stories, ConsentCount::percent)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("private", 0L, Optional.empty()),
                        org.assertj.core.groups.Tuple.tuple("anonymous", 0L, Optional.empty()),
                        org.assertj.core.groups.Tuple.tuple("identified", 0L, Optional.empty()),
                        org.assertj.core.groups.Tuple.tuple("erased", 0L, Optional.empty()));
    }

    @Test
    void aPartnerIsMeasuredOnTheStoriesSharedWithItSinceTheDate() {
        var figures = figures(new ActivityBuilder()
                .partner("hw", "Healthwatch")
                .share(1, "hw", "2026-01-02T00:00:00Z")           // before the date: left out
                .response(1, "hw", "2026-01-06T00:00:00Z")
                .share(2, "hw", "2026-01-05T00:00:00Z")
                .response(2, "hw", "2026-01-05T02:00:00Z")        // first: 2 h
                .response(2, "hw", "2026-01-07T00:00:00Z")
                .response(2, "other", "2026-01-05T01:00:00Z")     // another partner's response
                .share(3, "hw", "2026-01-06T00:00:00Z")
                .response(3, "hw", "2026-01-05T23:00:00Z")        // before this share: not an answer to it
                .response(3, "hw", "2026-01-06T07:00:00Z")        // first: 7 h
                .share(4, "hw", "2026-01-07T00:00:00Z"));         // no answer

        assertThat(figures.partners()).containsExactly(new PartnerFigures("hw", "Healthwatch", 3, 2, 3,
                Optional.of(new BigDecimal("66.7")), Optional.of(new BigDecimal("4.5"))));
    }

    @Test
    void aPartnerWithNothingSharedIsListedWithoutRateOrMedian() {
        var figures = figures(new ActivityBuilder().partner("quiet", "Quiet Group"));

        assertThat(figures.partners()).containsExactly(
                new PartnerFigures("quiet", "Quiet Group", 0, 0, 0, Optional.empty(), Optional.empty()));
    }

    @Test
    void aPartnerWhoNeverAnsweredHasAZeroRateAndNoMedian() {
        var figures = figures(new ActivityBuilder().partner("hw", "Healthwatch").share(1, "hw", "2026-01-06T00:00:00Z"));

        assertThat(figures.partners()).containsExactly(new PartnerFigures("hw", "Healthwatch", 1, 0, 0,
                Optional.of(new BigDecimal("0.0")), Optional.empty()));
    }

    @Test
    void aShareWithAPartnerWithoutAProfileStillCountsWithoutAName() {
        var figures = figures(new ActivityBuilder().share(1, "gone", "2026-01-06T00:00:00Z"));

        assertThat(figures.partners()).extracting(PartnerFigures::partnerId, PartnerFigures::partnerName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gone", ""));
    }

    @Test
    void theWeeklyTopicsAddUpChannelsAndAreas() {
        var figures = figures(new ActivityBuilder()
                .story(1, "2026-01-05T09:00:00Z", Channel.WEB, Share.ANONYMOUS, Optional.of("LE1"), "health")
                .story(2, "2026-01-06T09:00:00Z", Channel.SMS, Share.ANONYMOUS, Optional.of("LE2"), "health")
                .story(3, "2026-01-13T09:00:00Z", "housing"));

        assertThat(figures.weeklyTopics()).containsExactly(
                new WeekTopicCount("2026-W02", "health", 2),
                new WeekTopicCount("2026-W03", "housing", 1));
    }

    private static PartnershipFigures figures(ActivityBuilder activity) {
        return PartnershipFigures.of(activity.build(), SINCE);
    }

    private static Duration hours(long h) {
        return Duration.ofHours(h);
    }
}
