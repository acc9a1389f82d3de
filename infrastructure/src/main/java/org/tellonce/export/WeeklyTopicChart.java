package org.tellonce.export;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.TexturePaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.tellonce.export.PartnershipFigures.WeekTopicCount;

/**
 * Stories by topic per ISO week as stacked bars, one colour per topic, with a legend. The chart is
 * laid out once as a handful of shapes and drawn either as accessible SVG (a title, a description
 * that states the totals, real text, a tooltip per bar segment) or as PNG through Java2D.
 */
public final class WeeklyTopicChart {
    /** Okabe and Ito's palette: told apart with the common kinds of colour blindness. */
    static final List<String> PALETTE = List.of("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
            "#CC79A7", "#000000");
    static final String NONE_COLOUR = "#999999";
    private static final String TEXT_COLOUR = "#222222";
    private static final String AXIS_COLOUR = "#333333";
    private static final String GRID_COLOUR = "#DDDDDD";
    private static final String FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif";
    private static final int HATCH = 8;

    /** A topic's fill; past the palette's eight colours they repeat with white hatching. */
    record Fill(String colour, boolean hatched) {
    }

    sealed interface Shape permits Box, Line, Label {
    }

    record Box(double x, double y, double w, double h, Fill fill, String tooltip) implements Shape {
    }

    record Line(double x1, double y1, double x2, double y2, String colour) implements Shape {
    }

    enum Anchor { START, MIDDLE, END }

    record Label(double x, double y, String text, int size, Anchor anchor, boolean bold, boolean vertical)
            implements Shape {
    }

    private final String title;
    private final String description;
    private final List<String> topics;
    private final int width;
    private final int height;
    private final List<Shape> shapes;

    private WeeklyTopicChart(String title, String description, List<String> topics, int width, int height,
                             List<Shape> shapes) {
        this.title = title;
        this.description = description;
        this.topics = List.copyOf(topics);
        this.width = width;
        this.height = height;
        this.shapes = List.copyOf(shapes);
    }

    /** Counts that {@code small} hides are left out of the bars (and the description says so). */
    public static WeeklyTopicChart of(PartnershipFigures figures, SmallNumbers small) {
        List<WeekTopicCount> all = figures.weeklyTopics();
        List<String> weeks = everyWeekBetween(all.stream().map(WeekTopicCount::week).collect(Collectors.toCollection(TreeSet::new)));
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        TreeSet<String> topicSet = new TreeSet<>();
        for (WeekTopicCount c : all) {
            if (!small.hides(c.stories())) {
                counts.computeIfAbsent(c.week(), w -> new LinkedHashMap<>()).put(c.topic(), c.stories());
                topicSet.add(c.topic());
            }
        }
        List<String> topics = new ArrayList<>(topicSet);
        // "(none)" (no topic, or erased) goes last, in grey: the base of every bar.
        if (topics.remove(PartnershipFigures.NONE)) {
            topics.add(PartnershipFigures.NONE);
        }
        String title = "Stories by topic, per week " + figures.period();
        return new Layout(title, weeks, topics, counts).build(description(figures, weeks, topics, counts, small));
    }

