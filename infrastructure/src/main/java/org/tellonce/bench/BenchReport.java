package org.tellonce.bench;

import java.util.ArrayList;
import java.util.List;

/** The benchmark's table: one row per measurement, printable as text or Markdown. */
public final class BenchReport {
    public enum Result {
        PASS("pass"), MISS("MISS"), INFO("info"), SKIPPED("skipped");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public record Row(String metric, String value, String baseline, String ratio, String target, Result result) {
    }

    private final List<String> header = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public void header(String line) {
        header.add(line);
    }

    public void add(Row row) {
        rows.add(row);
    }

    public void note(String note) {
        notes.add(note);
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public List<String> headerLines() {
        return List.copyOf(header);
    }

    public String text() {
        String[] titles = {"metric", "value", "baseline", "ratio", "target", "result"};
        int[] width = new int[titles.length];
        for (int i = 0; i < titles.length; i++) {
            width[i] = titles[i].length();
        }
        for (Row r : rows) {
            String[] cells = cells(r);
            for (int i = 0; i < cells.length; i++) {
                width[i] = Math.max(width[i], cells[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        header.forEach(h -> out.append(h).append('\n'));
        if (!header.isEmpty()) {
            out.append('\n');
        }
        appendLine(out, titles, width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            rule.append("-".repeat(width[i])).append(i < width.length - 1 ? "  " : "");
        }
        out.append(rule).append('\n');
        for (Row r : rows) {
            appendLine(out, cells(r), width);
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("* ").append(n).append('\n'));
        }
        return out.toString();
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        header.forEach(h -> out.append(h).append("  \n"));
        if (!header.isEmpty()) {
            out.append('\n');
        }
        out.append("| metric | value | baseline | ratio | target | result |\n");
        out.append("|---|---:|---:|---:|---|---|\n");
        for (Row r : rows) {
            String[] c = cells(r);
            out.append("| ");
            for (int i = 0; i < c.length; i++) {
                out.append(c[i].replace("|", "\\|")).append(i < c.length - 1 ? " | " : " |\n");
            }
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    private static String[] cells(Row r) {
        return new String[] {r.metric(), r.value(), r.baseline(), r.ratio(), r.target(), r.result().label()};
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            out.append(last ? cells[i] : pad(cells[i], width[i])).append(last ? "" : "  ");
        }
        out.append('\n');
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
