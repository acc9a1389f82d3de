package org.tellonce.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tellonce.config.Config;
import org.tellonce.config.EnvNames;

/** The resident key secret in AWS: an SSM SecureString, read decrypted. */
public class SecretsTest {
    private static final String PARAMETER = "/tellonce/resident-key-secret";
    private static final String SECRET = "a-resident-key-secret-longer-than-32-bytes-0123456789";

    private ScriptedAws ssm;
    private Secrets secrets;

    private void ssmHolding(String value) {
        ssm = new ScriptedAws("{\"Parameter\":{\"Name\":\"" + PARAMETER + "\",\"Type\":\"SecureString\",\"Value\":\""
                + value + "\",\"Version\":3}}");
        AwsClients clients = new AwsClients(Config.from(Map.of(EnvNames.TOPICS, "housing", EnvNames.SSM_ENDPOINT,
                ssm.endpoint(), EnvNames.RESIDENT_KEY_SECRET_PARAMETER, PARAMETER, EnvNames.AWS_REGION,
                "eu-west-2")), List.of());
        secrets = new Secrets(clients::ssm);
    }

    @AfterEach
    void stop() {
        ssm.close();
    }

    @Test
    void theSecretIsOneSignedDecryptingGetParameter() {
        ssmHolding(SECRET);

        byte[] secret = secrets.residentKeySecret(Optional.empty(), Optional.of(PARAMETER));

        assertThat(new String(secret, StandardCharsets.UTF_8)).isEqualTo(SECRET);
        assertThat(ssm.seen()).singleElement().satisfies(request -> {
            assertThat(request.target()).isEqualTo("AmazonSSM.GetParameter");
            assertThat(request.body()).contains("\"Name\":\"" + PARAMETER + "\"").contains("\"WithDecryption\":true");
            assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=local/")
                    .contains("/eu-west-2/ssm/aws4_request");
        });
    }

    @Test
    void aSecretInTheEnvironmentNeedsNoSsm() {
        ssmHolding(SECRET);

        byte[] secret = secrets.residentKeySecret(Optional.of(SECRET), Optional.of(PARAMETER));

        assertThat(new String(secret, StandardCharsets.UTF_8)).isEqualTo(SECRET);
        assertThat(ssm.seen()).isEmpty();
    }

    @Test
    void aServerErrorOrThrottlingIsTriedAgain() {
        ssmHolding(SECRET);
        ssm.then(500, "{\"__type\":\"InternalServerError\",\"message\":\"boom\"}")
                .then(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");

        assertThat(secrets.parameter(PARAMETER)).isEqualTo(SECRET);
        assertThat(ssm.seen()).hasSize(3);
    }

    @Test
    void aSecretShorterThan32BytesIsRefusedWithoutQuotingIt() {
        ssmHolding("only-28-bytes-of-secret-here");

        assertThatThrownBy(() -> secrets.residentKeySecret(Optional.empty(), Optional.of(PARAMETER)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("only-28-bytes");
    }

    @Test
    void anAnswerWithoutAValueIsAnErrorNamingTheParameter() {
        ssmHolding(SECRET);
        ssm.then(200, "{\"Parameter\":{\"Name\":\"" + PARAMETER + "\"}}");

        assertThatThrownBy(() -> secrets.parameter(PARAMETER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(PARAMETER);
    }
}