    /**
     * Each partner's on-time response rate against the response clock (SPEC section 13) as one horizontal
     * bar from 0 to 100 %, labelled with the rate, the median days to a first response and how many stories
     * were counted. A partner with fewer counted stories than {@code small} shows is left out.
     */
    public static WeeklyTopicChart responseClock(PartnershipFigures figures, SmallNumbers small) {
        List<PartnershipFigures.ResponseClock> rows = figures.responseClock().stream()
                .filter(r -> r.onTimeRate().isPresent() && !small.hides(r.counted())).toList();
        int left = 220;
        int barWidth = 460;
        int rowHeight = 34;
        int top = 60;
        int width = left + barWidth + 260;
        int height = top + Math.max(1, rows.size()) * rowHeight + 50;
        String title = "Replies within " + figures.responseTarget().toDays() + " days, per partner " + figures.period();
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Label(20, 30, title, 16, Anchor.START, true, false));
        for (int percent = 0; percent <= 100; percent += 25) {
            double x = left + barWidth * percent / 100.0;
            shapes.add(new Line(x, top - 6, x, top + rows.size() * rowHeight, GRID_COLOUR));
            shapes.add(new Label(x, top + rows.size() * rowHeight + 18, percent + " %", 11, Anchor.MIDDLE, false, false));
        }
        StringBuilder description = new StringBuilder("Share of stories each partner answered within the target.");
        for (int i = 0; i < rows.size(); i++) {
            PartnershipFigures.ResponseClock row = rows.get(i);
            double rate = row.onTimeRate().orElseThrow().doubleValue();
            double y = top + i * rowHeight;
            String name = row.partnerName().isEmpty() ? row.partnerId() : row.partnerName();
            String median = row.medianDaysToFirstResponse().map(d -> "median " + d.toPlainString() + " days")
                    .orElse("no reply yet");
            String words = row.onTimeRate().get().toPlainString() + " % on time, " + median + ", " + row.counted()
                    + " stories";
            shapes.add(new Label(left - 10, y + 20, name, 12, Anchor.END, false, false));
            shapes.add(new Box(left, y + 6, barWidth * rate / 100.0, rowHeight - 12, new Fill(PALETTE.get(4), false),
                    name + ": " + words));
            shapes.add(new Label(left + barWidth * rate / 100.0 + 8, y + 20, words, 11, Anchor.START, false, false));
            description.append(' ').append(name).append(": ").append(words).append('.');
        }
        if (rows.isEmpty()) {
            shapes.add(new Label(left, top + 20, "No stories whose target has passed yet.", 12, Anchor.START, false,
                    false));
            description.append(" No stories whose target has passed yet.");
        }
        shapes.add(new Line(left, top - 6, left, top + rows.size() * rowHeight, AXIS_COLOUR));
        return new WeeklyTopicChart(title, description.toString(), List.of(), width, height, shapes);
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** The legend's entries, top to bottom, in the same order as the segments of each bar. */
    public List<String> topics() {
        return topics;
    }

