package org.tellonce.config;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;

/**
 * The resident key secret: the environment variable locally, an SSM SecureString in AWS. Read once
 * per container.
 */
public final class Secrets {
    private Secrets() {
    }

    public static byte[] residentKeySecret() {
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

    /** An SSM SecureString parameter's value. */
    public static String parameter(String parameter) {
        try (SsmClient ssm = SsmClient.builder()
                .region(AwsClients.region())
                .credentialsProvider(AwsClients.credentials())
                .httpClient(AwsClients.httpClient())
                .build()) {
            return ssm.getParameter(GetParameterRequest.builder().name(parameter).withDecryption(true).build())
                    .parameter().value();
        }
    }
}
