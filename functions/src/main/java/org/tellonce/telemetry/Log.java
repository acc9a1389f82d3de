package org.tellonce.telemetry;

import org.tellonce.http.Json;

/**
 * One JSON line per event on standard error (CloudWatch in AWS). Callers pass only identifiers
 * and outcomes: never story text, names, contact details, tokens or keys.
 */
public final class Log {
    private Log() {
    }

    public static void info(Class<?> source, String requestId, String event, String detail) {
        write("INFO", source, requestId, event, detail);
    }

    public static void warn(Class<?> source, String requestId, String event, String detail) {
        write("WARN", source, requestId, event, detail);
    }

    public static void error(Class<?> source, String requestId, String event, String detail) {
        write("ERROR", source, requestId, event, detail);
    }

    /** An exception as a log detail: its class and, for AWS errors, the error code. Never its message. */
    public static String describe(Throwable e) {
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws
                && aws.awsErrorDetails() != null) {
            return e.getClass().getSimpleName() + ":" + aws.awsErrorDetails().errorCode();
        }
        return e.getClass().getName();
    }

    private static void write(String level, Class<?> source, String requestId, String event, String detail) {
        var node = Json.object();
        node.put("level", level);
        node.put("function", source.getSimpleName());
        node.put("requestId", requestId);
        node.put("event", event);
        if (detail != null) {
            node.put("detail", detail);
        }
        System.err.println(Json.write(node));
    }
}
