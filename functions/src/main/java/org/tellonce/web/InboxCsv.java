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
    /**
     * Present ({@code true}) when stories were left out: to keep the file under {@link #MAX_BYTES}, or
     * because the file read as many positions of the feed as one file may ({@code Link} says where to go on).
     */
    public static final String TRUNCATED_HEADER = "x-tellonce-truncated";

    private InboxCsv() {
    }

    /** The CSV text, how many stories it holds, and whether some were left out (for size, or unread). */
    public record Csv(String text, int rows, boolean truncated) {
    }

    /** The partner's stories as a download that a browser saves rather than shows. */
    public static HttpResponse download(String partnerId, List<FeedItem> items) {
        return download(partnerId, write(items, MAX_BYTES), Optional.empty());
    }

    /**
     * A CSV already written (its rows logged) as the download; {@code next}: where the next part of a file
     * that stopped early starts, as a {@code Link} header ({@code rel="next"}) beside {@link #TRUNCATED_HEADER}.
     */
    public static HttpResponse download(String partnerId, Csv csv, Optional<String> next) {
        HttpResponse response = HttpResponse.text(200, MEDIA_TYPE, csv.text())
                .header("content-disposition", "attachment; filename=\"tellonce-" + partnerId + ".csv\"")
                .header("cache-control", "no-store")
                .header("x-content-type-options", "nosniff")
                .header(ROWS_HEADER, Integer.toString(csv.rows()));
        if (next.isPresent()) {
            response = response.header("link", "<" + next.get() + ">; rel=\"next\"");
        }
        return csv.truncated() || next.isPresent() ? response.header(TRUNCATED_HEADER, "true") : response;
    }

    public static String write(List<FeedItem> items) {
        return write(items, Integer.MAX_VALUE).text();
    }

    /** Whole rows, newest first as given, until the next row would pass {@code maxBytes} of UTF-8. */
    public static Csv write(List<FeedItem> items, int maxBytes) {
        Writer writer = new Writer(maxBytes);
        for (FeedItem item : items) {
            if (!writer.add(item)) {
                break;
            }
        }
        return writer.finish(Optional.empty());
    }

    /** A CSV written a row at a time: whole rows until the next would pass {@code maxBytes} of UTF-8. */
    public static final class Writer {
        private final StringBuilder out = new StringBuilder();
        private final int maxBytes;
        private long bytes;
        private int rows;
        private boolean full;

        public Writer(int maxBytes) {
            this.maxBytes = maxBytes;
            row(out, HEADER);
            bytes = utf8Length(out);
        }

        /** Adds the story's row. @return false, adding nothing, when the row would pass the size limit */
        public boolean add(FeedItem item) {
            if (full) {
                return false;
            }
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
                full = true;
                return false;
            }
            out.append(line);
            bytes += size;
            rows++;
            return true;
        }

        /**
         * The file; {@code note}: a last line for the person who opens it (where the rest is), in the
         * first column of an otherwise empty row, after the stories.
         */
        public Csv finish(Optional<String> note) {
            StringBuilder text = new StringBuilder(out);
            note.ifPresent(n -> {
                List<String> fields = new java.util.ArrayList<>(java.util.Collections.nCopies(HEADER.size(), ""));
                fields.set(0, safe(n));
                row(text, fields);
            });
            return new Csv(text.toString(), rows, full || note.isPresent());
        }
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
