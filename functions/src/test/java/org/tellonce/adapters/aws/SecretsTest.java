package org.tellonce.adapters.aws;

import org.tellonce.wiring.Components;
import org.tellonce.config.Env;
import org.tellonce.config.EnvNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resident key secret in AWS: an SSM SecureString, read decrypted, once per container. */
public class SecretsTest {
    private static final String PARAMETER = "/tellonce/resident-key-secret";
    private static final String SECRET = "a-resident-key-secret-longer-than-32-bytes-0123456789";

    private ScriptedAws ssm;

    private void ssmHolding(String value) {
        ssm = new ScriptedAws("{\"Parameter\":{\"Name\":\"" + PARAMETER + "\",\"Type\":\"SecureString\",\"Value\":\""
                + value + "\",\"Version\":3}}");
        Env.override(Map.of(EnvNames.SSM_ENDPOINT, ssm.endpoint(), EnvNames.RESIDENT_KEY_SECRET_PARAMETER, PARAMETER,
                EnvNames.AWS_REGION, "eu-west-2"));
        Components.reset();
    }

    @AfterEach
    void stop() {
        Env.clear(EnvNames.SSM_ENDPOINT);
        Env.clear(EnvNames.RESIDENT_KEY_SECRET_PARAMETER);
        Env.clear(EnvNames.AWS_REGION);
        Components.reset();
        ssm.close();
    }

    @Test
    void theSecretIsOneSignedDecryptingGetParameterPerContainer() {
        ssmHolding(SECRET);

        byte[] first = Secrets.residentKeySecret();
        byte[] again = Secrets.residentKeySecret();

        assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(SECRET);
        assertThat(again).isEqualTo(first);
        assertThat(ssm.seen()).singleElement().satisfies(request -> {
            assertThat(request.target()).isEqualTo("AmazonSSM.GetParameter");
            assertThat(request.body()).contains("\"Name\":\"" + PARAMETER + "\"").contains("\"WithDecryption\":true");
            assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=local/")
                    .contains("/eu-west-2/ssm/aws4_request");
        });
    }

    @Test
    void aServerErrorOrThrottlingIsTriedAgain() {
        ssmHolding(SECRET);
        ssm.then(500, "{\"__type\":\"InternalServerError\",\"message\":\"boom\"}")
                .then(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");

        assertThat(Secrets.parameter(PARAMETER)).isEqualTo(SECRET);
        assertThat(ssm.seen()).hasSize(3);
    }

    @Test
    void aSecretShorterThan32BytesIsRefusedWithoutQuotingIt() {
        ssmHolding("only-28-bytes-of-secret-here");

        assertThatThrownBy(Secrets::residentKeySecret)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("only-28-bytes");
    }

    @Test
    void anAnswerWithoutAValueIsAnErrorNamingTheParameter() {
        ssmHolding(SECRET);
        ssm.then(200, "{\"Parameter\":{\"Name\":\"" + PARAMETER + "\"}}");

        assertThatThrownBy(() -> Secrets.parameter(PARAMETER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(PARAMETER);
    }
}
