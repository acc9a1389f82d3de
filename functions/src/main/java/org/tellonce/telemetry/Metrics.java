package org.tellonce.telemetry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tellonce.http.Json;

/**
 * CloudWatch metrics in the Embedded Metric Format: one JSON log line per data point, turned into
 * metrics by CloudWatch Logs without an API call. Dimensions are low-cardinality labels only
 * (channel, reason, outcome), never anything about a person.
 */
public final class Metrics {
    public static final String NAMESPACE = "TellOnce";
    /** Writes nothing. */
    public static final Metrics OFF = new Metrics(false);

    private final boolean enabled;
    private final String stack;
    private final ThreadLocal<Boolean> quiet = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** @param enabled write the lines (in Lambda: {@code Config.emf()}); on a developer's console they are noise */
    public Metrics(boolean enabled) {
        this(enabled, "local");
    }

    /** @param stack the CloudFormation stack, the dimension one alarm watches over all its functions */
    public Metrics(boolean enabled, String stack) {
        this.enabled = enabled;
        this.stack = stack;
    }

    /** Counts {@code value} of {@code metric}, with one optional dimension (name, value). */
    public void count(Class<?> source, String metric, long value, String dimension, String dimensionValue) {
        if (enabled && !quiet.get()) {
            System.out.println(Json.write(line(source, metric, value, dimension, dimensionValue)));
        }
    }

    /**
     * Runs {@code work} with nothing counted on this thread: SnapStart's warm-up requests, so a snapshot
     * never shows up as traffic.
     */
    public void quietly(Runnable work) {
        boolean before = quiet.get();
        quiet.set(Boolean.TRUE);
        try {
            work.run();
        } finally {
            quiet.set(before);
        }
    }

    /** The EMF line for one data point. */
    static ObjectNode line(Class<?> source, String metric, long value, String dimension, String dimensionValue) {
        ObjectNode line = Json.object();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensions = directive.putArray("Dimensions").addArray();
        dimensions.add("Function");
        line.put("Function", source.getSimpleName());
        if (dimension != null) {
            dimensions.add(dimension);
            line.put(dimension, dimensionValue);
        }
        directive.putArray("Metrics").addObject().put("Name", metric).put("Unit", "Count");
        line.put(metric, value);
        return line;
    }

    public void count(Class<?> source, String metric, long value) {
        count(source, metric, value, null, null);
    }

    /**
     * A figure of the whole stack (such as the oldest story waiting for a moderator), by function and by
     * stack, so an alarm of the stack watches it.
     */
    public void stackFigure(Class<?> source, String metric, long value) {
        if (enabled && !quiet.get()) {
            System.out.println(Json.write(stackFigureLine(source, metric, value, stack)));
        }
    }

    static ObjectNode stackFigureLine(Class<?> source, String metric, long value, String stack) {
        ObjectNode line = line(source, metric, value, null, null);
        ((ArrayNode) line.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions")).addArray().add("Stack");
        line.put("Stack", stack);
        return line;
    }

    /** The metric an unexpected error (a 500) counts in, per function and over all functions (one alarm watches it). */
    public static final String UNEXPECTED_ERRORS = "UnexpectedErrors";

    /** Counts one unexpected error, by function and by stack, so one alarm sees every function's. */
    public void unexpectedError(Class<?> source) {
        if (enabled && !quiet.get()) {
            System.out.println(Json.write(unexpectedErrorLine(source, stack)));
        }
    }

    static ObjectNode unexpectedErrorLine(Class<?> source, String stack) {
        ObjectNode line = line(source, UNEXPECTED_ERRORS, 1, null, null);
        ((ArrayNode) line.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions")).addArray().add("Stack");
        line.put("Stack", stack);
        return line;
    }

    /**
     * Records one data point of {@code metric} in {@code unit} (a CloudWatch unit: "Count", "None", ...),
     * by function and by stack, so one alarm or graph sees every function's; {@code dimension} (may be
     * null) is added to both. For figures several functions count, such as stories held for moderators.
     */
    public void stackWide(Class<?> source, String metric, double value, String unit, String dimension,
                          String dimensionValue) {
        if (enabled && !quiet.get()) {
            System.out.println(Json.write(stackWideLine(source, stack, metric, value, unit, dimension, dimensionValue)));
        }
    }

    static ObjectNode stackWideLine(Class<?> source, String stack, String metric, double value, String unit,
                                    String dimension, String dimensionValue) {
        ObjectNode line = Json.object();
        ObjectNode aws = line.putObject("_aws");
        aws.put("Timestamp", System.currentTimeMillis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensions = directive.putArray("Dimensions");
        ArrayNode byFunction = dimensions.addArray().add("Function");
        ArrayNode byStack = dimensions.addArray().add("Stack");
        line.put("Function", source.getSimpleName());
        line.put("Stack", stack);
        if (dimension != null) {
            byFunction.add(dimension);
            byStack.add(dimension);
            line.put(dimension, dimensionValue);
        }
        directive.putArray("Metrics").addObject().put("Name", metric).put("Unit", unit);
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            line.put(metric, (long) value);
        } else {
            line.put(metric, value);
        }
        return line;
    }
}
