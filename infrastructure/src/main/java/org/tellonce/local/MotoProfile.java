package org.tellonce.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where moto's time went, by action: what TellOnce's {@code sitecustomize.py} writes when moto runs with
 * {@code TELLONCE_MOTO_PROFILE} (set from {@link MotoServer#PROFILE_PROPERTY}). moto serves one DynamoDB
 * request at a time, so the time an action <em>held</em> moto is time every other request waited.
 */
public record MotoProfile(Map<String, Action> actions) {
    /** Totals of one action (GetRecords, TransactWriteItems, …) since moto started. */
    public record Action(long count, double heldSeconds, double waitedSeconds, long bytes) {
        Action minus(Action before) {
            return new Action(count - before.count, heldSeconds - before.heldSeconds,
                    waitedSeconds - before.waitedSeconds, bytes - before.bytes);
        }
    }

    public static final MotoProfile EMPTY = new MotoProfile(Map.of());

    /** The profile as moto last wrote it (every 250 ms); empty when there is none. */
    public static MotoProfile read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return EMPTY;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(file));
            Map<String, Action> actions = new LinkedHashMap<>();
            root.fields().forEachRemaining(e -> actions.put(e.getKey(), new Action(e.getValue().path("count").asLong(),
                    e.getValue().path("heldSeconds").asDouble(), e.getValue().path("waitedSeconds").asDouble(),
                    e.getValue().path("bytes").asLong())));
            return new MotoProfile(Map.copyOf(actions));
        } catch (IOException | RuntimeException e) {
            return EMPTY;
        }
    }

    /** What happened between {@code before} and this one. */
    public MotoProfile minus(MotoProfile before) {
        Map<String, Action> out = new LinkedHashMap<>();
        actions.forEach((name, now) -> {
            Action was = before.actions.getOrDefault(name, new Action(0, 0, 0, 0));
            Action diff = now.minus(was);
            if (diff.count > 0) {
                out.put(name, diff);
            }
        });
        return new MotoProfile(Map.copyOf(out));
    }

    public double heldSeconds() {
        return actions.values().stream().mapToDouble(Action::heldSeconds).sum();
    }

    public long count() {
        return actions.values().stream().mapToLong(Action::count).sum();
    }

    /**
     * Per unit of work ({@code per} stories, say): "moto busy 412 ms (57 requests): GetRecords 210 ms (12
     * requests, 96 KB), …", the largest first.
     */
    public String describe(int per, String unit) {
        if (actions.isEmpty()) {
            return "no profile (moto did not write one)";
        }
        int n = Math.max(1, per);
        List<Map.Entry<String, Action>> rows = new ArrayList<>(actions.entrySet());
        rows.sort(Comparator.comparingDouble((Map.Entry<String, Action> e) -> e.getValue().heldSeconds()).reversed());
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "moto busy %.0f ms per %s (%.1f requests)",
                heldSeconds() * 1000 / n, unit, (double) count() / n));
        String separator = ": ";
        for (Map.Entry<String, Action> e : rows) {
            Action a = e.getValue();
            out.append(separator).append(String.format(Locale.ROOT, "%s %.0f ms (%.1f requests, %.0f KB answered)",
                    e.getKey(), a.heldSeconds() * 1000 / n, (double) a.count() / n, a.bytes() / 1024.0 / n));
            separator = ", ";
        }
        double waited = actions.values().stream().mapToDouble(Action::waitedSeconds).sum();
        out.append(String.format(Locale.ROOT, "; requests waited for moto %.0f ms in all per %s", waited * 1000 / n, unit));
        return out.toString();
    }
}
