package org.tellonce.core.assisted;

import java.util.Optional;
import java.util.function.Function;
import org.tellonce.core.intake.ContactParser;
import org.tellonce.core.intake.IntakeOutcome;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.core.intake.WebIntake;
import org.tellonce.core.language.Language;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.sms.InboundSms;
import org.tellonce.core.sms.SmsSender;
import org.tellonce.core.sms.SmsStore;
import org.tellonce.core.sms.SmsTexts;
import org.tellonce.core.story.Assisted;
import org.tellonce.core.story.Contact;

/**
 * Assisted telling (SPEC section 15): a partner's staff member records a story told in person or on the
 * phone, through the same intake as any story, and a resident who gave a phone number gets the
 * reference and a link to {@code /me} by SMS, in the story's language, unless that number sent STOP.
 */
public final class AssistedTelling {
    private final WebIntake intake;
    private final SmsStore sms;
    private final ResidentKeys residentKeys;
    private final Function<InboundSms.Provider, SmsSender> senders;

    /** What became of the resident's SMS, for the log (never the number or the text). */
    public enum Texted { NO_PHONE, OPTED_OUT, SENT, FAILED }

    /** The intake's outcome, and whether the resident was texted (only for a story just stored). */
    public record Recorded(IntakeOutcome outcome, Optional<Texted> texted) {
    }

    public AssistedTelling(WebIntake intake, SmsStore sms, ResidentKeys residentKeys,
                           Function<InboundSms.Provider, SmsSender> senders) {
        this.intake = intake;
        this.sms = sms;
        this.residentKeys = residentKeys;
        this.senders = senders;
    }

    /**
     * Stores the story; a story stored now (not a replay or a duplicate) with a phone contact sends the
     * resident their reference. A text that cannot be sent does not undo the story: the helper has
     * already given the reference in person.
     *
     * @param publicUrl the address the helper's page was served from, for the link to {@code /me}
     */
    public Recorded record(StoryRequest story, Assisted assisted, Optional<String> idempotencyKey, String fingerprint,
                           String publicUrl) {
        IntakeOutcome outcome = intake.assisted(story, assisted, idempotencyKey, fingerprint);
        if (!(outcome instanceof IntakeOutcome.Accepted accepted) || !story.website().isEmpty()) {
            return new Recorded(outcome, Optional.empty());
        }
        return new Recorded(outcome, Optional.of(text(story, accepted.reference().value(), publicUrl + "/me",
                accepted.review().flagged())));
    }

    /** @param flagged the story raised a safeguarding concern: the text adds where to find help now */
    private Texted text(StoryRequest story, String reference, String meUrl, boolean flagged) {
        Optional<Contact> contact = ContactParser.parse(story.contact().strip());
        if (!(contact.orElse(null) instanceof Contact.Phone phone)) {
            return Texted.NO_PHONE;
        }
        String residentKey = residentKeys.of(phone);
        if (sms.optedOut(residentKey)) {
            return Texted.OPTED_OUT;
        }
        Language language = Language.of(story.language()).orElse(Language.EN);
        try {
            SmsTexts texts = SmsTexts.in(language);
            String text = texts.assisted(reference, meUrl);
            senders.apply(sms.provider(residentKey).orElse(InboundSms.Provider.AWS))
                    .send(phone.e164(), flagged ? text + " " + texts.support() : text);
            return Texted.SENT;
        } catch (RuntimeException e) {
            return Texted.FAILED;
        }
    }
}
