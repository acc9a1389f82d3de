package org.tellonce.sms;

import org.tellonce.config.AwsClients;
import org.tellonce.config.Components;
import org.tellonce.config.Env;
import org.tellonce.intake.IntakeService;
import org.tellonce.intake.StoryValidator;
import org.tellonce.store.DynamoSmsStore;
import org.tellonce.store.Table;

/** Wiring shared by the SMS functions. */
public final class SmsComponents {
    public static final String SMS_SENDER = "SMS_SENDER";
    public static final String SMS_ORIGINATION_IDENTITY = "SMS_ORIGINATION_IDENTITY";

    private SmsComponents() {
    }

    public static Conversation conversation() {
        Components c = Components.get();
        return new Conversation(new IntakeService(c.storyStore(), new StoryValidator(c.topics()), c.residentKeys(),
                c.clock()), store(), c.residentKeys(), c.clock());
    }

    public static DynamoSmsStore store() {
        return new DynamoSmsStore(AwsClients.dynamoDb(), Table.name());
    }

    public static final String TWILIO_ACCOUNT_SID = "TWILIO_ACCOUNT_SID";
    public static final String TWILIO_FROM_NUMBER = "TWILIO_FROM_NUMBER";

    /** {@code SMS_SENDER=local} on the local stack; End User Messaging otherwise. */
    public static SmsSender sender() {
        return sender(InboundSms.Provider.AWS);
    }

    /** The sender for residents who wrote through {@code provider}. */
    public static SmsSender sender(InboundSms.Provider provider) {
        if ("local".equals(Env.get(SMS_SENDER).orElse(""))) {
            return new LocalOutbox();
        }
        if (provider == InboundSms.Provider.TWILIO && Env.get(TWILIO_ACCOUNT_SID).isPresent()) {
            return new TwilioSender(Env.require(TWILIO_ACCOUNT_SID), TwilioWebhookHandler.authToken(),
                    Env.require(TWILIO_FROM_NUMBER));
        }
        return new EndUserMessagingSender(Env.get(SMS_ORIGINATION_IDENTITY).orElse(""));
    }
}
