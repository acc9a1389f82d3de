package org.tellonce.export;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.tellonce.export.PartnershipFigures.ConsentCount;
import org.tellonce.export.PartnershipFigures.ModerationFigures;
import org.tellonce.export.PartnershipFigures.PartnerFigures;
import org.tellonce.export.PartnershipFigures.StoryCount;

/**
 * The figures as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, a quote or a
 * line break). Six sections (stories, consent, partners, moderation, languages, response clock), each
 * with its own header row, separated by a blank line; the first column names the section so a
 * spreadsheet filter can pick one out.
 */
public final class CsvWriter {
    public static final List<String> STORIES_HEADER = List.of("section", "week", "channel", "topic", "area", "stories");
    public static final List<String> CONSENT_HEADER = List.of("section", "share", "stories", "percent");
    public static final List<String> PARTNERS_HEADER = List.of("section", "partner_id", "partner_name",
            "stories_shared", "stories_responded", "responses", "response_rate", "median_hours_to_first_response");
    public static final List<String> MODERATION_HEADER = List.of("section", "figure", "concern", "value", "counted");
    public static final List<String> LANGUAGES_HEADER = List.of("section", "language", "stories", "percent");
    public static final List<String> RESPONSE_CLOCK_HEADER = List.of("section", "partner_id", "partner_name",
            "target_days", "stories_counted", "answered_on_time", "on_time_rate", "median_days_to_first_response");
    private static final String CRLF = "\r\n";

    private CsvWriter() {
    }

    /** Suppression applies to counts of residents' stories; partner figures describe organisations. */
    public static String write(PartnershipFigures figures, SmallNumbers small) {
        StringBuilder out = new StringBuilder();
        row(out, STORIES_HEADER);
        for (StoryCount c : figures.storyCounts()) {
            row(out, List.of("stories", c.week(), c.channel(), c.topic(), c.area(), small.show(c.stories())));
        }
        out.append(CRLF);
        row(out, CONSENT_HEADER);
        for (ConsentCount c : figures.consentMix()) {
            // A hidden count's percentage would give it away.
            row(out, List.of("consent", c.share(), small.show(c.stories()),
                    small.hides(c.stories()) ? "" : decimal(c.percent())));
        }
        out.append(CRLF);
        row(out, PARTNERS_HEADER);
        for (PartnerFigures p : figures.partners()) {
            row(out, List.of("partners", p.partnerId(), p.partnerName(), Long.toString(p.storiesShared()),
                    Long.toString(p.storiesResponded()), Long.toString(p.responses()), decimal(p.responseRate()),
                    decimal(p.medianHoursToFirstResponse())));
        }
        out.append(CRLF);
        moderation(out, figures.moderation(), figures.period(), small);
        out.append(CRLF);
        row(out, LANGUAGES_HEADER);
        for (PartnershipFigures.LanguageCount c : figures.languages()) {
            row(out, List.of("languages", c.language(), small.show(c.stories()),
                    small.hides(c.stories()) ? "" : decimal(c.percent())));
        }
        out.append(CRLF);
        row(out, RESPONSE_CLOCK_HEADER);
        String targetDays = Long.toString(figures.responseTarget().toDays());
        for (PartnershipFigures.ResponseClock c : figures.responseClock()) {
            row(out, List.of("response_clock", c.partnerId(), c.partnerName(), targetDays, Long.toString(c.counted()),
                    Long.toString(c.onTime()), decimal(c.onTimeRate()), decimal(c.medianDaysToFirstResponse())));
        }
        return out.toString();
    }

    /** One figure a row; the last column says what it counts, so the file explains itself. */
    /** @param period "since 2026-01-05", or "from 2026-01-05 until 2026-02-01" */
    private static void moderation(StringBuilder out, ModerationFigures m, String period, SmallNumbers small) {
        String decided = "decided " + period;
        row(out, MODERATION_HEADER);
        row(out, List.of("moderation", "held", "", small.show(m.held()), "waiting for a moderator now"));
        row(out, List.of("moderation", "approved", "", small.show(m.approved()), decided));
        row(out, List.of("moderation", "rejected", "", small.show(m.rejected()), decided));
        m.flagged().forEach((concern, n) -> row(out, List.of("moderation", "flagged", concern, small.show(n),
                "held " + period)));
        // A median over a hidden number of decisions would say too much about them.
        row(out, List.of("moderation", "median_hours_to_decision", "",
                small.hides(m.decided()) ? "" : decimal(m.medianHoursToDecision()), decided));
    }

    /** One field, quoted (with quotes doubled) when it must be. */
    public static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static void row(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append(CRLF);
    }

    private static String decimal(Optional<BigDecimal> value) {
        return value.map(BigDecimal::toPlainString).orElse("");
    }
}