    public String svg() {
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" font-family=\"")
                .append(FONT_FAMILY).append("\">\n");
        svg.append("<title id=\"chart-title\">").append(xml(title)).append("</title>\n");
        svg.append("<desc id=\"chart-desc\">").append(xml(description)).append("</desc>\n");
        svg.append("<defs>\n");
        for (String colour : PALETTE) {
            svg.append("<pattern id=\"").append(patternId(colour)).append("\" width=\"").append(HATCH)
                    .append("\" height=\"").append(HATCH).append("\" patternUnits=\"userSpaceOnUse\">")
                    .append("<rect width=\"").append(HATCH).append("\" height=\"").append(HATCH).append("\" fill=\"")
                    .append(colour).append("\"/><path d=\"M0,8 L8,0 M-4,4 L4,-4 M4,12 L12,4\" stroke=\"#FFFFFF\" "
                            + "stroke-width=\"2\"/></pattern>\n");
        }
        svg.append("</defs>\n");
        svg.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"#FFFFFF\"/>\n");
        for (Shape shape : shapes) {
            if (shape instanceof Box b) {
                svg.append("<rect x=\"").append(num(b.x())).append("\" y=\"").append(num(b.y()))
                        .append("\" width=\"").append(num(b.w())).append("\" height=\"").append(num(b.h()))
                        .append("\" fill=\"").append(b.fill().hatched() ? "url(#" + patternId(b.fill().colour()) + ")"
                                : b.fill().colour()).append("\" stroke=\"#FFFFFF\" stroke-width=\"0.5\"");
                if (b.tooltip().isEmpty()) {
                    svg.append("/>\n");
                } else {
                    svg.append("><title>").append(xml(b.tooltip())).append("</title></rect>\n");
                }
            } else if (shape instanceof Line l) {
                svg.append("<line x1=\"").append(num(l.x1())).append("\" y1=\"").append(num(l.y1()))
                        .append("\" x2=\"").append(num(l.x2())).append("\" y2=\"").append(num(l.y2()))
                        .append("\" stroke=\"").append(l.colour()).append("\" stroke-width=\"1\"/>\n");
            } else if (shape instanceof Label t) {
                svg.append("<text x=\"").append(num(t.x())).append("\" y=\"").append(num(t.y()))
                        .append("\" font-size=\"").append(t.size()).append("\" fill=\"").append(TEXT_COLOUR)
                        .append("\" text-anchor=\"").append(t.anchor().name().toLowerCase(Locale.ROOT)).append('"');
                if (t.bold()) {
                    svg.append(" font-weight=\"bold\"");
                }
                if (t.vertical()) {
                    svg.append(" transform=\"rotate(-90 ").append(num(t.x())).append(' ').append(num(t.y())).append(")\"");
                }
                svg.append('>').append(xml(t.text())).append("</text>\n");
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The same chart through Java2D; needs no display ({@code java.awt.headless}). */
    public byte[] png() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            for (Shape shape : shapes) {
                if (shape instanceof Box b) {
                    Rectangle2D rect = new Rectangle2D.Double(b.x(), b.y(), b.w(), b.h());
                    g.setPaint(paint(b.fill()));
                    g.fill(rect);
                    g.setColor(Color.WHITE);
                    g.setStroke(new BasicStroke(0.5f));
                    g.draw(rect);
                } else if (shape instanceof Line l) {
                    g.setColor(Color.decode(l.colour()));
                    g.setStroke(new BasicStroke(1f));
                    g.draw(new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
                } else if (shape instanceof Label t) {
                    g.setColor(Color.decode(TEXT_COLOUR));
                    g.setFont(new Font(Font.SANS_SERIF, t.bold() ? Font.BOLD : Font.PLAIN, t.size()));
                    FontMetrics metrics = g.getFontMetrics();
                    double shift = switch (t.anchor()) {
                        case START -> 0;
                        case MIDDLE -> metrics.stringWidth(t.text()) / 2.0;
                        case END -> metrics.stringWidth(t.text());
                    };
                    AffineTransform saved = g.getTransform();
                    if (t.vertical()) {
                        g.rotate(-Math.PI / 2, t.x(), t.y());
                    }
                    g.drawString(t.text(), (float) (t.x() - shift), (float) t.y());
                    g.setTransform(saved);
                }
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Where the bars, axes and legend go; shared by both renderings. */
    private record Layout(String title, List<String> weeks, List<String> topics,
                          Map<String, Map<String, Long>> counts) {
        static final double LEFT = 64;
        static final double TOP = 56;
        static final double BOTTOM = 64;
        static final double ROW = 22;

        WeeklyTopicChart build(String description) {
            double plotHeight = Math.max(300, topics.size() * ROW + 24);
            double plotWidth = Math.max(480, weeks.size() * 22.0);
            double slot = weeks.isEmpty() ? plotWidth : plotWidth / weeks.size();
            double legendX = LEFT + plotWidth + 24;
            int longest = topics.stream().mapToInt(String::length).max().orElse(0);
            int width = (int) Math.ceil(legendX + Math.max(120, 22 + longest * 7.5) + 16);
            int height = (int) Math.ceil(TOP + plotHeight + BOTTOM);
            double base = TOP + plotHeight;

            long highest = counts.values().stream().mapToLong(m -> m.values().stream().mapToLong(Long::longValue).sum())
                    .max().orElse(0);
            long step = niceStep(highest);
            long yMax = Math.max(step, (highest + step - 1) / step * step);

            List<Shape> shapes = new ArrayList<>();
            shapes.add(new Label(LEFT, 32, title, 18, Anchor.START, true, false));
            for (long v = 0; v <= yMax; v += step) {
                double y = base - plotHeight * v / yMax;
                shapes.add(new Line(LEFT, y, LEFT + plotWidth, y, GRID_COLOUR));
                shapes.add(new Label(LEFT - 8, y + 4, Long.toString(v), 12, Anchor.END, false, false));
            }
            for (int i = 0; i < weeks.size(); i++) {
                double x = LEFT + i * slot + slot * 0.15;
                double y = base;
                Map<String, Long> week = counts.getOrDefault(weeks.get(i), Map.of());
                // Stacked from the last topic up, so each bar reads top to bottom like the legend.
                for (int j = topics.size() - 1; j >= 0; j--) {
                    long n = week.getOrDefault(topics.get(j), 0L);
                    if (n > 0) {
                        double h = plotHeight * n / yMax;
                        y -= h;
                        shapes.add(new Box(x, y, slot * 0.7, h, fill(j, topics.get(j)),
                                weeks.get(i) + ", " + topics.get(j) + ": " + n));
                    }
                }
            }
            shapes.add(new Line(LEFT, TOP, LEFT, base, AXIS_COLOUR));
            shapes.add(new Line(LEFT, base, LEFT + plotWidth, base, AXIS_COLOUR));
            int every = (int) Math.max(1, Math.ceil(("2026-W47".length() * 6.6 + 10) / slot));
            for (int i = 0; i < weeks.size(); i += every) {
                shapes.add(new Label(LEFT + i * slot + slot / 2, base + 18, weeks.get(i), 11, Anchor.MIDDLE, false, false));
            }
            if (weeks.isEmpty()) {
                shapes.add(new Label(LEFT + plotWidth / 2, TOP + plotHeight / 2, "No stories in this period", 14,
                        Anchor.MIDDLE, false, false));
            }
            shapes.add(new Label(LEFT + plotWidth / 2, base + 48, "ISO week (UTC)", 13, Anchor.MIDDLE, false, false));
            shapes.add(new Label(20, TOP + plotHeight / 2, "Stories (counted once per topic)", 13, Anchor.MIDDLE,
                    false, true));
            shapes.add(new Label(legendX, TOP + 4, "Topic", 13, Anchor.START, true, false));
            for (int j = 0; j < topics.size(); j++) {
                double y = TOP + 16 + j * ROW;
                shapes.add(new Box(legendX, y, 14, 14, fill(j, topics.get(j)), ""));
                shapes.add(new Label(legendX + 22, y + 12, topics.get(j), 12, Anchor.START, false, false));
            }
            return new WeeklyTopicChart(title, description, topics, width, height, shapes);
        }
    }

    private static String description(PartnershipFigures figures, List<String> weeks, List<String> topics,
                                      Map<String, Map<String, Long>> counts, SmallNumbers small) {
        StringBuilder d = new StringBuilder();
        if (weeks.isEmpty()) {
            d.append("No stories were received ").append(figures.period()).append('.');
        } else {
            d.append("Stacked bar chart of stories received per ISO week (UTC) from ").append(weeks.get(0))
                    .append(" to ").append(weeks.get(weeks.size() - 1))
                    .append(", one colour per topic; a story about several topics counts once for each, "
                            + "and (none) means no topic or an erased story.");
            Map<String, Long> totals = new LinkedHashMap<>();
            topics.forEach(t -> totals.put(t, 0L));
            counts.values().forEach(m -> m.forEach((t, n) -> totals.merge(t, n, Long::sum)));
            if (!totals.isEmpty()) {
                d.append(" Totals by topic: ").append(totals.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append('.');
            }
        }
        if (small.below() > 0) {
            d.append(" Counts below ").append(small.below()).append(" in a week are not shown.");
        }
        return d.toString();
    }

    /** Every ISO week from the first to the last given, so quiet weeks show as gaps. */
    static List<String> everyWeekBetween(TreeSet<String> weeks) {
        List<String> out = new ArrayList<>();
        if (weeks.isEmpty()) {
            return out;
        }
        LocalDate monday = LocalDate.parse(weeks.first() + "-1", DateTimeFormatter.ISO_WEEK_DATE);
        LocalDate last = LocalDate.parse(weeks.last() + "-1", DateTimeFormatter.ISO_WEEK_DATE);
        for (LocalDate d = monday; !d.isAfter(last); d = d.plusWeeks(1)) {
            out.add(PartnershipFigures.isoWeek(d));
        }
        return out;
    }

    /** 1, 2 or 5 times a power of ten, giving about five gridlines. */
    static long niceStep(long highest) {
        long rough = Math.max(1, (long) Math.ceil(highest / 5.0));
        for (long magnitude = 1; ; magnitude *= 10) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * magnitude >= rough) {
                    return m * magnitude;
                }
            }
        }
    }

    private static Fill fill(int index, String topic) {
        if (PartnershipFigures.NONE.equals(topic)) {
            return new Fill(NONE_COLOUR, false);
        }
        return new Fill(PALETTE.get(index % PALETTE.size()), (index / PALETTE.size()) % 2 == 1);
    }

    private static Paint paint(Fill fill) {
        Color colour = Color.decode(fill.colour());
        if (!fill.hatched()) {
            return colour;
        }
        BufferedImage tile = new BufferedImage(HATCH, HATCH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tile.createGraphics();
        try {
            g.setColor(colour);
            g.fillRect(0, 0, HATCH, HATCH);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(2f));
            Path2D.Double hatch = new Path2D.Double();
            hatch.moveTo(0, 8);
            hatch.lineTo(8, 0);
            hatch.moveTo(-4, 4);
            hatch.lineTo(4, -4);
            hatch.moveTo(4, 12);
            hatch.lineTo(12, 4);
            g.draw(hatch);
        } finally {
            g.dispose();
        }
        return new TexturePaint(tile, new Rectangle2D.Double(0, 0, HATCH, HATCH));
    }

    private static String patternId(String colour) {
        return "hatch-" + colour.substring(1);
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
