package org.tellonce.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.tellonce.http.Json;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * An event source mapping's FilterCriteria, as Lambda applies it to stream records: a record is
 * delivered when any filter pattern matches. Supports the pattern forms the template uses: exact
 * values, {@code prefix}, {@code exists} and {@code anything-but}, also on the items of a list.
 */
final class EventFilter {
    private final List<JsonNode> patterns;

    private EventFilter(List<JsonNode> patterns) {
        this.patterns = patterns;
    }

    static EventFilter of(Map<String, Object> eventProperties) {
        List<JsonNode> patterns = new ArrayList<>();
        if (eventProperties.get("FilterCriteria") instanceof Map<?, ?> criteria
                && criteria.get("Filters") instanceof List<?> filters) {
            for (Object f : filters) {
                if (f instanceof Map<?, ?> filter && filter.get("Pattern") != null) {
                    patterns.add(Json.parse(String.valueOf(filter.get("Pattern")).getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return new EventFilter(patterns);
    }

    boolean accepts(Record record) {
        if (patterns.isEmpty()) {
            return true;
        }
        JsonNode json = json(record);
        return patterns.stream().anyMatch(p -> matches(p, json));
    }

    private static boolean matches(JsonNode pattern, JsonNode value) {
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode actual = value == null ? null : value.get(field.getKey());
            JsonNode expected = field.getValue();
            if (expected.isObject() && actual != null && actual.isArray()) {
                // As in Lambda: a pattern's field inside an array (a list's items) matches when any item matches.
                boolean any = false;
                for (JsonNode item : actual) {
                    any |= matches(expected, item);
                }
                if (!any) {
                    return false;
                }
            } else if (expected.isObject()) {
                if (actual == null || !matches(expected, actual)) {
                    return false;
                }
            } else if (expected.isArray()) {
                if (!anyOf(expected, actual)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean anyOf(JsonNode options, JsonNode actual) {
        for (JsonNode option : options) {
            if (option.isObject()) {
                if (option.has("exists")) {
                    if (option.get("exists").asBoolean() == (actual != null)) {
                        return true;
                    }
                } else if (actual == null) {
                    continue;
                } else if (option.has("prefix")) {
                    if (actual.isTextual() && actual.asText().startsWith(option.get("prefix").asText())) {
                        return true;
                    }
                } else if (option.has("anything-but")) {
                    JsonNode but = option.get("anything-but");
                    boolean excluded = but.isArray() ? contains(but, actual) : but.equals(actual);
                    if (!excluded) {
                        return true;
                    }
                }
            } else if (actual != null && (option.equals(actual) || option.asText().equals(actual.asText()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode n : array) {
            if (n.equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** The record as Lambda filters see it (DynamoDB JSON for keys and images). */
    private static JsonNode json(Record record) {
        ObjectNode node = Json.object();
        node.put("eventName", record.eventNameAsString());
        node.put("eventSource", "aws:dynamodb");
        ObjectNode dynamodb = node.putObject("dynamodb");
        dynamodb.set("Keys", image(record.dynamodb().keys()));
        if (record.dynamodb().hasNewImage()) {
            dynamodb.set("NewImage", image(record.dynamodb().newImage()));
        }
        if (record.dynamodb().hasOldImage()) {
            dynamodb.set("OldImage", image(record.dynamodb().oldImage()));
        }
        return node;
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode node = Json.object();
        item.forEach((k, v) -> node.set(k, value(v)));
        return node;
    }

    private static JsonNode value(AttributeValue v) {
        ObjectNode node = Json.object();
        if (v.s() != null) {
            node.put("S", v.s());
        } else if (v.n() != null) {
            node.put("N", v.n());
        } else if (v.bool() != null) {
            node.put("BOOL", v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            node.put("NULL", true);
        } else if (v.hasM()) {
            node.set("M", image(v.m()));
        } else if (v.hasL()) {
            var list = node.putArray("L");
            v.l().forEach(e -> list.add(value(e)));
        } else if (v.hasSs()) {
            var list = node.putArray("SS");
            v.ss().forEach(list::add);
        }
        return node;
    }
}
