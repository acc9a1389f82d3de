package org.tellonce.core.verify;

import java.util.function.Function;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.language.Language;
import org.tellonce.core.language.Messages;
import org.tellonce.core.sms.InboundSms;
import org.tellonce.core.sms.SmsSender;
import org.tellonce.core.sms.SmsStore;
import org.tellonce.core.story.Contact;

/**
 * Takes a code to the contact it proves: a phone by SMS, through the provider that number last wrote
 * through (End User Messaging unless it used Twilio), never to a number that sent STOP; an address by
 * e-mail.
 */
public final class CodeCourier {
    private final SmsStore sms;
    private final Function<InboundSms.Provider, SmsSender> smsSenders;
    private final EmailSender email;

    public CodeCourier(SmsStore sms, Function<InboundSms.Provider, SmsSender> smsSenders, EmailSender email) {
        this.sms = sms;
        this.smsSenders = smsSenders;
        this.email = email;
    }

    public void send(Contact contact, String residentKey, Language language, String code) {
        Messages messages = Messages.of(language);
        if (contact instanceof Contact.Phone phone) {
            if (!sms.optedOut(residentKey)) {
                InboundSms.Provider provider = sms.provider(residentKey).orElse(InboundSms.Provider.AWS);
                smsSenders.apply(provider).send(phone.e164(), messages.get("sms.verifyCode", code));
            }
        } else if (contact instanceof Contact.Email address) {
            email.send(new EmailSender.Email(address.address(), messages.get("verify.email.subject"),
                    messages.get("verify.email.text", code)));
        }
    }
}
