package org.tellonce.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.tellonce.store.lean.LeanSsm;

/**
 * The resident key secret: the environment variable locally, an SSM SecureString in AWS. Read once
 * per container.
 */
public final class Secrets {
    private Secrets() {
    }

    private static volatile byte[] cached;

    /** Read once per container (SSM in AWS); {@link #forget()} when the environment changes. */
    public static byte[] residentKeySecret() {
        byte[] value = cached;
        if (value == null) {
            value = read();
            cached = value;
        }
        return value.clone();
    }

    public static void forget() {
        cached = null;
    }

    private static byte[] read() {
        String value = Env.get(EnvNames.RESIDENT_KEY_SECRET).orElseGet(Secrets::fromSsm);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException("The resident key secret must be at least 32 bytes long");
        }
        return bytes;
    }

    private static String fromSsm() {
        return parameter(Env.get(EnvNames.RESIDENT_KEY_SECRET_PARAMETER).orElseThrow(() -> new IllegalStateException(
                "Set " + EnvNames.RESIDENT_KEY_SECRET + " or " + EnvNames.RESIDENT_KEY_SECRET_PARAMETER)));
    }

    /**
     * An SSM SecureString parameter's value, read with {@link LeanSsm} (one signed HTTP call; the SDK's
     * {@code SsmClient} would cost most of a second to build at a cold start for this one read).
     */
    public static String parameter(String parameter) {
        String endpoint = Env.get(EnvNames.SSM_ENDPOINT).orElse(null);
        // As for DynamoDB: an endpoint override is an emulator, which takes any credentials.
        return new LeanSsm(endpoint == null ? null : URI.create(endpoint), AwsClients.regionId(),
                endpoint == null ? AwsClients.credentials() : AwsClients.localCredentials(),
                (int) AwsClients.attemptTimeoutMillis()).parameter(parameter);
    }
}
