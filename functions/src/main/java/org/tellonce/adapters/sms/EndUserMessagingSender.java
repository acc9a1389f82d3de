package org.tellonce.adapters.sms;

import org.tellonce.core.sms.SmsSender;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageType;

/** Replies through AWS End User Messaging SMS (the SMS and voice v2 API, {@code SendTextMessage}). */
public final class EndUserMessagingSender implements SmsSender {
    private final PinpointSmsVoiceV2Client client;
    private final String originationIdentity;

    public EndUserMessagingSender(PinpointSmsVoiceV2Client client, String originationIdentity) {
        this.client = client;
        this.originationIdentity = originationIdentity;
    }

    @Override
    public void send(String toE164, String body) {
        client.sendTextMessage(b -> {
            b.destinationPhoneNumber(toE164).messageBody(body).messageType(MessageType.TRANSACTIONAL);
            if (originationIdentity != null && !originationIdentity.isBlank()) {
                b.originationIdentity(originationIdentity);
            }
        });
    }
}
