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
            "topics", "area", "language", "name", "email", "phone", "text", "earlierStories", "handling", "assignee");

    /**
     * A Lambda response carries at most 6 MB, and API Gateway's JSON envelope escapes every line break
     * and quote; the CSV stops at whole rows before this many bytes of UTF-8 and says so in headers.
     */
    public static final int MAX_BYTES = 3 * 1024 * 1024;
    /** How many stories the file holds. */
    public static final String ROWS_HEADER = "x-tellonce-rows";
    /** Present ({@code true}) when stories were left out to keep the file under {@link #MAX_BYTES}. */
    public static final String TRUNCATED_HEADER = "x-tellonce-truncated";

    private InboxCsv() {
    }

    /** The CSV text, how many stories it holds, and whether some were left out for size. */
    public record Csv(String text, int rows, boolean truncated) {
    }

    /** The partner's stories as a download that a browser saves rather than shows. */
    public static HttpResponse download(String partnerId, List<FeedItem> items) {
        return download(partnerId, write(items, MAX_BYTES));
    }

    /** A CSV already written (its rows logged) as the download. */
    public static HttpResponse download(String partnerId, Csv csv) {
        HttpResponse response = HttpResponse.text(200, MEDIA_TYPE, csv.text())
                .header("content-disposition", "attachment; filename=\"tellonce-" + partnerId + ".csv\"")
                .header("cache-control", "no-store")
                .header("x-content-type-options", "nosniff")
                .header(ROWS_HEADER, Integer.toString(csv.rows()));
        return csv.truncated() ? response.header(TRUNCATED_HEADER, "true") : response;
    }

    public static String write(List<FeedItem> items) {
        return write(items, Integer.MAX_VALUE).text();
    }

    /** Whole rows, newest first as given, until the next row would pass {@code maxBytes} of UTF-8. */
    public static Csv write(List<FeedItem> items, int maxBytes) {
        StringBuilder out = new StringBuilder();
        row(out, HEADER);
        long bytes = utf8Length(out);
        int rows = 0;
        for (FeedItem item : items) {
            StringBuilder line = new StringBuilder();
            Optional<FeedItem.ContactDetails> contact = item.contact();
            row(line, List.of(
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
                    String.join(" ", item.history().stream().map(h -> h.reference().value()).toList()),
                    item.work().handling().wire(),
                    safe(item.work().assignee().map(a -> a.name()).orElse(""))));
            long size = utf8Length(line);
            if (bytes + size > maxBytes) {
                return new Csv(out.toString(), rows, true);
            }
            out.append(line);
            bytes += size;
            rows++;
        }
        return new Csv(out.toString(), rows, false);
    }

    private static long utf8Length(CharSequence text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
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
