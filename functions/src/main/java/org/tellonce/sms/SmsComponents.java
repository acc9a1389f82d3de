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

    /** {@code SMS_SENDER=local} on the local stack; End User Messaging otherwise. */
    public static SmsSender sender() {
        if ("local".equals(Env.get(SMS_SENDER).orElse(""))) {
            return new LocalOutbox();
        }
        return new EndUserMessagingSender(Env.get(SMS_ORIGINATION_IDENTITY).orElse(""));
    }
}
