package org.tellonce.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.tellonce.core.story.Review;

class CsvWriterTest {

    @Test
    void plainFieldsAreLeftAlone() {
        assertThat(CsvWriter.field("Healthwatch Leicester")).isEqualTo("Healthwatch Leicester");
        assertThat(CsvWriter.field("")).isEqualTo("");
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedWithQuotesDoubled() {
        assertThat(CsvWriter.field("Council, Housing")).isEqualTo("\"Council, Housing\"");
        assertThat(CsvWriter.field("The \"Bus\" Users")).isEqualTo("\"The \"\"Bus\"\" Users\"");
        assertThat(CsvWriter.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvWriter.field("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    }

    @Test
    void anEmptyExportStillHasItsSixHeadedSectionsAndCrlfLineEnds() {
        String csv = CsvWriter.write(PartnershipFigures.of(new ActivityBuilder().build(), LocalDate.parse("2026-01-05")),
                SmallNumbers.OFF);

        assertThat(csv).isEqualTo("""
                section,week,channel,topic,area,stories
                
                section,share,stories,percent
                consent,private,0,
                consent,anonymous,0,
                consent,identified,0,
                consent,erased,0,
                
                section,partner_id,partner_name,stories_shared,stories_responded,responses,response_rate,\
                median_hours_to_first_response
                
                section,figure,concern,value,counted
                moderation,held,,0,waiting for a moderator now
                moderation,approved,,0,decided since 2026-01-05
                moderation,rejected,,0,decided since 2026-01-05
                moderation,flagged,risk-to-life,0,held since 2026-01-05
                moderation,flagged,abuse-or-neglect,0,held since 2026-01-05
                moderation,flagged,domestic-abuse,0,held since 2026-01-05
                moderation,flagged,medical-emergency,0,held since 2026-01-05
                moderation,median_hours_to_decision,,,decided since 2026-01-05
                
                section,language,stories,percent
                
                section,partner_id,partner_name,target_days,stories_counted,answered_on_time,on_time_rate,\
                median_days_to_first_response
                """.replace("\n", "\r\n"));
    }

    @Test
    void smallCountsAreShownAsBelowTheThresholdAndTheirPercentagesLeftOut() {
        var figures = PartnershipFigures.of(new ActivityBuilder()
                .story(1, "2026-01-05T09:00:00Z", "health")
                .story(2, "2026-01-05T10:00:00Z", "health")
                .story(3, "2026-01-05T11:00:00Z", "health")
                .story(4, "2026-01-05T12:00:00Z", "housing")
                .erased(5, "2026-01-05T13:00:00Z", org.tellonce.core.story.Channel.SMS)
                .partner("hw", "Healthwatch")
                .share(1, "hw", "2026-01-05T09:00:00Z")
                .build(), LocalDate.parse("2026-01-05"));

        String csv = CsvWriter.write(figures, new SmallNumbers(3));

        assertThat(csv.split("\r\n")).contains(
                "stories,2026-W02,sms,(none),(none),<3",
                "stories,2026-W02,web,health,LE1,3",
                "stories,2026-W02,web,housing,LE1,<3",
                "consent,private,0,0.0",
                "consent,anonymous,4,80.0",
                "consent,erased,<3,",
                // Partner figures are about organisations and are shown as they are.
                "partners,hw,Healthwatch,1,0,0,0.0,");
    }

    @Test
    void smallModerationCountsAreSuppressedAndTheMedianWithThem() {
        var figures = PartnershipFigures.of(new ActivityBuilder()
                .reviewed(1, Review.State.HELD, "2026-01-05T09:00:00Z", null, "risk-to-life")
                .reviewed(2, Review.State.HELD, "2026-01-05T09:00:00Z", null, "risk-to-life")
                .reviewed(3, Review.State.HELD, "2026-01-05T09:00:00Z", null, "risk-to-life")
                .reviewed(4, Review.State.APPROVED, "2026-01-05T09:00:00Z", "2026-01-05T11:00:00Z")
                .build(), LocalDate.parse("2026-01-05"));

        String csv = CsvWriter.write(figures, new SmallNumbers(3));

        assertThat(csv.split("\r\n")).contains(
                "moderation,held,,3,waiting for a moderator now",
                "moderation,approved,,<3,decided since 2026-01-05",
                "moderation,rejected,,0,decided since 2026-01-05",
                "moderation,flagged,risk-to-life,3,held since 2026-01-05",
                "moderation,median_hours_to_decision,,,decided since 2026-01-05");
        assertThat(CsvWriter.write(figures, SmallNumbers.OFF).split("\r\n"))
                .contains("moderation,median_hours_to_decision,,2.0,decided since 2026-01-05");
    }

    @Test
    void suppressionIsOffByDefaultAndCannotBeNegative() {
        assertThat(SmallNumbers.OFF.show(1)).isEqualTo("1");
        assertThat(new SmallNumbers(3).show(0)).isEqualTo("0");
        assertThat(new SmallNumbers(3).show(2)).isEqualTo("<3");
        assertThatThrownBy(() -> new SmallNumbers(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
