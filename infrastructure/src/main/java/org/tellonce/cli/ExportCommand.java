package org.tellonce.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tellonce.core.StoreUnavailableException;
import org.tellonce.export.CsvWriter;
import org.tellonce.export.PartnershipFigures;
import org.tellonce.export.SmallNumbers;
import org.tellonce.export.TableExport;
import org.tellonce.export.WeeklyTopicChart;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Partnership figures since a date (and, with --until, before another): stories by week, "
                + "channel, topic and area; the consent mix; shares and responses per partner; moderation (held now, "
                + "approved and rejected since the date, flagged by concern, median hours to decision); stories by "
                + "language; each partner's on-time response rate and median days to first response against the "
                + "response clock. Counts only: no story text and no personal data.",
                "CSV (the default) goes to standard output or --output; svg and png draw stories by topic per "
                        + "week and need --output."})
final class ExportCommand implements Callable<Integer> {
    enum Format { CSV, SVG, PNG }

    @Mixin
    TableOptions table;

    @Option(names = "--since", required = true, paramLabel = "DATE", converter = IsoDate.class,
            description = "First day to count, an ISO date such as 2026-01-01 (UTC)")
    LocalDate since;

    @Option(names = "--until", paramLabel = "DATE", converter = IsoDate.class,
            description = "First day NOT to count (the end, exclusive), an ISO date after --since (default: up to now)")
    LocalDate until;

    @Option(names = "--response-target-days", defaultValue = "20", paramLabel = "DAYS",
            description = "The response clock's target, as the stack's ResponseTargetDays (default 20)")
    int responseTargetDays;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|svg|png",
            description = "csv (default), or the weekly topic chart as svg or png")
    Format format;

    @Option(names = "--chart", defaultValue = "topics", paramLabel = "topics|response-clock",
            description = "Which chart svg and png draw: stories by topic per week (default), or each partner's "
                    + "on-time response rate (response-clock)")
    String chart;

    @Option(names = "--output", paramLabel = "FILE", description = "Write here (default for csv: standard output)")
    Path output;

    @Option(names = "--suppress-below", defaultValue = "0", paramLabel = "N",
            description = "Show story counts from 1 to N-1 as <N (default 0: show every count)")
    int suppressBelow;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (suppressBelow < 0) {
            err.println("tellonce: --suppress-below must be 0 (off) or more");
            return 2;
        }
        if (until != null && !until.isAfter(since)) {
            err.println("tellonce: --until (" + until + ") must be after --since (" + since
                    + "): it is the first day not counted");
            return 2;
        }
        if (responseTargetDays < 1 || responseTargetDays > 365) {
            err.println("tellonce: --response-target-days must be a whole number of days from 1 to 365");
            return 2;
        }
        if (format != Format.CSV && output == null) {
            err.println("tellonce: --format " + format.name().toLowerCase(Locale.ROOT) + " needs --output FILE");
            return 2;
        }
        if (!chart.equals("topics") && !chart.equals("response-clock")) {
            err.println("tellonce: --chart must be topics or response-clock");
            return 2;
        }
        SmallNumbers small = new SmallNumbers(suppressBelow);
        PartnershipFigures figures;
        try (var client = table.client()) {
            figures = PartnershipFigures.of(new TableExport(client, table.table()).read(), since,
                    java.util.Optional.ofNullable(until), java.time.Duration.ofDays(responseTargetDays),
                    java.time.Instant.now());
        } catch (IllegalArgumentException e) {
            err.println("tellonce: " + e.getMessage());
            return 2;
        } catch (StoreUnavailableException e) {
            err.println("tellonce: DynamoDB did not answer (is 'tellonce local' running? is --endpoint right?)");
            return 3;
        } catch (SdkException e) {
            err.println("tellonce: DynamoDB said no: " + e.getClass().getSimpleName()
                    + " (is the table there? try --endpoint http://localhost:8000 for the local stack)");
            return 3;
        }
        try {
            switch (format) {
                case CSV -> {
                    String csv = CsvWriter.write(figures, small);
                    if (output == null) {
                        out.print(csv);
                        out.flush();
                        return 0;
                    }
                    Files.writeString(output, csv, StandardCharsets.UTF_8);
                }
                case SVG -> Files.writeString(output, chart(figures, small).svg(), StandardCharsets.UTF_8);
                case PNG -> Files.write(output, chart(figures, small).png());
            }
        } catch (IOException e) {
            err.println("tellonce: could not write " + output + ": " + e.getMessage());
            return 1;
        }
        out.println("Wrote " + output);
        return 0;
    }

    /** Only {@code YYYY-MM-DD}: "01/02/2026" means different days to different people. */
    static final class IsoDate implements CommandLine.ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not an ISO date; write it as YYYY-MM-DD, e.g. 2026-01-01");
            }
        }
    }

    private WeeklyTopicChart chart(PartnershipFigures figures, SmallNumbers small) {
        return chart.equals("response-clock") ? WeeklyTopicChart.responseClock(figures, small)
                : WeeklyTopicChart.of(figures, small);
    }
}
