package org.tellonce.adapters.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.adapters.aws.ScriptedAws;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;

/** A reply by End User Messaging: one transactional SendTextMessage, from our origination identity if set. */
public class EndUserMessagingSenderTest {
    private static final String IDENTITY = "arn:aws:sms-voice:eu-west-2:111122223333:phone-number/phone-0123";

    private static PinpointSmsVoiceV2Client client(ScriptedAws sms) {
        return PinpointSmsVoiceV2Client.builder()
                .region(AwsClients.DEFAULT_REGION)
                .credentialsProvider(AwsClients.localCredentials())
                .httpClient(AwsClients.httpClient())
                .endpointOverride(URI.create(sms.endpoint()))
                .build();
    }

    @Test
    void aReplyIsOneTransactionalTextFromTheConfiguredIdentity() {
        try (ScriptedAws sms = new ScriptedAws("{\"MessageId\":\"m-1\"}")) {
            new EndUserMessagingSender(client(sms), IDENTITY).send("+447700900123", "Thank you, we have your story.");

            assertThat(sms.seen()).singleElement().satisfies(request -> {
                assertThat(request.target()).isEqualTo("PinpointSMSVoiceV2.SendTextMessage");
                assertThat(request.body()).contains("\"DestinationPhoneNumber\":\"+447700900123\"")
                        .contains("\"MessageBody\":\"Thank you, we have your story.\"")
                        .contains("\"MessageType\":\"TRANSACTIONAL\"")
                        .contains("\"OriginationIdentity\":\"" + IDENTITY + "\"");
            });
        }
    }

    @Test
    void withoutAnIdentityEndUserMessagingChooses() {
        try (ScriptedAws sms = new ScriptedAws("{\"MessageId\":\"m-2\"}")) {
            new EndUserMessagingSender(client(sms), "").send("+447700900123", "Thank you.");

            assertThat(sms.seen()).singleElement()
                    .satisfies(request -> assertThat(request.body()).doesNotContain("OriginationIdentity"));
        }
    }
}
