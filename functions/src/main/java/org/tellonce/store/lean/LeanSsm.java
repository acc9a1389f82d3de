package org.tellonce.store.lean;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Reads one SSM Parameter Store parameter ({@code AmazonSSM.GetParameter}, decrypted) over
 * {@link HttpURLConnection}, signed with SigV4: the functions read their secrets once per container,
 * and building the SDK's {@code SsmClient} for that one call costs most of a second at a cold start.
 * Up to 3 attempts on a network failure, a 5xx or throttling; any other error names the parameter
 * and SSM's error code, never a value.
 */
public final class LeanSsm {
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String TARGET = "AmazonSSM.GetParameter";
    private static final int ATTEMPTS = 3;

    private final SignedPost post;
    private final int timeoutMillis;

    /**
     * @param endpoint null: {@code https://ssm.<region>.amazonaws.com}
     */
    public LeanSsm(URI endpoint, String region, AwsCredentialsProvider credentials, int timeoutMillis) {
        URI target = endpoint != null ? endpoint : URI.create("https://ssm." + region + ".amazonaws.com");
        this.post = new SignedPost(target, region, "ssm", CONTENT_TYPE, "tellonce-lean-ssm/1", credentials);
        this.timeoutMillis = timeoutMillis;
    }

    /** The parameter's value, decrypted (SecureString). */
    public String parameter(String name) {
        byte[] body = request(name);
        IOException lastFailure = null;
        String lastError = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                pause(attempt);
            }
            try {
                SignedPost.Answer answer = post.send(TARGET, body, Math.min(2000, timeoutMillis), timeoutMillis,
                        System.currentTimeMillis() / 1000);
                if (answer.status() == 200) {
                    String value = value(answer.body());
                    if (value == null) {
                        throw new IllegalStateException("SSM answered without a value for parameter " + name);
                    }
                    return value;
                }
                lastError = errorCode(answer.body());
                boolean retryable = answer.status() >= 500 || "ThrottlingException".equals(lastError)
                        || "TooManyRequestsException".equals(lastError);
                if (!retryable) {
                    throw new IllegalStateException("SSM refused parameter " + name + ": HTTP " + answer.status()
                            + (lastError == null ? "" : " " + lastError));
                }
            } catch (IOException e) {
                lastFailure = e;
                lastError = e.getClass().getSimpleName();
            }
        }
        IllegalStateException failed = new IllegalStateException("SSM parameter " + name + " could not be read after "
                + ATTEMPTS + " attempts (" + lastError + ")");
        if (lastFailure != null) {
            failed.initCause(lastFailure);
        }
        throw failed;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(100L << (attempt - 2), 200L << (attempt - 2)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading an SSM parameter", e);
        }
    }

    static byte[] request(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = LeanJson.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("Name", name);
            json.writeBooleanField("WithDecryption", true);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code Parameter.Value} of a GetParameter answer, or null. */
    static String value(byte[] answer) {
        return field(answer, "Parameter", "Value");
    }

    /** The error's code ({@code __type} without its namespace), or null; the message is never kept. */
    static String errorCode(byte[] answer) {
        String type = field(answer, null, "__type");
        if (type == null) {
            return null;
        }
        String code = type.substring(type.lastIndexOf('#') + 1);
        return code.matches("[A-Za-z0-9.]{1,100}") ? code : null;
    }

    /** A string member of the answer's top-level object, or of one object inside it; null if absent. */
    private static String field(byte[] answer, String inside, String name) {
        try (JsonParser parser = LeanJson.FACTORY.createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            if (inside != null) {
                if (!seek(parser, inside) || parser.currentToken() != JsonToken.START_OBJECT) {
                    return null;
                }
            }
            return seek(parser, name) && parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Moves to the value of the member {@code name} of the current object; false when it has none. */
    private static boolean seek(JsonParser parser, String name) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String member = parser.currentName();
            parser.nextToken();
            if (name.equals(member)) {
                return true;
            }
            parser.skipChildren();
        }
        return false;
    }
}
