package org.tellonce.sms;

import org.tellonce.config.AwsClients;
import org.tellonce.config.Components;
import org.tellonce.config.Env;
import org.tellonce.config.EnvNames;
import org.tellonce.intake.IntakeService;
import org.tellonce.intake.StoryValidator;
import org.tellonce.store.DynamoSmsStore;
import org.tellonce.store.Table;

/** Wiring shared by the SMS functions. */
public final class SmsComponents {
    /** The name is {@link EnvNames#SMS_SENDER}; kept here because the local stack refers to it by this path. */
    public static final String SMS_SENDER = EnvNames.SMS_SENDER;

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

    /** {@code SMS_SENDER=local} on the local stack; End User Messaging otherwise. */
    public static SmsSender sender() {
        return sender(InboundSms.Provider.AWS);
    }

    /** The sender for residents who wrote through {@code provider}. */
    public static SmsSender sender(InboundSms.Provider provider) {
        if ("local".equals(Env.get(EnvNames.SMS_SENDER).orElse(""))) {
            return new LocalOutbox();
        }
        if (provider == InboundSms.Provider.TWILIO && Env.get(EnvNames.TWILIO_ACCOUNT_SID).isPresent()) {
            return new TwilioSender(Env.require(EnvNames.TWILIO_ACCOUNT_SID), TwilioWebhookHandler.authToken(),
                    Env.require(EnvNames.TWILIO_FROM_NUMBER));
        }
        return new EndUserMessagingSender(Env.get(EnvNames.SMS_ORIGINATION_IDENTITY).orElse(""));
    }
}
