package org.tellonce.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON in and out through Jackson's tree model only (no reflection-based binding). Parsing is
 * strict: invalid UTF-8, duplicate keys, deep nesting and huge numbers are refused.
 */
public final class Json {
    private static final ObjectMapper MAPPER;

    static {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(16)
                        .maxNumberLength(32)
                        .maxStringLength(70_000)
                        .build())
                .build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        MAPPER = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Parses a request body; a clear message (never the input) when it is not acceptable JSON. */
    public static JsonNode parse(byte[] body) {
        if (!validUtf8(body)) {
            // Jackson reads some invalid UTF-8 (overlong forms, encoded surrogates) as if it were valid.
            throw new BadRequestException("The JSON body is not valid UTF-8");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadRequestException("The request body is empty; send a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequestException(describe(e));
        } catch (IOException e) {
            throw new BadRequestException("The request body could not be read as JSON");
        }
    }

    private static boolean validUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Duplicate field")) {
            return "The JSON body names the same field twice";
        }
        if (message.contains("nesting depth")) {
            return "The JSON body is nested too deeply";
        }
        if (message.contains("Number value length") || message.contains("Number length")) {
            return "The JSON body has a number that is too long";
        }
        if (message.contains("UTF-8") || message.contains("Invalid UTF")) {
            return "The JSON body is not valid UTF-8";
        }
        return "The request body is not valid JSON";
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String error(String code, String message) {
        ObjectNode node = object();
        node.put("error", code);
        node.put("message", message);
        return write(node);
    }
}
