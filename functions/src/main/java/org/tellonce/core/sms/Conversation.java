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
import org.tellonce.core.story.Topics;

/**
 * One conversation engine for both SMS providers. A message that is not a keyword starts a story
 * (consent private); keywords answer, opt out, opt in or withdraw. It returns what to reply, already
 * cleared against opt-out and the hourly reply allowance: an opted-out number never gets a reply but
 * the one confirmation of the STOP that opted it out.
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
    private final RoutingAnswers routing;
    private final SmsSelfService selfService;

    public Conversation(IntakeService intake, SmsStore store, ResidentKeys residentKeys, Clock clock, Topics topics,
            SmsSelfService selfService) {
        this(intake, store, residentKeys, clock, topics, selfService, IntakeCounter.NONE);
    }

    public Conversation(IntakeService intake, SmsStore store, ResidentKeys residentKeys, Clock clock, Topics topics,
            SmsSelfService selfService, IntakeCounter counter) {
        this.counter = counter;
        this.routing = new RoutingAnswers(topics);
        this.selfService = selfService;
        this.intake = intake;
        this.store = store;
        this.residentKeys = residentKeys;
        this.clock = clock;
    }

    /** @return the reply to send, if any */
    public Optional<String> handle(InboundSms message) {
        Optional<String> phone = senderPhone(message);
        if (phone.isEmpty()) {
            return Optional.empty();
        }
        String residentKey = residentKeys.of(new Contact.Phone(phone.get()));
        store.rememberProvider(residentKey, message.provider());
        Optional<Keyword> keyword = Keyword.of(message.body());
        SmsTexts texts = SmsTexts.in(store.language(residentKey).orElse(Language.EN));
        if (keyword.equals(Optional.of(Keyword.STOP))) {
            return stop(residentKey, texts);
        }
        Optional<String> reply = Keyword.deletion(message.body())
                .map(reference -> selfService.delete(residentKey, reference, texts))
                .or(() -> reply(message, phone.get(), residentKey, keyword, texts));
        return reply.filter(r -> mayReply(residentKey));
    }

    /** A keyword's answer; otherwise the answer to a routing question, or else a new story. */
    private Optional<String> reply(InboundSms message, String phone, String residentKey, Optional<Keyword> keyword,
                                   SmsTexts texts) {
        if (keyword.isPresent() && keyword.get() != Keyword.SKIP) {
            return Optional.of(keyword(keyword.get(), residentKey, texts));
        }
        return routingAnswer(residentKey, message.body(), keyword.isPresent(), texts)
                .or(() -> keyword.isPresent() ? Optional.of(texts.nothingPending())
                        : story(message, phone, residentKey, texts));
    }

    /**
     * The answer to a delivery of a message whose first delivery is still at work: we have it.
     * Cleared against opt-out and the hourly allowance like any reply.
     */
    public Optional<String> stillWorking(InboundSms message) {
        return senderPhone(message).map(phone -> residentKeys.of(new Contact.Phone(phone)))
                .filter(this::mayReply)
                .map(residentKey -> SmsTexts.in(store.language(residentKey).orElse(Language.EN)).onIt());
    }

    /** The sender's number in E.164, unless it cannot be read or is our own (we never talk to ourselves). */
    private static Optional<String> senderPhone(InboundSms message) {
        Optional<String> ourNumber = ContactParser.phone(message.to());
        return ContactParser.phone(message.from()).filter(phone -> !ourNumber.equals(Optional.of(phone)));
    }

    private boolean mayReply(String residentKey) {
        return !store.optedOut(residentKey) && store.allowReply(residentKey, clock.instant(), REPLIES_PER_HOUR);
    }

    /**
     * STOP sends the one confirmation carriers expect, never capped: only the message that opted the number
     * out sends it (a conditional write decides between STOPs at once), so an opted-out number gets nothing.
     */
    private Optional<String> stop(String residentKey, SmsTexts texts) {
        return store.setOptedOut(residentKey, true, clock.instant()) ? Optional.of(texts.stopped()) : Optional.empty();
    }

    private String keyword(Keyword keyword, String residentKey, SmsTexts texts) {
        return switch (keyword) {
            case ENGLISH, WELSH, POLISH -> chooseLanguage(residentKey, keyword.language().orElseThrow());
            case START -> start(residentKey, texts);
            case HELP -> texts.help();
            case STATUS -> selfService.status(residentKey, texts);
            case DELETE -> selfService.confirmDelete(residentKey, texts);
            case WITHDRAW -> withdraw(residentKey, texts);
            case YES -> answer(residentKey, Share.IDENTIFIED, texts);
            case ANON -> answer(residentKey, Share.ANONYMOUS, texts);
            case NO -> answer(residentKey, Share.PRIVATE, texts);
            case STOP, SKIP -> throw new IllegalArgumentException(keyword + " is answered on its own");
        };
    }

    private String chooseLanguage(String residentKey, Language language) {
        store.setLanguage(residentKey, language, clock.instant());
        return SmsTexts.in(language).languageChosen();
    }

    private String start(String residentKey, SmsTexts texts) {
        store.setOptedOut(residentKey, false, clock.instant());
        return texts.started();
    }

    private String withdraw(String residentKey, SmsTexts texts) {
        // First, so that no routing still asking can share a story after this made it private.
        store.cancelRouting(residentKey);
        int changed = 0;
        for (Reference reference : store.stories(residentKey)) {
            if (store.setConsent(reference, residentKey, Consent.PRIVATE)) {
                changed++;
            }
        }
        store.clearPending(residentKey);
        return texts.withdrawn(changed);
    }

    /**
     * YES, ANON or NO for the newest story still waiting. Taking the story off the waiting list is a
     * conditional write, before its consent is set: of two answers at once, only the one that took it
     * applies; the other finds nothing waiting (or the next older story), as if it had come later. YES and
     * ANON do not share yet: they start the routing questions, and the consent applies when they end.
     */
    private String answer(String residentKey, Share share, SmsTexts texts) {
        Optional<Reference> pending = store.newestPending(residentKey);
        while (pending.isPresent()) {
            Reference reference = pending.get();
            Optional<String> reply = share == Share.PRIVATE ? keepPrivate(residentKey, reference, texts)
                    : startRouting(residentKey, reference, share, texts);
            if (reply.isPresent()) {
                return reply.get();
            }
            // Taken by another answer, erased, or no longer theirs: look at the next one.
            pending = store.newestPending(residentKey);
        }
        return texts.nothingPending();
    }

    private Optional<String> keepPrivate(String residentKey, Reference reference, SmsTexts texts) {
        boolean applied = store.resolvePending(residentKey, reference)
                && store.setConsent(reference, residentKey, Consent.PRIVATE);
        return applied ? Optional.of(texts.consent(reference.value(), Share.PRIVATE)) : Optional.empty();
    }

    private Optional<String> startRouting(String residentKey, Reference reference, Share share, SmsTexts texts) {
        Routing started = Routing.start(reference, share, clock.instant(), routing.asksTopic());
        if (!store.startRouting(residentKey, started)) {
            return Optional.empty();
        }
        return Optional.of(started.step() == Routing.Step.TOPIC
                ? texts.topicQuestion(reference.value(), routing.numberedList(texts.language()))
                : texts.areaQuestion());
    }

    /**
     * A message (or SKIP) while a routing asks its questions answers the newest one. An answer we cannot
     * read asks again once; after that it counts as SKIP, so the story is never stuck.
     *
     * @return empty when no routing is asking
     */
    private Optional<String> routingAnswer(String residentKey, String body, boolean skip, SmsTexts texts) {
        return store.newestRouting(residentKey).map(asking -> asking.step() == Routing.Step.TOPIC
                ? topicAnswer(residentKey, asking, body, skip, texts)
                : areaAnswer(residentKey, asking, body, skip, texts));
    }

    private String topicAnswer(String residentKey, Routing asking, String body, boolean skip, SmsTexts texts) {
        Optional<List<String>> topics = skip ? Optional.of(List.of()) : routing.topics(body, texts.language());
        if (topics.isEmpty() && !asking.retried()) {
            return ask(residentKey, asking.retrying(), texts.topicAgain(routing.numberedList(texts.language())), texts);
        }
        return ask(residentKey, asking.withTopics(topics.orElse(List.of())), texts.areaQuestion(), texts);
    }

    private String areaAnswer(String residentKey, Routing asking, String body, boolean skip, SmsTexts texts) {
        Optional<String> area = skip ? Optional.empty() : RoutingAnswers.area(body);
        if (!skip && area.isEmpty() && !asking.retried()) {
            return ask(residentKey, asking.retrying(), texts.areaAgain(), texts);
        }
        // False when the sweep shared it a moment before: either way it is being shared, once.
        store.completeRouting(residentKey, asking.withArea(area));
        return shared(asking, texts);
    }

    /** Asks the next question, unless the sweep shared the story meanwhile. */
    private String ask(String residentKey, Routing next, String question, SmsTexts texts) {
        return store.updateRouting(residentKey, next) ? question : shared(next, texts);
    }

    private static String shared(Routing routing, SmsTexts texts) {
        return texts.consent(routing.reference().value(), routing.share());
    }

    private Optional<String> story(InboundSms message, String phone, String residentKey, SmsTexts texts) {
        StoryRequest request = new StoryRequest(message.body(), List.of(), "", "", phone, texts.language().tag(),
                "private", List.of(), "");
        IntakeOutcome outcome = intake.submit(request, Channel.SMS,
                Optional.of("sms:" + message.provider().wire() + ":" + message.messageId()),
                Hashing.sha256Hex(message.body()));
        counter.count(outcome, "sms");
        if (outcome instanceof IntakeOutcome.Accepted accepted) {
            store.addPending(residentKey, accepted.reference(), clock.instant());
            String received = texts.received(accepted.reference().value());
            // A story that raised a safeguarding concern: where to find help now, in the same reply.
            return Optional.of(accepted.review().flagged() ? received + " " + texts.support() : received);
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
