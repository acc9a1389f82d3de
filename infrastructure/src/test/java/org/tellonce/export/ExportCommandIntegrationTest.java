package org.tellonce.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.cli.TellOnceCommand;
import org.tellonce.local.MotoServer;
import org.tellonce.local.SamTemplate;
import org.tellonce.local.TableDefinition;
import org.tellonce.testing.ProjectFiles;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code tellonce export} against a real table on moto created from template.yaml. The
 * stream fan-out is not running, so the fixture's shares and their times are exactly as written.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExportCommandIntegrationTest {
    private static final String TABLE = "tellonce";
    private static final String SINCE = "2026-01-05";

    private static MotoServer dynamo;
    private static DynamoDbClient client;
    private static ExportFixture fixture;

    @TempDir
    Path dir;

    @BeforeAll
    static void aTableWithStoriesSharesAndResponses() {
        dynamo = org.tellonce.testing.Moto.start();
        // Patient timeouts: the first requests to a fresh moto are slow on a busy machine.
        client = DynamoDbClient.builder()
                .endpointOverride(URI.create(dynamo.endpoint()))
                .region(AwsClients.DEFAULT_REGION)
                .credentialsProvider(AwsClients.localCredentials())
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .build();
        TableDefinition.ensure(client, SamTemplate.load(ProjectFiles.template()), TABLE);
        fixture = new ExportFixture(client, TABLE);
        fixture.write();
    }

    @AfterAll
    static void stop() {
        client.close();
        dynamo.close();
    }

    @Test
    void theCsvHoldsExactlyTheExpectedFiguresInSixSections() throws Exception {
        Path file = dir.resolve("figures.csv");

        Run run = export("--output", file.toString());

        assertThat(run.exit).as(run.err).isZero();
        List<List<String>> sections = sections(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(sections).hasSize(6);
        assertThat(sections.get(0)).containsExactly(
                "section,week,channel,topic,area,stories",
                "stories,2026-W02,sms,health,LE1,1",
                "stories,2026-W02,web,(none),(none),1",
                "stories,2026-W02,web,health,LE1,1",
                "stories,2026-W02,web,transport,LE1,1",
                "stories,2026-W03,sms,transport,LE1,1",
                "stories,2026-W03,web,(none),(none),1",
                "stories,2026-W03,web,housing,(other),1",
                "stories,2026-W04,web,health,LE1,2",
                "stories,2026-W04,web,mental-health,LE1,1");
        assertThat(sections.get(1)).containsExactly(
                "section,share,stories,percent",
                "consent,private,2,25.0",
                "consent,anonymous,3,37.5",
                "consent,identified,2,25.0",
                "consent,erased,1,12.5");
        assertThat(sections.get(2)).containsExactly(
                "section,partner_id,partner_name,stories_shared,stories_responded,responses,response_rate,"
                        + "median_hours_to_first_response",
                "partners,council,\"Leicester City Council, \"\"Housing\"\" & Neighbourhoods\",2,1,1,50.0,1.5",
                "partners,healthwatch,Healthwatch Leicester,3,2,3,66.7,3.0",
                "partners,quiet-group,Quiet Group,0,0,0,,");
        assertThat(sections.get(3)).containsExactly(
                "section,figure,concern,value,counted",
                "moderation,held,,3,waiting for a moderator now",
                "moderation,approved,,2,decided since 2026-01-05",
                "moderation,rejected,,2,decided since 2026-01-05",
                "moderation,flagged,risk-to-life,2,held since 2026-01-05",
                "moderation,flagged,abuse-or-neglect,1,held since 2026-01-05",
                "moderation,flagged,domestic-abuse,1,held since 2026-01-05",
                "moderation,flagged,medical-emergency,1,held since 2026-01-05",
                "moderation,median_hours_to_decision,,12.5,decided since 2026-01-05");
        assertThat(sections.get(4)).as("F was erased: its language went with it").containsExactly(
                "section,language,stories,percent",
                "languages,en,7,87.5",
                "languages,(none),1,12.5");
        // Every target (20 days) has passed: Healthwatch answered B (2 h) and C (4 h) on time, not H; the
        // council answered E (1.5 h), not B; the medians, 3 h and 1.5 h, are 0.1 days.
        assertThat(sections.get(5)).containsExactly(
                "section,partner_id,partner_name,target_days,stories_counted,answered_on_time,on_time_rate,"
                        + "median_days_to_first_response",
                "response_clock,council,\"Leicester City Council, \"\"Housing\"\" & Neighbourhoods\",20,2,1,50.0,0.1",
                "response_clock,healthwatch,Healthwatch Leicester,20,3,2,66.7,0.1",
                "response_clock,quiet-group,Quiet Group,20,0,0,,");
    }

    @Test
    void untilEndsThePeriodTheDayBeforeIt() throws Exception {
        Path file = dir.resolve("until.csv");

        Run run = export("--until", "2026-01-13", "--output", file.toString());

        assertThat(run.exit).as(run.err).isZero();
        List<List<String>> sections = sections(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(sections.get(0)).as("E, received on the 13th, is not counted").containsExactly(
                "section,week,channel,topic,area,stories",
                "stories,2026-W02,sms,health,LE1,1",
                "stories,2026-W02,web,(none),(none),1",
                "stories,2026-W02,web,health,LE1,1",
                "stories,2026-W02,web,transport,LE1,1");
        assertThat(sections.get(2)).contains("partners,council,\"Leicester City Council, \"\"Housing\"\" & "
                + "Neighbourhoods\",1,0,0,0.0,");
        assertThat(sections.get(3)).contains(
                "moderation,approved,,2,decided from 2026-01-05 until 2026-01-13",
                "moderation,rejected,,1,decided from 2026-01-05 until 2026-01-13");
        assertThat(sections.get(4)).containsExactly("section,language,stories,percent", "languages,en,3,100.0");
        assertThat(sections.get(5)).contains("response_clock,healthwatch,Healthwatch Leicester,20,2,2,100.0,0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-05", "2026-01-01"})
    void anUntilThatIsNotAfterSinceIsRefusedWithExitCode2(String until) {
        Run run = export("--until", until);

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("--until (" + until + ") must be after --since (2026-01-05)");
        assertThat(run.out).isEmpty();
    }

    @Test
    void anUntilThatIsNotAnIsoDateIsRefused() {
        Run run = export("--until", "next week");

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("is not an ISO date");
    }

    @Test
    void withoutOutputTheCsvGoesToStandardOutput() throws Exception {
        Path file = dir.resolve("figures.csv");
        export("--output", file.toString());

        Run run = export();

        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void noStoryTextContactReferenceOrIdAppearsInAnyOutput() throws Exception {
        Path svg = dir.resolve("chart.svg");
        Run csv = export();
        Run chart = export("--format", "svg", "--output", svg.toString());

        assertThat(chart.exit).as(chart.err).isZero();
        for (String output : List.of(csv.out, Files.readString(svg, StandardCharsets.UTF_8))) {
            for (String secret : fixture.secrets()) {
                assertThat(output).as("the export must not contain " + secret).doesNotContain(secret);
            }
        }
    }

    @Test
    void whatTheExportTakesFromTheTableHoldsNoTextContactOrIds() {
        Activity activity = new TableExport(client, TABLE).read();

        assertThat(activity.stories()).hasSize(11);
        assertThat(activity.shares()).hasSize(6);
        assertThat(activity.responses()).hasSize(5);
        for (String secret : fixture.secrets()) {
            assertThat(activity.toString()).as("the export must not read " + secret).doesNotContain(secret);
        }
    }

    @Test
    void smallCountsCanBeSuppressed() {
        Run run = export("--suppress-below", "2");

        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out.split("\r\n")).contains(
                "stories,2026-W02,web,health,LE1,<2",
                "stories,2026-W04,web,health,LE1,2",
                "consent,private,2,25.0",
                "consent,erased,<2,",
                "moderation,held,,3,waiting for a moderator now",
                "moderation,flagged,abuse-or-neglect,<2,held since 2026-01-05",
                "moderation,median_hours_to_decision,,12.5,decided since 2026-01-05",
                "languages,(none),<2,");
    }

    @Test
    void theSvgChartIsWellFormedAndNamesEveryTopic() throws Exception {
        Path file = dir.resolve("chart.svg");

        Run run = export("--format", "svg", "--output", file.toString());

        assertThat(run.exit).as(run.err).isZero();
        assertThat(file).isNotEmptyFile();
        var svg = WeeklyTopicChartTest.parse(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(WeeklyTopicChartTest.text(svg, "title")).first()
                .isEqualTo("Stories by topic, per week since 2026-01-05");
        assertThat(WeeklyTopicChartTest.text(svg, "text"))
                .contains("health", "housing", "mental-health", "transport", "(none)");
    }

    @Test
    void thePngChartIsAnImage() throws Exception {
        Path file = dir.resolve("chart.png");

        Run run = export("--format", "png", "--output", file.toString());

        assertThat(run.exit).as(run.err).isZero();
        assertThat(ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"01/05/2026", "2026-1-5", "2026-02-30", "yesterday", "2026-01-05T00:00:00Z"})
    void aSinceThatIsNotAnIsoDateIsRefusedWithExitCode2(String since) {
        Run run = run("export", "--since", since, "--endpoint", dynamo.endpoint(), "--table", TABLE);

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("is not an ISO date; write it as YYYY-MM-DD, e.g. 2026-01-01");
        assertThat(run.out).isEmpty();
    }

    @Test
    void aChartNeedsAnOutputFile() {
        Run run = export("--format", "svg");

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("--format svg needs --output FILE");
    }

    @Test
    void aMissingTableIsReportedWithExitCode3() {
        Run run = run("export", "--since", SINCE, "--endpoint", dynamo.endpoint(), "--table", "no-such-table");

        assertThat(run.exit).isEqualTo(3);
        assertThat(run.err).contains("DynamoDB said no");
    }

    private static Run export(String... options) {
        List<String> args = new ArrayList<>(List.of("export", "--since", SINCE, "--endpoint", dynamo.endpoint(),
                "--table", TABLE));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TellOnceCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The CSV's sections, split at the blank lines, each as its lines. */
    private static List<List<String>> sections(String csv) {
        assertThat(csv).endsWith("\r\n").doesNotContain("\r\n\r\n\r\n");
        List<List<String>> sections = new ArrayList<>();
        for (String section : csv.split("\r\n\r\n")) {
            sections.add(List.of(section.strip().split("\r\n")));
        }
        return sections;
    }

    private record Run(int exit, String out, String err) {
    }
}
