package org.tellonce.core.sms;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.tellonce.core.language.Language;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;

/**
 * When a partner answers a story that came by SMS, the resident gets the answer by SMS too: once per
 * response, never to an opted-out number, within the number's hourly reply allowance, in the language
 * the number chose by SMS or, failing that, the story's recorded language (else English).
 */
public final class ResponseNotifier {
    private final ResidentStore stories;
    private final SmsStore sms;
    private final ResidentKeys residentKeys;
    private final Function<InboundSms.Provider, SmsSender> senders;
    private final Clock clock;

    /** @param senders the sender for the provider the resident last wrote through */
    public ResponseNotifier(ResidentStore stories, SmsStore sms, ResidentKeys residentKeys,
                            Function<InboundSms.Provider, SmsSender> senders, Clock clock) {
        this.stories = stories;
        this.sms = sms;
        this.residentKeys = residentKeys;
        this.senders = senders;
        this.clock = clock;
    }

    /** A partner's response, just stored, its text already opened. */
    public record Response(Reference reference, String responseId, String partnerName, String text) {
    }

    /** What became of a response. */
    public enum Outcome {
        /** The story did not come by SMS (or is gone): nothing to text. */
        NOT_BY_SMS,
        OPTED_OUT,
        /** An earlier delivery of the same response texted it (or is texting it now). */
        ALREADY_HANDLED,
        SENT,
        /** The number's hourly reply allowance is used up: not texted, and not tried again. */
        LIMITED
    }

    /**
     * @throws RuntimeException when the text could not be sent; the response is then left unclaimed,
     *                          so the stream's retry texts it (once)
     */
    public Outcome forward(Response response) {
        Optional<StoredStory> story = stories.load(response.reference());
        if (story.isEmpty() || story.get().story().channel() != Channel.SMS
                || !(story.get().story().contact().orElse(null) instanceof Contact.Phone phone)) {
            return Outcome.NOT_BY_SMS;
        }
        String residentKey = residentKeys.of(phone);
        if (sms.optedOut(residentKey)) {
            return Outcome.OPTED_OUT;
        }
        String messageId = "response:" + response.responseId();
        if (!(sms.claimMessage(InboundSms.Provider.AWS, messageId, clock.instant()) instanceof SmsStore.Claimed)) {
            return Outcome.ALREADY_HANDLED;
        }
        boolean allowed = sms.allowReply(residentKey, clock.instant(), Conversation.REPLIES_PER_HOUR);
        if (allowed) {
            Language language = sms.language(residentKey)
                    .or(() -> Language.of(story.get().story().language()))
                    .orElse(Language.EN);
            String text = SmsTexts.in(language).partnerResponse(response.partnerName(),
                    response.reference().value(), response.text());
            try {
                senders.apply(sms.provider(residentKey).orElse(InboundSms.Provider.AWS)).send(phone.e164(), text);
            } catch (RuntimeException e) {
                // Not sent: the stream retries this record, and the retry must find it claimable, not in progress.
                sms.releaseMessage(InboundSms.Provider.AWS, messageId);
                throw e;
            }
        }
        sms.completeMessage(InboundSms.Provider.AWS, messageId, allowed ? Optional.of("(sent)") : Optional.empty(),
                clock.instant());
        return allowed ? Outcome.SENT : Outcome.LIMITED;
    }
}
