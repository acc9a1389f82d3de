package org.tellonce.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.web.FeedItems.anItem;

import java.util.List;
import org.junit.jupiter.api.Test;

public class InboxCsvTest {

    @Test
    void storiesBecomeRfc4180RowsWithAHeader() {
        var item = anItem().topics("health", "transport").language("cy")
                .text("The bus, \"the 48\", was late\r\nagain.").identified("Sam", "sam@example.org", null)
                .earlier("TO-222222").build();

        String csv = InboxCsv.write(List.of(item));

        assertThat(csv).isEqualTo("storyId,reference,receivedAt,sharedAt,channel,topics,area,language,name,email,phone,"
                + "text,earlierStories,handling,assignee\r\n"
                + "2f1c9a0e-5b7d-4c3e-9f6a-8d2b1e0c7a54,TO-7QK4MZ,2026-03-12T14:05:00Z,2026-03-12T14:05:01Z,web,"
                + "health;transport,LE1,cy,Sam,sam@example.org,,\"The bus, \"\"the 48\"\", was late\r\nagain.\",TO-222222,new,\r\n");
    }

    @Test
    void aFileThatWouldBeTooLargeForALambdaAnswerStopsAtWholeRowsAndSaysSo() {
        String text = "Łódź bus stories, a long one. ".repeat(160);
        List<org.tellonce.core.feed.FeedItem> items = java.util.stream.IntStream.range(0, 2000)
                .mapToObj(i -> anItem().text(text + i).build()).toList();

        var response = InboxCsv.download("council", items).toApiGateway();

        int bytes = response.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(bytes).isLessThanOrEqualTo(InboxCsv.MAX_BYTES);
        assertThat(response.getHeaders()).containsEntry(InboxCsv.TRUNCATED_HEADER, "true");
        int rows = Integer.parseInt(response.getHeaders().get(InboxCsv.ROWS_HEADER));
        assertThat(rows).isBetween(100, 1999);
        assertThat(response.getBody()).endsWith("one. " + (rows - 1) + "\",,new,\r\n").doesNotContain("one. " + rows + "\"");
    }

    @Test
    void aPartThatStopsEarlySaysWhereTheNextStartsInItsHeadersAndALastLine() {
        InboxCsv.Writer writer = new InboxCsv.Writer(InboxCsv.MAX_BYTES);
        assertThat(writer.add(anItem().build())).isTrue();
        String next = "/partner/export.csv?topic=health&before=abc";

        var response = InboxCsv.download("council", writer.finish(java.util.Optional.of("The next part: " + next)),
                java.util.Optional.of(next)).toApiGateway();

        assertThat(response.getHeaders()).containsEntry(InboxCsv.TRUNCATED_HEADER, "true")
                .containsEntry(InboxCsv.ROWS_HEADER, "1").containsEntry("link", "<" + next + ">; rel=\"next\"");
        List<String> lines = response.getBody().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).isEqualTo("The next part: " + next + ",,,,,,,,,,,,,,");
    }

    @Test
    void aFileUnderTheLimitHasEveryStoryAndNoTruncationHeader() {
        var response = InboxCsv.download("council", List.of(anItem().build(), anItem().build())).toApiGateway();

        assertThat(response.getHeaders()).containsEntry(InboxCsv.ROWS_HEADER, "2").doesNotContainKey(InboxCsv.TRUNCATED_HEADER);
    }

    @Test
    void anAnonymousStoryHasNoContactColumnsFilled() {
        var item = anItem().area(null).text("x").build();
        assertThat(InboxCsv.write(List.of(item))).endsWith("\r\n2f1c9a0e-5b7d-4c3e-9f6a-8d2b1e0c7a54,TO-7QK4MZ,"
                + "2026-03-12T14:05:00Z,2026-03-12T14:05:01Z,web,health,,en,,,,x,,new,\r\n");
    }

    @Test
    void anIdentifiedPhoneNumberIsKeptAsTheResidentGaveIt() {
        var item = anItem().identified(null, null, "+447700900123").build();
        assertThat(InboxCsv.write(List.of(item))).contains(",en,,,+447700900123,");
    }

    @Test
    void textASpreadsheetWouldRunAsAFormulaStaysText() {
        assertThat(InboxCsv.safe("=HYPERLINK(\"http://evil\")")).isEqualTo("'=HYPERLINK(\"http://evil\")");
        assertThat(InboxCsv.safe("+44 call me")).isEqualTo("'+44 call me");
        assertThat(InboxCsv.safe("-1")).isEqualTo("'-1");
        assertThat(InboxCsv.safe("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(InboxCsv.safe("A plain story")).isEqualTo("A plain story");
    }
}
