package org.tellonce.handlers.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.http.FormBody;
import org.tellonce.http.Json;

/** Reads a submission from JSON or from the form; wrong shapes become field errors, not exceptions. */
public final class StoryRequestParser {

    /** The request, or the fields whose type was wrong. */
    public record Parsed(StoryRequest request, Map<String, String> typeErrors) {
    }

    private StoryRequestParser() {
    }

    public static Parsed fromJson(byte[] body) {
        JsonNode root = Json.parse(body);
        Map<String, String> errors = new LinkedHashMap<>();
        if (!root.isObject()) {
            errors.put("body", "Send a JSON object");
            return new Parsed(empty(), errors);
        }
        String story = text(root, "story", "Your story must be text", errors);
        List<String> topics = texts(root.get("topics"), "topics", "Topics must be a list of topic names", errors);
        String area = text(root, "area", "Area must be text", errors);
        String name = text(root, "name", "Name must be text", errors);
        String contact = text(root, "contact", "Contact must be an email address or phone number as text", errors);
        String language = text(root, "language", "Language must be a language tag such as en or cy", errors);
        String share = "";
        List<String> partners = List.of();
        JsonNode consent = root.get("consent");
        if (consent != null && !consent.isNull()) {
            if (consent.isObject()) {
                share = text(consent, "share", "Consent share must be private, anonymous or identified", errors,
                        "consent");
                partners = texts(consent.get("partners"), "partners", "Partners must be a list of partner ids", errors);
            } else if (consent.isTextual()) {
                share = consent.asText();
            } else {
                errors.put("consent", "Consent must be an object like {\"share\":\"anonymous\",\"partners\":[]}");
            }
        }
        String website = text(root, "website", "Leave website empty", errors);
        return new Parsed(new StoryRequest(story, topics, area, name, contact, language, share, partners, website),
                errors);
    }

    public static Parsed fromForm(FormBody form) {
        return new Parsed(new StoryRequest(
                form.single("story").orElse(""),
                form.all("topics"),
                form.single("area").orElse(""),
                form.single("name").orElse(""),
                form.single("contact").orElse(""),
                form.single("language").orElse(""),
                form.single("consent").orElse(""),
                form.all("partners"),
                form.single("website").orElse("")), Map.of());
    }

    private static StoryRequest empty() {
        return new StoryRequest("", List.of(), "", "", "", "", "", List.of(), "");
    }

    private static String text(JsonNode node, String field, String message, Map<String, String> errors) {
        return text(node, field, message, errors, field);
    }

    private static String text(JsonNode node, String field, String message, Map<String, String> errors,
                               String errorField) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            errors.put(errorField, message);
            return "";
        }
        return value.asText();
    }

    private static List<String> texts(JsonNode value, String field, String message, Map<String, String> errors) {
        Optional<List<String>> texts = Json.texts(value);
        if (texts.isEmpty()) {
            errors.put(field, message);
        }
        return texts.orElse(List.of());
    }
}
