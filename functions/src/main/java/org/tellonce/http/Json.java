package org.tellonce.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON in and out as a tree (Jackson's node classes), read and written with Jackson's streaming
 * parser and generator only. No {@code ObjectMapper}: building one costs about 300 ms at a cold
 * start, and nothing here needs data binding. Parsing is strict: invalid UTF-8, duplicate keys,
 * deep nesting, huge numbers and trailing content are refused.
 */
public final class Json {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxNumberLength(32)
                    .maxStringLength(70_000)
                    .build())
            .build();

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** Parses a request body; a clear message (never the input) when it is not acceptable JSON. */
    public static JsonNode parse(byte[] body) {
        if (!Utf8.isValid(body)) {
            // Jackson reads some invalid UTF-8 (overlong forms, encoded surrogates) as if it were valid.
            throw new BadRequestException("The JSON body is not valid UTF-8");
        }
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new BadRequestException("The request body is empty; send a JSON object");
            }
            JsonNode node = read(parser, first);
            if (parser.nextToken() != null) {
                throw new BadRequestException("The request body is not valid JSON");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequestException(describe(e));
        } catch (IOException e) {
            throw new BadRequestException("The request body could not be read as JSON");
        }
    }

    private static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    JsonNode value = read(parser, parser.nextToken());
                    if (object.has(name)) {
                        throw new BadRequestException("The JSON body names the same field twice");
                    }
                    object.set(name, value);
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(read(parser, t));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new BadRequestException("The request body is not valid JSON");
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.contains("nesting depth")) {
            return "The JSON body is nested too deeply";
        }
        if (message.contains("Number value length") || message.contains("Number length")) {
            return "The JSON body has a number that is too long";
        }
        if (message.contains("String value length") || message.contains("String length")) {
            return "The JSON body has a text that is too long";
        }
        if (message.contains("UTF-8") || message.contains("Invalid UTF")) {
            return "The JSON body is not valid UTF-8";
        }
        return "The request body is not valid JSON";
    }

    public static String write(JsonNode node) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator out, JsonNode node) throws IOException {
        if (node.isObject()) {
            out.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                out.writeFieldName(field.getKey());
                write(out, field.getValue());
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode element : node) {
                write(out, element);
            }
            out.writeEndArray();
        } else if (node.isTextual()) {
            out.writeString(node.textValue());
        } else if (node.isBoolean()) {
            out.writeBoolean(node.booleanValue());
        } else if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                out.writeNumber(node.longValue());
            } else {
                out.writeNumber(node.bigIntegerValue());
            }
        } else if (node.isBigDecimal()) {
            out.writeNumber(node.decimalValue());
        } else if (node.isNumber()) {
            out.writeNumber(node.doubleValue());
        } else if (node.isNull() || node.isMissingNode()) {
            out.writeNull();
        } else if (node.isBinary()) {
            out.writeBinary(node.binaryValue());
        } else {
            throw new IllegalStateException("unsupported JSON node " + node.getNodeType());
        }
    }

    /**
     * A list of strings: none when {@code value} is absent or null; empty when it is not an array of
     * strings only.
     */
    public static Optional<List<String>> texts(JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.of(List.of());
        }
        if (!value.isArray()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                return Optional.empty();
            }
            out.add(element.asText());
        }
        return Optional.of(out);
    }

    public static String error(String code, String message) {
        ObjectNode node = object();
        node.put("error", code);
        node.put("message", message);
        return write(node);
    }
}
