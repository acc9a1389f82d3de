package org.tellonce.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tellonce.adapters.aws.ScriptedAws;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.config.Config;
import org.tellonce.config.EnvNames;
import org.tellonce.core.sms.InboundSms;

/** The composition root: each function's pieces from its own configuration, secrets read once. */
class WiringTest {
    private static final String PARAMETER = "/tellonce/resident-key-secret";
    private static final String SECRET = "a-resident-key-secret-longer-than-32-bytes-0123456789";

    @Test
    void theSecretIsOneGetParameterPerContainerWhateverIsDerivedFromIt() {
        try (ScriptedAws ssm = new ScriptedAws("{\"Parameter\":{\"Name\":\"" + PARAMETER
                + "\",\"Type\":\"SecureString\",\"Value\":\"" + SECRET + "\",\"Version\":3}}")) {
            Wiring wiring = new Wiring(Config.from(Map.of(EnvNames.TOPICS, "housing", EnvNames.SSM_ENDPOINT,
                    ssm.endpoint(), EnvNames.RESIDENT_KEY_SECRET_PARAMETER, PARAMETER)));

            wiring.residentKeys();
            wiring.fieldCipher();
            wiring.cursorKey();

            assertThat(ssm.seen()).hasSize(1);
            assertThat(wiring.residentKeys().of(new org.tellonce.core.story.Contact.Phone("+447700900123")))
                    .isEqualTo(new org.tellonce.core.resident.ResidentKeys(
                            SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)).of(new org.tellonce.core.story.Contact.Phone("+447700900123")));
        }
    }

    @Test
    void onTheLocalStackRepliesGoToTheOutboxItIsGiven() {
        LocalOutbox outbox = new LocalOutbox();
        Wiring wiring = new Wiring(Config.from(Map.of(EnvNames.TOPICS, "housing", EnvNames.RESIDENT_KEY_SECRET,
                SECRET, EnvNames.SMS_SENDER, "local")), Wiring.Overrides.none().withSender(outbox));

        wiring.sender(InboundSms.Provider.TWILIO).send("+447700900123", "Thank you.");

        assertThat(outbox.sent()).singleElement().satisfies(sent -> assertThat(sent.body()).isEqualTo("Thank you."));
    }

    @Test
    void aTwilioFunctionWithoutItsTokenParameterSaysWhichVariableIsMissing() {
        Wiring wiring = new Wiring(Config.from(Map.of(EnvNames.TOPICS, "housing", EnvNames.RESIDENT_KEY_SECRET,
                SECRET)));

        assertThatThrownBy(wiring::twilioAuthToken).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(EnvNames.TWILIO_AUTH_TOKEN_PARAMETER);
    }
}
