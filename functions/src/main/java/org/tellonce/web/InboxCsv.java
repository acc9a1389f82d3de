package org.tellonce.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A partner's stories as CSV (RFC 4180): a header row, CRLF line ends, fields quoted when they hold
 * a comma, quote or line break, quotes doubled. Free text that a spreadsheet would take for a
 * formula (starting with = + - @, tab or CR) is prefixed with an apostrophe.
 */
public final class InboxCsv {
    public static final String MEDIA_TYPE = "text/csv; charset=utf-8; header=present";
    private static final List<String> HEADER = List.of("storyId", "reference", "receivedAt", "sharedAt", "channel",
            "topics", "area", "language", "name", "email", "phone", "text", "earlierStories");

    private InboxCsv() {
    }

    public static String write(List<? extends JsonNode> items) {
        StringBuilder out = new StringBuilder();
        row(out, HEADER);
        for (JsonNode item : items) {
            List<String> topics = new ArrayList<>();
            item.path("topics").forEach(t -> topics.add(t.asText()));
            List<String> earlier = new ArrayList<>();
            item.path("history").forEach(h -> earlier.add(h.path("reference").asText()));
            JsonNode contact = item.path("contact");
            row(out, List.of(
                    item.path("storyId").asText(),
                    item.path("reference").asText(),
                    item.path("receivedAt").asText(),
                    item.path("sharedAt").asText(),
                    item.path("channel").asText(),
                    String.join(";", topics),
                    safe(text(item, "area")),
                    safe(text(item, "language")),
                    safe(text(contact, "name")),
                    safe(text(contact, "email")),
                    text(contact, "phone"),
                    safe(text(item, "text")),
                    String.join(" ", earlier)));
        }
        return out.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    /** Keeps a spreadsheet from running a cell as a formula. */
    static String safe(String value) {
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return "'" + value;
        }
        return value;
    }

    private static void row(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
