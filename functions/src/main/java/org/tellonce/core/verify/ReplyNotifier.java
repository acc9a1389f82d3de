package org.tellonce.core.verify;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.language.Language;
import org.tellonce.core.language.Messages;
import org.tellonce.core.resident.ResidentRecords;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.sms.Conversation;
import org.tellonce.core.sms.InboundSms;
import org.tellonce.core.sms.ResponseNotifier;
import org.tellonce.core.sms.SmsSender;
import org.tellonce.core.sms.SmsStore;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;

/**
 * Tells residents of a partner's reply. A story that came by SMS gets the reply itself by SMS (as
 * {@link ResponseNotifier} always did). A story told on the web gets a short notice with a link to
 * {@code /me} — never the reply itself — by e-mail or SMS to its contact, only when the resident
 * proved that contact and asked to be told; once per reply, in the story's language, never to a
 * number that sent STOP.
 */
public final class ReplyNotifier {
    private final ResponseNotifier bySms;
    private final ResidentStore stories;
    private final ResidentRecords records;
    private final VerificationStore verified;
    private final SmsStore sms;
    private final Function<InboundSms.Provider, SmsSender> senders;
    private final EmailSender email;
    private final String meUrl;
    private final Clock clock;

    /** A web resident's notice, or why none was sent. */
    public enum Notice { NOT_ASKED, OPTED_OUT, ALREADY_HANDLED, LIMITED, SENT }

    public ReplyNotifier(ResponseNotifier bySms, ResidentStore stories, ResidentRecords records,
                         VerificationStore verified, SmsStore sms, Function<InboundSms.Provider, SmsSender> senders,
                         EmailSender email, String publicUrl, Clock clock) {
        this.bySms = bySms;
        this.stories = stories;
        this.records = records;
        this.verified = verified;
        this.sms = sms;
        this.senders = senders;
        this.email = email;
        this.meUrl = publicUrl + "/me";
        this.clock = clock;
    }

    /** @return what became of it, for the log (never the text or the contact) */
    public String forward(ResponseNotifier.Response response) {
        Optional<StoredStory> stored = stories.load(response.reference());
        if (stored.isEmpty() || stored.get().story().channel() == Channel.SMS) {
            return "sms_" + bySms.forward(response).name();
        }
        return "notice_" + notice(stored.get().story(), response).name();
    }

    private Notice notice(Story story, ResponseNotifier.Response response) {
        Optional<String> residentKey = story.residentKey();
        if (residentKey.isEmpty() || story.contact().isEmpty() || story.status() != Story.Status.RECEIVED
                || !records.replyNotifications(residentKey.get()) || !verified.verified(residentKey.get())) {
            return Notice.NOT_ASKED;
        }
        Messages messages = Messages.of(Language.of(story.language()).orElse(Language.EN));
        String reference = story.reference().value();
        return tellOnce(story, "notice:" + response.responseId(),
                messages.get("sms.replyNotice", response.partnerName(), reference, meUrl),
                new EmailSender.Email("", messages.get("notice.email.subject", reference),
                        messages.get("notice.email.text", response.partnerName(), reference, meUrl)));
    }

    /**
     * Tells a moderator's decision to the resident (SPEC section 12): why a story was not shared, or that an
     * edited version was. A story told by SMS is texted back (as partners' replies are); a web story's
     * resident is told only if they proved their contact and asked to be told. Once per decision.
     *
     * @return what became of it, for the log
     */
    public String decision(org.tellonce.core.story.Reference reference) {
        Optional<StoredStory> stored = stories.load(reference);
        if (stored.isEmpty()) {
            return "decision_GONE";
        }
        Story story = stored.get().story();
        org.tellonce.core.story.Review review = story.review();
        boolean rejected = review.state() == org.tellonce.core.story.Review.State.REJECTED;
        boolean edited = review.state() == org.tellonce.core.story.Review.State.APPROVED
                && review.sharedText().isPresent();
        if (story.status() != Story.Status.RECEIVED || !story.consent().share().shares() || !(rejected || edited)) {
            return "decision_NOTHING_TO_TELL";
        }
        Optional<String> residentKey = story.residentKey();
        boolean bySms = story.channel() == Channel.SMS;
        if (residentKey.isEmpty() || story.contact().isEmpty() || !bySms && (!records.replyNotifications(residentKey.get())
                || !verified.verified(residentKey.get()))) {
            return "decision_" + Notice.NOT_ASKED.name();
        }
        Messages messages = Messages.of(Language.of(story.language()).orElse(Language.EN));
        String ref = reference.value();
        String text = rejected ? messages.get("decision.rejected", ref, review.reason().orElse(""), meUrl)
                : messages.get("decision.edited", ref, meUrl);
        String sms = bySms ? messages.get(rejected ? "sms.decision.rejected" : "sms.decision.edited", ref,
                review.reason().orElse("")) : text;
        return "decision_" + tellOnce(story, "decision:" + story.storyId(), sms,
                new EmailSender.Email("", messages.get("decision.email.subject", ref), text)).name();
    }

