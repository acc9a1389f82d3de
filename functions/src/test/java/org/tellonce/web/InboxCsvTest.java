package org.tellonce.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tellonce.http.Json;

public class InboxCsvTest {

    @Test
    void storiesBecomeRfc4180RowsWithAHeader() {
        ObjectNode item = Json.object();
        item.put("storyId", "2f1c9a0e-5b7d-4c3e-9f6a-8d2b1e0c7a54");
        item.put("reference", "TO-7QK4MZ");
        item.put("receivedAt", "2026-03-12T14:05:00Z");
        item.put("sharedAt", "2026-03-12T14:05:01Z");
        item.put("channel", "web");
        item.putArray("topics").add("health").add("transport");
        item.put("area", "LE1");
        item.put("language", "cy");
        item.put("text", "The bus, \"the 48\", was late\r\nagain.");
        item.putObject("contact").put("name", "Sam").put("email", "sam@example.org").putNull("phone");
        item.putArray("history").addObject().put("reference", "TO-222222");

        String csv = InboxCsv.write(List.of(item));

        assertThat(csv).isEqualTo("storyId,reference,receivedAt,sharedAt,channel,topics,area,language,name,email,phone,"
                + "text,earlierStories\r\n"
                + "2f1c9a0e-5b7d-4c3e-9f6a-8d2b1e0c7a54,TO-7QK4MZ,2026-03-12T14:05:00Z,2026-03-12T14:05:01Z,web,"
                + "health;transport,LE1,cy,Sam,sam@example.org,,\"The bus, \"\"the 48\"\", was late\r\nagain.\",TO-222222\r\n");
    }

    @Test
    void anAnonymousStoryHasNoContactColumnsFilled() {
        ObjectNode item = Json.object();
        item.put("storyId", "id").put("reference", "TO-7QK4MZ").put("text", "x");
        item.putNull("contact");
        assertThat(InboxCsv.write(List.of(item))).endsWith("\r\nid,TO-7QK4MZ,,,,,,,,,,x,\r\n");
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
