package org.tellonce.web;

import java.util.List;
import java.util.Optional;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.http.HttpResponse;

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

    /** The partner's stories as a download that a browser saves rather than shows. */
    public static HttpResponse download(String partnerId, List<FeedItem> items) {
        return HttpResponse.text(200, MEDIA_TYPE, write(items))
                .header("content-disposition", "attachment; filename=\"tellonce-" + partnerId + ".csv\"")
                .header("cache-control", "no-store")
                .header("x-content-type-options", "nosniff");
    }

    public static String write(List<FeedItem> items) {
        StringBuilder out = new StringBuilder();
        row(out, HEADER);
        for (FeedItem item : items) {
            Optional<FeedItem.ContactDetails> contact = item.contact();
            row(out, List.of(
                    item.storyId(),
                    item.reference().value(),
                    item.receivedAt().toString(),
                    item.sharedAt().toString(),
                    item.channel().wire(),
                    String.join(";", item.topics()),
                    safe(item.area().orElse("")),
                    safe(item.language()),
                    safe(contact.flatMap(FeedItem.ContactDetails::name).orElse("")),
                    safe(contact.flatMap(FeedItem.ContactDetails::email).orElse("")),
                    contact.flatMap(FeedItem.ContactDetails::phone).orElse(""),
                    safe(item.text()),
                    String.join(" ", item.history().stream().map(h -> h.reference().value()).toList())));
        }
        return out.toString();
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
