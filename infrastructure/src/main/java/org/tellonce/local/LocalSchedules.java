package org.tellonce.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tellonce.http.Json;

/**
 * EventBridge schedules, locally: every function with a {@code Schedule} event in template.yaml is
 * invoked with a Scheduled Event at its {@code rate(...)} (a {@code cron(...)} once a day; or every
 * {@code TELLONCE_LOCAL_SCHEDULE_SECONDS} seconds when that is set), and at once on
 * {@code POST /_local/schedule/{FunctionId}}. That POST may carry {@code {"time":"2026-03-02T10:40:00Z"}}:
 * the event's time, as if the schedule ran then.
 */
final class LocalSchedules implements AutoCloseable {
    static final String PATH = "/_local/schedule/";
    static final String PERIOD_VARIABLE = "TELLONCE_LOCAL_SCHEDULE_SECONDS";
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaInvoker invoker;
    private final Map<String, Duration> periods = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "local-schedules");
        thread.setDaemon(true);
        return thread;
    });

    LocalSchedules(SamTemplate template, LambdaInvoker invoker, Optional<Duration> period) {
        this.invoker = invoker;
        for (SamTemplate.Function f : template.functions()) {
            for (SamTemplate.Event e : f.events()) {
                if ("Schedule".equals(e.type())) {
                    String schedule = String.valueOf(e.properties().get("Schedule"));
                    rate(schedule).or(() -> cron(schedule)).or(() -> period)
                            .ifPresent(rate -> periods.put(f.logicalId(), period.orElse(rate)));
                }
            }
        }
    }

    /** The period from the environment variable, if it is set to a whole number of seconds. */
    static Optional<Duration> periodFromEnvironment() {
        String seconds = System.getenv(PERIOD_VARIABLE);
        return seconds == null || !seconds.matches("[1-9][0-9]*") ? Optional.empty()
                : Optional.of(Duration.ofSeconds(Long.parseLong(seconds)));
    }

    static Optional<Duration> rate(String expression) {
        Matcher m = RATE.matcher(expression.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(m.group(2).startsWith("minute") ? Duration.ofMinutes(n)
                : m.group(2).startsWith("hour") ? Duration.ofHours(n) : Duration.ofDays(n));
    }

    /** A {@code cron(...)} schedule runs once a day here, counted from the start (POST runs it at once). */
    static Optional<Duration> cron(String expression) {
        return expression.strip().matches("cron\\(.+\\)") ? Optional.of(Duration.ofDays(1)) : Optional.empty();
    }

    /** The scheduled functions, by logical id. */
    Iterable<String> functions() {
        return periods.keySet();
    }

    void start() {
        periods.forEach((function, period) -> timer.scheduleAtFixedRate(() -> run(function, Instant.now()),
                period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** {@code POST /_local/schedule/{FunctionId}}: one run now, or at the body's {@code time}. */
    LocalApiServer.LocalReply route(String function, String method, byte[] body) {
        if (!"POST".equals(method)) {
            return new LocalApiServer.LocalReply(405, "application/json", Json.error("method", "POST to run it once"));
        }
        Optional<Instant> time = requestedTime(body);
        if (body.length > 0 && time.isEmpty()) {
            return new LocalApiServer.LocalReply(400, "application/json",
                    Json.error("bad_request", "Send nothing, or {\"time\":\"2026-03-02T10:40:00Z\"}"));
        }
        return new LocalApiServer.LocalReply(200, "application/json", run(function, time.orElseGet(Instant::now)));
    }

    private String run(String function, Instant at) {
        try {
            return invoker.invokeJson(function, event(function, at));
        } catch (RuntimeException e) {
            // As in AWS: a failed run is logged, and the next one tries again.
            System.err.println("local schedule " + function + " failed: " + e.getClass().getSimpleName());
            return Json.error("failed", e.getClass().getSimpleName());
        }
    }

    private static Optional<Instant> requestedTime(byte[] body) {
        try {
            JsonNode time = body.length == 0 ? null : JSON.readTree(body).path("time");
            return time == null || !time.isTextual() ? Optional.empty() : Optional.of(Instant.parse(time.asText()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A Scheduled Event as EventBridge sends it. */
    private static byte[] event(String function, Instant at) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", "000000000000");
        event.put("time", at.toString());
        event.put("region", "eu-west-2");
        event.putArray("resources").add("arn:aws:events:eu-west-2:000000000000:rule/local-" + function);
        event.putObject("detail");
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
