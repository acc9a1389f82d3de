package org.tellonce.core.sms;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.intake.ContactParser;
import org.tellonce.core.intake.IntakeCounter;
import org.tellonce.core.intake.IntakeOutcome;
import org.tellonce.core.intake.IntakeService;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.core.intake.Violation;
import org.tellonce.core.language.Language;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;

/**
 * One conversation engine for both SMS providers. A message that is not a keyword starts a story
 * (consent private); keywords answer, opt out, opt in or withdraw. It returns what to reply, already
 * cleared against opt-out and the hourly reply allowance: an opted-out number never gets a reply.
 *
 * <p>Replies are in the language the number chose by texting ENGLISH, CYMRAEG or POLSKI (kept in
 * its SMS state, acknowledged in the new language), English until it chooses. A story told by SMS
 * records that language, so partners see it and their replies are texted back in it.
 */
public final class Conversation {
    /** No number gets more replies than this in an hour, whatever it sends (reply loops end here). */
    public static final int REPLIES_PER_HOUR = 10;

    private final IntakeService intake;
    private final SmsStore store;
    private final ResidentKeys residentKeys;
    private final Clock clock;
    private final IntakeCounter counter;

    public Conversation(IntakeService intake, SmsStore store, ResidentKeys residentKeys, Clock clock) {
        this(intake, store, residentKeys, clock, IntakeCounter.NONE);
    }

    public Conversation(IntakeService intake, SmsStore store, ResidentKeys residentKeys, Clock clock,
            IntakeCounter counter) {
        this.counter = counter;
        this.intake = intake;
        this.store = store;
        this.residentKeys = residentKeys;
        this.clock = clock;
    }

    /** @return the reply to send, if any */
    public Optional<String> handle(InboundSms message) {
        Optional<String> phone = ContactParser.phone(message.from());
        if (phone.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> ourNumber = ContactParser.phone(message.to());
        if (ourNumber.isPresent() && ourNumber.get().equals(phone.get())) {
            // Never talk to ourselves.
            return Optional.empty();
        }
        String residentKey = residentKeys.of(new Contact.Phone(phone.get()));
        store.rememberProvider(residentKey, message.provider());
        Optional<Keyword> keyword = Keyword.of(message.body());
        Language language = store.language(residentKey).orElse(Language.EN);
        Optional<String> reply = keyword.isPresent()
                ? keyword(keyword.get(), residentKey, language)
                : story(message, phone.get(), residentKey, language);
        if (reply.isEmpty() || store.optedOut(residentKey)
                || !store.allowReply(residentKey, clock.instant(), REPLIES_PER_HOUR)) {
            return Optional.empty();
        }
        return reply;
    }

    private Optional<String> keyword(Keyword keyword, String residentKey, Language language) {
        SmsTexts texts = SmsTexts.in(language);
        if (keyword.language().isPresent()) {
            store.setLanguage(residentKey, keyword.language().get(), clock.instant());
            return Optional.of(SmsTexts.in(keyword.language().get()).languageChosen());
        }
        switch (keyword) {
            case STOP:
                store.setOptedOut(residentKey, true, clock.instant());
                return Optional.empty();
            case START:
                store.setOptedOut(residentKey, false, clock.instant());
                return Optional.of(texts.started());
            case HELP:
                return Optional.of(texts.help());
            case WITHDRAW:
                List<Reference> stories = store.stories(residentKey);
                int changed = 0;
                for (Reference reference : stories) {
                    if (store.setConsent(reference, residentKey, Consent.PRIVATE)) {
                        changed++;
                    }
                }
                store.clearPending(residentKey);
                return Optional.of(texts.withdrawn(changed));
            default:
                Share share = keyword == Keyword.YES ? Share.IDENTIFIED
                        : keyword == Keyword.ANON ? Share.ANONYMOUS : Share.PRIVATE;
                Optional<Reference> pending = store.newestPending(residentKey);
                while (pending.isPresent()) {
                    Reference reference = pending.get();
                    store.resolvePending(residentKey, reference);
                    if (store.setConsent(reference, residentKey, new Consent(share, List.of()))) {
                        return Optional.of(texts.consent(reference.value(), share));
                    }
                    // Erased or no longer theirs: look at the next one.
                    pending = store.newestPending(residentKey);
                }
                return Optional.of(texts.nothingPending());
        }
    }

    private Optional<String> story(InboundSms message, String phone, String residentKey, Language language) {
        SmsTexts texts = SmsTexts.in(language);
        StoryRequest request = new StoryRequest(message.body(), List.of(), "", "", phone, language.tag(), "private",
                List.of(), "");
        IntakeOutcome outcome = intake.submit(request, Channel.SMS,
                Optional.of("sms:" + message.provider().wire() + ":" + message.messageId()),
                Hashing.sha256Hex(message.body()));
        counter.count(outcome, "sms");
        if (outcome instanceof IntakeOutcome.Accepted accepted) {
            store.addPending(residentKey, accepted.reference(), clock.instant());
            return Optional.of(texts.received(accepted.reference().value()));
        }
        if (outcome instanceof IntakeOutcome.Replayed replayed) {
            if (!replayed.duplicate()) {
                // A retry after a crash: the story must still await its answer.
                store.addPending(residentKey, replayed.reference(), clock.instant());
            }
            return Optional.of(replayed.duplicate() ? texts.duplicate(replayed.reference().value())
                    : texts.received(replayed.reference().value()));
        }
        if (outcome instanceof IntakeOutcome.Duplicate duplicate) {
            return Optional.of(texts.duplicate(duplicate.reference().value()));
        }
        if (outcome instanceof IntakeOutcome.RateLimited) {
            return Optional.of(texts.rateLimited());
        }
        if (outcome instanceof IntakeOutcome.Rejected rejected) {
            // Only the story can be wrong in a text message; anything else is something we cannot store.
            Optional<Violation> why = Optional.ofNullable(rejected.fields().get("story"));
            return Optional.of(why.map(violation -> switch (violation.rule()) {
                case STORY_TOO_LONG -> texts.tooLong();
                case STORY_EMPTY, STORY_TOO_SHORT -> texts.tooShort();
                default -> texts.cannotStore();
            }).orElseGet(texts::cannotStore));
        }
        throw new IllegalStateException("The story could not be stored yet; the delivery will be retried");
    }
}
