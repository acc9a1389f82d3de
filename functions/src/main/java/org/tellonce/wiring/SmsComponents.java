package org.tellonce.wiring;

import org.tellonce.config.Env;
import org.tellonce.config.EnvNames;
import org.tellonce.adapters.sms.EndUserMessagingSender;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.adapters.sms.TwilioSender;
import org.tellonce.core.sms.Conversation;
import org.tellonce.core.sms.InboundSms;
import org.tellonce.core.sms.SmsSender;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.core.intake.IntakeService;
import org.tellonce.core.intake.StoryValidator;
import org.tellonce.adapters.dynamo.DynamoSmsStore;
import org.tellonce.adapters.dynamo.Table;

/** Wiring shared by the SMS functions. */
public final class SmsComponents {
    private SmsComponents() {
    }

    public static Conversation conversation() {
        Components c = Components.get();
        return new Conversation(new IntakeService(c.storyStore(), new StoryValidator(c.topics()), c.residentKeys(),
                c.clock()), store(), c.residentKeys(), c.clock(),
                (outcome, channel) -> org.tellonce.telemetry.IntakeMetrics.record(Conversation.class, outcome, channel));
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
            return new TwilioSender(Env.require(EnvNames.TWILIO_ACCOUNT_SID), twilioAuthToken(),
                    Env.require(EnvNames.TWILIO_FROM_NUMBER));
        }
        return new EndUserMessagingSender(Env.get(EnvNames.SMS_ORIGINATION_IDENTITY).orElse(""));
    }

    /** Twilio's auth token: from the environment locally, from SSM in AWS. */
    public static String twilioAuthToken() {
        return Env.get(EnvNames.TWILIO_AUTH_TOKEN).orElseGet(() -> org.tellonce.adapters.aws.Secrets.parameter(
                Env.require(EnvNames.TWILIO_AUTH_TOKEN_PARAMETER)));
    }
}