    /**
     * Tells the resident that a partner linked an outcome to their story (SPEC section 13): an SMS story's
     * number by SMS (unless it sent STOP), a web story's proven contact if they asked to be told (SMS or
     * e-mail); with the partner, the outcome's title and the link to {@code /me}, in the story's language.
     * Once per outcome and story.
     *
     * @return what became of it, for the log
     */
    public String outcome(org.tellonce.core.story.Reference reference, String outcomeId, String partnerName,
                          String title) {
        Optional<StoredStory> stored = stories.load(reference);
        if (stored.isEmpty() || stored.get().story().status() != Story.Status.RECEIVED) {
            return "outcome_GONE";
        }
        Story story = stored.get().story();
        Optional<String> residentKey = story.residentKey();
        boolean bySms = story.channel() == Channel.SMS;
        if (residentKey.isEmpty() || story.contact().isEmpty() || !bySms && (!records.replyNotifications(residentKey.get())
                || !verified.verified(residentKey.get()))) {
            return "outcome_" + Notice.NOT_ASKED.name();
        }
        Messages messages = Messages.of(Language.of(story.language()).orElse(Language.EN));
        String ref = reference.value();
        return "outcome_" + tellOnce(story, "outcome:" + outcomeId + ":" + ref,
                messages.get("sms.outcome", partnerName, ref, title, meUrl),
                new EmailSender.Email("", messages.get("outcome.email.subject", ref),
                        messages.get("outcome.email.text", partnerName, ref, title, meUrl))).name();
    }

    /**
     * Sends one message to the story's contact at most once under {@code claim}: never to a number that sent
     * STOP, within the number's hourly allowance; a failed send releases the claim so the stream's retry
     * sends it. {@code email}'s address is filled in here.
     */
    private Notice tellOnce(Story story, String claim, String smsText, EmailSender.Email email) {
        String rk = story.residentKey().orElseThrow();
        boolean phone = story.contact().get() instanceof Contact.Phone;
        if (phone && sms.optedOut(rk)) {
            return Notice.OPTED_OUT;
        }
        if (!(sms.claimMessage(InboundSms.Provider.AWS, claim, clock.instant()) instanceof SmsStore.Claimed)) {
            return Notice.ALREADY_HANDLED;
        }
        boolean allowed = !phone || sms.allowReply(rk, clock.instant(), Conversation.REPLIES_PER_HOUR);
        if (allowed) {
            try {
                if (story.contact().get() instanceof Contact.Phone number) {
                    senders.apply(sms.provider(rk).orElse(InboundSms.Provider.AWS)).send(number.e164(), smsText);
                } else if (story.contact().get() instanceof Contact.Email address) {
                    this.email.send(new EmailSender.Email(address.address(), email.subject(), email.text()));
                }
            } catch (RuntimeException e) {
                sms.releaseMessage(InboundSms.Provider.AWS, claim);
                throw e;
            }
        }
        sms.completeMessage(InboundSms.Provider.AWS, claim, allowed ? Optional.of("(sent)") : Optional.empty(),
                clock.instant());
        return allowed ? Notice.SENT : Notice.LIMITED;
    }
}
