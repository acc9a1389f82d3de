package org.tellonce.store.lean;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

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

    private final URL url;
    private final String host;
    private final AwsCredentialsProvider credentials;
    private final SigV4 signer;
    private final int timeoutMillis;

    /**
     * @param endpoint null: {@code https://ssm.<region>.amazonaws.com}
     */
    public LeanSsm(URI endpoint, String region, AwsCredentialsProvider credentials, int timeoutMillis) {
        URI target = endpoint != null ? endpoint : URI.create("https://ssm." + region + ".amazonaws.com");
        try {
            this.url = target.resolve("/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("bad SSM endpoint " + target, e);
        }
        int port = url.getPort();
        this.host = port == -1 || port == url.getDefaultPort() ? url.getHost() : url.getHost() + ":" + port;
        this.credentials = credentials;
        this.signer = new SigV4(region, "ssm");
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
                Answer answer = send(body);
                if (answer.status == 200) {
                    String value = value(answer.body);
                    if (value == null) {
                        throw new IllegalStateException("SSM answered without a value for parameter " + name);
                    }
                    return value;
                }
                lastError = errorCode(answer.body);
                boolean retryable = answer.status >= 500 || "ThrottlingException".equals(lastError)
                        || "TooManyRequestsException".equals(lastError);
                if (!retryable) {
                    throw new IllegalStateException("SSM refused parameter " + name + ": HTTP " + answer.status
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
        try (JsonParser parser = LeanJson.FACTORY.createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("Parameter".equals(field) && token == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String member = parser.currentName();
                        JsonToken valueToken = parser.nextToken();
                        if ("Value".equals(member) && valueToken == JsonToken.VALUE_STRING) {
                            return parser.getText();
                        }
                        parser.skipChildren();
                    }
                    return null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The error's code ({@code __type} without its namespace), or null; the message is never kept. */
    static String errorCode(byte[] answer) {
        try (JsonParser parser = LeanJson.FACTORY.createParser(answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("__type".equals(field) && token == JsonToken.VALUE_STRING) {
                    String type = parser.getText();
                    String code = type.substring(type.lastIndexOf('#') + 1);
                    return code.matches("[A-Za-z0-9.]{1,100}") ? code : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer send(byte[] body) throws IOException {
        AwsCredentials creds = credentials.resolveCredentials();
        String token = creds instanceof AwsSessionCredentials session ? session.sessionToken() : null;
        SigV4.Signed signed = signer.sign(host, CONTENT_TYPE, TARGET, body, creds.accessKeyId(),
                creds.secretAccessKey(), token, System.currentTimeMillis() / 1000);
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        try {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(Math.min(2000, timeoutMillis));
            connection.setReadTimeout(timeoutMillis);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Content-Type", CONTENT_TYPE);
            connection.setRequestProperty("X-Amz-Target", TARGET);
            connection.setRequestProperty("X-Amz-Content-Sha256", signed.contentSha256());
            connection.setRequestProperty("X-Amz-Date", signed.amzDate());
            if (token != null) {
                connection.setRequestProperty("X-Amz-Security-Token", token);
            }
            connection.setRequestProperty("Authorization", signed.authorization());
            connection.setRequestProperty("User-Agent", "tellonce-lean-ssm/1");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] answer = new byte[0];
            if (in != null) {
                try (in) {
                    answer = in.readAllBytes();
                }
            }
            return new Answer(status, answer);
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
    }
}
