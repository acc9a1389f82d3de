package org.tellonce.adapters.aws;

import org.tellonce.config.Env;
import org.tellonce.config.EnvNames;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.ssm.model.Parameter;

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
     * An SSM SecureString parameter's value, decrypted, read with the container's {@link AwsClients#ssm()}
     * client (its standard retries included).
     */
    public static String parameter(String parameter) {
        Parameter answer = AwsClients.ssm().getParameter(b -> b.name(parameter).withDecryption(true)).parameter();
        String value = answer == null ? null : answer.value();
        if (value == null) {
            throw new IllegalStateException("SSM parameter " + parameter + " has no value");
        }
        return value;
    }
}
