package org.tellonce.adapters.aws;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import org.tellonce.config.EnvNames;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * The secrets a function needs: the value itself locally, an SSM SecureString (read decrypted,
 * with the client's standard retries) in AWS. The wiring reads each once per container.
 */
public final class Secrets {
    private final Supplier<SsmClient> ssm;

    public Secrets(Supplier<SsmClient> ssm) {
        this.ssm = ssm;
    }

    /** The resident key secret: {@code value} if set, else the SSM {@code parameter}'s. At least 32 bytes. */
    public byte[] residentKeySecret(Optional<String> value, Optional<String> parameter) {
        String secret = value.orElseGet(() -> parameter(parameter.orElseThrow(() -> new IllegalStateException(
                "Set " + EnvNames.RESIDENT_KEY_SECRET + " or " + EnvNames.RESIDENT_KEY_SECRET_PARAMETER))));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException("The resident key secret must be at least 32 bytes long");
        }
        return bytes;
    }

    /** An SSM SecureString parameter's value, decrypted. */
    public String parameter(String parameter) {
        Parameter answer = ssm.get().getParameter(b -> b.name(parameter).withDecryption(true)).parameter();
        String value = answer == null ? null : answer.value();
        if (value == null) {
            throw new IllegalStateException("SSM parameter " + parameter + " has no value");
        }
        return value;
    }
}
