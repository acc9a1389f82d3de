package org.tellonce.telemetry;

import org.tellonce.http.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tellonce.config.Env;
import org.tellonce.config.EnvNames;

/**
 * CloudWatch metrics in the Embedded Metric Format: one JSON log line per data point, turned into
 * metrics by CloudWatch Logs without an API call. Dimensions are low-cardinality labels only
 * (channel, reason, outcome), never anything about a person.
 */
public final class Metrics {
    public static final String NAMESPACE = "TellOnce";
    /** In Lambda (or when asked for, TELLONCE_EMF=1) the lines go to the log; on a developer's console they are noise. */
    private static final boolean IN_LAMBDA = System.getenv(EnvNames.AWS_LAMBDA_FUNCTION_NAME) != null;

    private Metrics() {
    }

    /** Counts {@code value} of {@code metric}, with one optional dimension (name, value). */
    public static void count(Class<?> source, String metric, long value, String dimension, String dimensionValue) {
        if (IN_LAMBDA || "1".equals(Env.get(EnvNames.TELLONCE_EMF).orElse(null))) {
            System.out.println(Json.write(line(source, metric, value, dimension, dimensionValue)));
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

    public static void count(Class<?> source, String metric, long value) {
        count(source, metric, value, null, null);
    }

    /** The metric an unexpected error (a 500) counts in, per function and over all functions (one alarm watches it). */
    public static final String UNEXPECTED_ERRORS = "UnexpectedErrors";

    /** Counts one unexpected error, by function and by stack, so one alarm sees every function's. */
    public static void unexpectedError(Class<?> source) {
        if (IN_LAMBDA || "1".equals(Env.get(EnvNames.TELLONCE_EMF).orElse(null))) {
            System.out.println(Json.write(unexpectedErrorLine(source, Env.get(EnvNames.STACK_NAME).orElse("local"))));
        }
    }

    static ObjectNode unexpectedErrorLine(Class<?> source, String stack) {
        ObjectNode line = line(source, UNEXPECTED_ERRORS, 1, null, null);
        ((ArrayNode) line.get("_aws").get("CloudWatchMetrics").get(0).get("Dimensions")).addArray().add("Stack");
        line.put("Stack", stack);
        return line;
    }
}
