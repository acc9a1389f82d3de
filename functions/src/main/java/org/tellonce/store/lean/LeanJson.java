package org.tellonce.store.lean;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * The DynamoDB JSON protocol (awsJson1_0) over jackson-core streaming, driven by the SDK model's own
 * field metadata ({@link SdkPojo#sdkFields()}): every member of a request is written under its wire
 * name, and every member of a response, nested structure or error is read into the SDK builder.
 * Walking the metadata rather than hand-writing each field means no request field can be silently
 * dropped: a member whose type this class does not know fails with {@link UnsupportedOperationException}.
 */
final class LeanJson {
    /** Parse errors never quote the document: answers hold residents' data. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private LeanJson() {
    }

    /** The request body. Idempotency tokens (TransactWriteItems' ClientRequestToken) are generated here, once. */
    static byte[] write(SdkPojo request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            writeObject(json, request, request.getClass().getSimpleName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeObject(JsonGenerator json, SdkPojo pojo, String path) throws IOException {
        json.writeStartObject();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
                continue;
            }
            if (field.location() != MarshallLocation.PAYLOAD) {
                throw unsupported(path + "." + field.memberName() + " (location " + field.location() + ")");
            }
            json.writeFieldName(field.locationName());
            writeValue(json, field, value, path + "." + field.memberName());
        }
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, SdkField<?> field, Object value, String path)
            throws IOException {
        MarshallingType<?> type = field.marshallingType();
        if (value == null) {
            json.writeNull();
        } else if (type == MarshallingType.STRING) {
            json.writeString((String) value);
        } else if (type == MarshallingType.BOOLEAN) {
            json.writeBoolean((Boolean) value);
        } else if (type == MarshallingType.INTEGER) {
            json.writeNumber((Integer) value);
        } else if (type == MarshallingType.LONG) {
            json.writeNumber((Long) value);
        } else if (type == MarshallingType.DOUBLE) {
            json.writeNumber((Double) value);
        } else if (type == MarshallingType.SDK_BYTES) {
            json.writeString(Base64.getEncoder().encodeToString(((SdkBytes) value).asByteArrayUnsafe()));
        } else if (type == MarshallingType.SDK_POJO) {
            writeObject(json, (SdkPojo) value, path);
        } else if (type == MarshallingType.LIST) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            json.writeStartArray();
            for (Object element : (List<?>) value) {
                writeValue(json, member, element, path + "[]");
            }
            json.writeEndArray();
        } else if (type == MarshallingType.MAP) {
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                json.writeFieldName((String) entry.getKey());
                writeValue(json, member, entry.getValue(), path + "{}");
            }
            json.writeEndObject();
        } else {
            throw unsupported(path + " (type " + type + ")");
        }
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("LeanDynamoDbClient does not support the request member " + what
                + "; set DYNAMODB_CLIENT=sdk or extend org.tellonce.store.lean.LeanJson");
    }

    /** Reads a JSON object into the given SDK builder (a response, a structure or a modeled exception) and builds it. */
    static Object read(byte[] body, SdkPojo builder) {
        try (JsonParser parser = FACTORY.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return ((Buildable) builder).build();
            }
            if (first != JsonToken.START_OBJECT) {
                throw new IOException("a JSON object was expected");
            }
            return readObject(parser, builder);
        } catch (IOException | RuntimeException e) {
            // Neither the parser's message nor the cause: they may quote the answer, which holds personal data.
            throw new UncheckedIOException(new IOException("unreadable DynamoDB answer (" + e.getClass().getSimpleName()
                    + ")"));
        }
    }

    /** Parser positioned on START_OBJECT; returns the built object, parser on its END_OBJECT. */
    private static Object readObject(JsonParser parser, SdkPojo builder) throws IOException {
        Map<String, SdkField<?>> fields = fieldsOf(builder);
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            SdkField<?> field = fields.get(parser.currentName());
            JsonToken valueToken = parser.nextToken();
            if (field == null) {
                parser.skipChildren();
                continue;
            }
            field.set(builder, readValue(parser, valueToken, field));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("unexpected " + token);
        }
        return ((Buildable) builder).build();
    }

    private static Object readValue(JsonParser parser, JsonToken token, SdkField<?> field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            return parser.getValueAsString();
        } else if (type == MarshallingType.BOOLEAN) {
            return parser.getBooleanValue();
        } else if (type == MarshallingType.INTEGER) {
            return parser.getIntValue();
        } else if (type == MarshallingType.LONG) {
            return parser.getLongValue();
        } else if (type == MarshallingType.DOUBLE) {
            return parser.getDoubleValue();
        } else if (type == MarshallingType.FLOAT) {
            return parser.getFloatValue();
        } else if (type == MarshallingType.BIG_DECIMAL) {
            return parser.getDecimalValue();
        } else if (type == MarshallingType.INSTANT) {
            // awsJson: epoch seconds with a fraction.
            BigDecimal seconds = parser.getDecimalValue();
            return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
        } else if (type == MarshallingType.SDK_BYTES) {
            return SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(parser.getValueAsString()));
        } else if (type == MarshallingType.SDK_POJO) {
            expect(token, JsonToken.START_OBJECT);
            return readObject(parser, field.constructor().get());
        } else if (type == MarshallingType.LIST) {
            expect(token, JsonToken.START_ARRAY);
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            List<Object> list = new ArrayList<>();
            JsonToken element;
            while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                list.add(readValue(parser, element, member));
            }
            return list;
        } else if (type == MarshallingType.MAP) {
            expect(token, JsonToken.START_OBJECT);
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            Map<String, Object> map = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                map.put(key, readValue(parser, parser.nextToken(), member));
            }
            return map;
        }
        parser.skipChildren();
        return null;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }

    private static final Map<Class<?>, Map<String, SdkField<?>>> FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Map<String, SdkField<?>> fieldsOf(SdkPojo builder) {
        return FIELDS.computeIfAbsent(builder.getClass(), c -> {
            Map<String, SdkField<?>> byName = new HashMap<>();
            for (SdkField<?> field : builder.sdkFields()) {
                byName.put(field.unmarshallLocationName(), field);
            }
            return byName;
        });
    }

    /** The error's type (after '#') and message, or nulls. */
    static String[] errorTypeAndMessage(byte[] body) {
        String type = null;
        String message = null;
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new String[] {null, null};
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("__type".equals(name) && value == JsonToken.VALUE_STRING) {
                    type = parser.getText();
                } else if (("message".equals(name) || "Message".equals(name)) && value == JsonToken.VALUE_STRING) {
                    message = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // Not JSON (a proxy's page, say): the status code speaks for itself.
        }
        if (type != null) {
            type = type.substring(type.lastIndexOf('#') + 1);
            int colon = type.indexOf(':');
            if (colon >= 0) {
                type = type.substring(0, colon);
            }
        }
        return new String[] {type, message};
    }
}
