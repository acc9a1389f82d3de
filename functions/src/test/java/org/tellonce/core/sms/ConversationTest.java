package org.tellonce.core.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tellonce.core.intake.IntakeService;
import org.tellonce.core.intake.StoryValidator;
import org.tellonce.core.language.Language;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;
import org.tellonce.core.story.Topics;
import org.tellonce.testing.ManualClock;

/** The SMS conversation as a resident lives it: text a story, answer YES/ANON/NO, STOP, START, a language. */
public class ConversationTest {
    private static final String RESIDENT = "+447700900123";
    private static final String OURS = "+447700900999";
    private static final String STORY = "The bus shelter on London Road has been broken for a month.";
    private static final SmsTexts ENGLISH = SmsTexts.ENGLISH;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:05:00Z"));
    private final InMemoryStories stories = new InMemoryStories();
    private final InMemorySmsStore sms = new InMemorySmsStore(stories);
    private final ResidentKeys residentKeys = new ResidentKeys("test-secret".getBytes(StandardCharsets.UTF_8));
    private static final Topics TOPICS = new Topics(List.of("health", "social-care", "housing", "transport"));
    private static final String TOPIC_LIST = "1 Health, 2 Social care, 3 Housing, 4 Transport";

    private final Conversation conversation = new Conversation(new IntakeService(stories,
            new StoryValidator(TOPICS), residentKeys, clock), sms, residentKeys, clock, TOPICS,
            new SmsSelfService(sms, stories, stories));
    private final RoutingSweep sweep = new RoutingSweep(sms);
    private final SmsDelivery delivery = new SmsDelivery(conversation, sms, clock);
    private int messages;

    /** A new message from the resident (a new provider id each time); returns what we texted back. */
    private Optional<String> says(String text) {
        return deliver("SM" + (++messages), RESIDENT, text).reply();
    }

    private SmsDelivery.Result deliver(String messageId, String from, String text) {
        return delivery.deliver(new InboundSms(InboundSms.Provider.TWILIO, messageId, from, OURS, text));
    }

    private Story onlyStory() {
        assertThat(stories.all()).hasSize(1);
        return stories.all().get(0);
    }

    private String reference() {
        return onlyStory().reference().value();
    }

    @Test
    void aStoryByTextIsStoredPrivateUntilTheResidentSaysHowToShareIt() {
        Optional<String> reply = says(STORY);

        Story story = onlyStory();
        assertThat(story.channel()).isEqualTo(Channel.SMS);
        assertThat(story.text()).isEqualTo(STORY);
        assertThat(story.consent().share()).isEqualTo(Share.PRIVATE);
        assertThat(reply).contains(ENGLISH.received(story.reference().value()));
    }

    /** Skips both routing questions. @return the reply to the last skip */
    private Optional<String> skipsTheQuestions() {
        says("SKIP");
        return says("SKIP");
    }

    @Test
    void yesSharesTheStoryWithTheResidentsDetailsOnceItsQuestionsAreAnswered() {
        says(STORY);

        assertThat(says("yes")).contains(ENGLISH.topicQuestion(reference(), TOPIC_LIST));
        assertThat(onlyStory().consent().share()).as("not shared while the questions are asked")
                .isEqualTo(Share.PRIVATE);
        assertThat(skipsTheQuestions()).contains(ENGLISH.consent(reference(), Share.IDENTIFIED));
        assertThat(onlyStory().consent().share()).isEqualTo(Share.IDENTIFIED);
    }

    @Test
    void anonSharesItWithoutThem() {
        says(STORY);

        says(" ANON ");
        assertThat(skipsTheQuestions()).contains(ENGLISH.consent(reference(), Share.ANONYMOUS));
        assertThat(onlyStory().consent().share()).isEqualTo(Share.ANONYMOUS);
    }

    @Test
    void theTopicAndAreaAnswersRouteTheStory() {
        says(STORY);
        says("YES");

        assertThat(says("1")).contains(ENGLISH.areaQuestion());
        assertThat(says("le1 5")).contains(ENGLISH.consent(reference(), Share.IDENTIFIED));
        assertThat(onlyStory().topics()).containsExactly("health");
        assertThat(onlyStory().area()).contains("LE1 5");
        assertThat(onlyStory().consent().share()).isEqualTo(Share.IDENTIFIED);
    }

    @Test
    void aTopicAnswerMayNameSeveralTopicsByNumberOrNameInAnyCase() {
        says(STORY);
        says("ANON");

        assertThat(says("transport, SOCIAL CARE 1")).contains(ENGLISH.areaQuestion());
        says("LE1");
        assertThat(onlyStory().topics()).as("in configured order").containsExactly("health", "social-care", "transport");
        assertThat(onlyStory().area()).contains("LE1");
    }

    @Test
    void skipLeavesTheTopicOutAndTheAreaIsStillAsked() {
        says(STORY);
        says("YES");

        assertThat(says("skip")).contains(ENGLISH.areaQuestion());
        assertThat(says("LE1")).contains(ENGLISH.consent(reference(), Share.IDENTIFIED));
        assertThat(onlyStory().topics()).isEmpty();
        assertThat(onlyStory().area()).contains("LE1");
    }

    @Test
    void skipLeavesTheAreaOut() {
        says(STORY);
        says("YES");
        says("3");

        assertThat(says("SKIP")).contains(ENGLISH.consent(reference(), Share.IDENTIFIED));
        assertThat(onlyStory().topics()).containsExactly("housing");
        assertThat(onlyStory().area()).isEmpty();
    }

    @Test
    void anUnreadableTopicIsAskedOnceMoreWithAHintAndThenCountsAsSkipped() {
        says(STORY);
        says("YES");

        assertThat(says("the buses")).contains(ENGLISH.topicAgain(TOPIC_LIST));
        assertThat(onlyStory().consent().share()).isEqualTo(Share.PRIVATE);
        assertThat(says("9")).as("no ninth topic").contains(ENGLISH.areaQuestion());
        says("LE1");
        assertThat(onlyStory().topics()).isEmpty();
        assertThat(onlyStory().consent().share()).as("the story was not lost").isEqualTo(Share.IDENTIFIED);
        assertThat(stories.all()).as("no answer became a story").hasSize(1);
    }

    @Test
    void anUnreadableAreaIsAskedOnceMoreWithAHint() {
        says(STORY);
        says("YES");
        says("1");

        assertThat(says("Leicester")).contains(ENGLISH.areaAgain());
        assertThat(says("LE15")).contains(ENGLISH.consent(reference(), Share.IDENTIFIED));
        assertThat(onlyStory().area()).contains("LE15");
    }

    @Test
    void helpAndStopMidQuestionsAnswerAsAlwaysAndTheQuestionsCarryOn() {
        says(STORY);
        says("YES");

        assertThat(says("HELP")).contains(ENGLISH.help());
        assertThat(says("1")).contains(ENGLISH.areaQuestion());
        assertThat(says("STOP")).contains(ENGLISH.stopped());
        assertThat(says("LE1")).as("opted out: recorded, not answered").isEmpty();
        assertThat(onlyStory().consent().share()).isEqualTo(Share.IDENTIFIED);
        assertThat(onlyStory().area()).contains("LE1");
    }

    @Test
    void withdrawMidQuestionsKeepsTheStoryPrivateAndTheSweepNeverSharesIt() {
        says(STORY);
        says("YES");

        assertThat(says("WITHDRAW")).contains(ENGLISH.withdrawn(1));
        clock.advance(Duration.ofHours(1));
        assertThat(sweep.sweep(clock.instant())).isZero();
        assertThat(onlyStory().consent().share()).isEqualTo(Share.PRIVATE);
        assertThat(says("1")).as("no question is waiting: a short message, not an answer").contains(ENGLISH.tooShort());
    }

    @Test
    void skipWithNothingBeingAskedSaysNothingIsWaiting() {
        assertThat(says("SKIP")).contains(ENGLISH.nothingPending());
    }

    @Test
    void unansweredQuestionsShareTheStoryWithWhatIsKnownAfterThirtyMinutes() {
        says(STORY);
        says("ANON");
        says("1");

        clock.advance(RoutingSweep.PATIENCE.minusMinutes(1));
        assertThat(sweep.sweep(clock.instant())).as("still within the half hour").isZero();
        assertThat(onlyStory().consent().share()).isEqualTo(Share.PRIVATE);

        clock.advance(Duration.ofMinutes(2));
        assertThat(sweep.sweep(clock.instant())).isEqualTo(1);
        assertThat(onlyStory().consent().share()).isEqualTo(Share.ANONYMOUS);
        assertThat(onlyStory().topics()).containsExactly("health");
        assertThat(sweep.sweep(clock.instant())).as("once").isZero();
    }

    @Test
    void aLateAnswerAfterTheSweepIsToldTheStoryIsSharedAndStartsNothingNew() {
        says(STORY);
        says("YES");
        clock.advance(Duration.ofMinutes(31));
        sweep.sweep(clock.instant());

        assertThat(says("LE1")).as("a short message, not an answer").contains(ENGLISH.tooShort());
        assertThat(onlyStory().consent().share()).isEqualTo(Share.IDENTIFIED);
    }

    @Test
    void theSweepAndAnAnswerReadingTheSameQuestionNeverBothApply() {
        says(STORY);
        says("YES");
        Routing asking = sms.newestRouting(residentKey()).orElseThrow();

        assertThat(says("1")).contains(ENGLISH.areaQuestion());
        assertThat(sms.completeRouting(residentKey(), asking)).as("the sweep read the question before the answer")
                .isFalse();
        assertThat(says("LE1")).contains(ENGLISH.consent(reference(), Share.IDENTIFIED));
        assertThat(onlyStory().topics()).containsExactly("health");
    }

    @Test
    void theTopicQuestionIsInTheConversationsLanguageWithLocalisedTopicNames() {
        says("POLSKI");
        says(STORY);

        assertThat(says("TAK")).contains(SmsTexts.in(Language.PL).topicQuestion(reference(),
                "1 Zdrowie, 2 Opieka spoleczna, 3 Mieszkanie, 4 Transport"));
        assertThat(says("opieka społeczna")).contains(SmsTexts.in(Language.PL).areaQuestion());
        assertThat(says("POMIN")).contains(SmsTexts.in(Language.PL).consent(reference(), Share.IDENTIFIED));
        assertThat(onlyStory().topics()).containsExactly("social-care");
    }

    // --- STATUS and DELETE ----------------------------------------------------------------------------

    @Test
    void statusGivesTheNewestStoryWhoHasItAndTheLatestReply() {
        says("The lights in the underpass have been out since January.");
        clock.advance(Duration.ofMinutes(1));
        says(STORY);
        Reference newest = stories.all().get(1).reference();
        stories.share(newest, "healthwatch", "Healthwatch Leicester");
        stories.share(newest, "council", "Leicester City Council");
        stories.respond(newest, "Leicester City Council", "We have sent an engineer.", clock.instant());
        stories.respond(newest, "Healthwatch Leicester", "Thank you, noted.", clock.instant().minusSeconds(60));

        assertThat(says("status")).contains(ENGLISH.status(newest.value(),
                List.of("Healthwatch Leicester", "Leicester City Council"), Optional.of("We have sent an engineer.")));
        assertThat(says("STATUS").orElseThrow()).contains(newest.value(), "Healthwatch Leicester",
                "Leicester City Council", "We have sent an engineer.");
    }

    @Test
    void statusOfAStoryNobodyHasYetSaysSoAndANumberWithNoStoriesIsToldThat() {
        assertThat(says("STATUS")).contains(ENGLISH.noStories());
        says(STORY);

        assertThat(says("STATUS").orElseThrow()).isEqualTo(ENGLISH.status(reference(), List.of(), Optional.empty()))
                .contains("no one yet", "none yet");
    }

    @Test
    void statusMidQuestionsAnswersAndTheQuestionsCarryOn() {
        says(STORY);
        says("YES");

        assertThat(says("STATUS").orElseThrow()).contains(reference());
        assertThat(says("1")).contains(ENGLISH.areaQuestion());
    }

    @Test
    void deleteAsksToConfirmWithTheNewestReferenceAndDeleteWithTheReferenceErasesIt() {
        says(STORY);

        assertThat(says("DELETE")).contains(ENGLISH.deleteConfirm(reference()));
        assertThat(onlyStory().status()).isEqualTo(Story.Status.RECEIVED);
        assertThat(says("delete " + reference().toLowerCase(java.util.Locale.ROOT))).contains(ENGLISH.deleted(reference()));
        assertThat(onlyStory().status()).isEqualTo(Story.Status.ERASED);
        assertThat(onlyStory().text()).isEmpty();
        assertThat(says("DELETE " + reference())).as("erased already").contains(ENGLISH.deleteNotFound(reference()));
    }

    @Test
    void deleteOfAnotherNumbersStoryGetsTheSameNotFoundAnswerAndErasesNothing() {
        deliver("SM-other", "+447700900456", STORY);
        String theirs = reference();

        assertThat(says("DELETE " + theirs)).contains(ENGLISH.deleteNotFound(theirs));
        assertThat(says("DELETE TO-222222")).contains(ENGLISH.deleteNotFound("TO-222222"));
        assertThat(says("DELETE")).as("this number has no stories").contains(ENGLISH.noStories());
        assertThat(onlyStory().status()).isEqualTo(Story.Status.RECEIVED);
    }

    @Test
    void deleteMidQuestionsErasesTheStoryAndTheSweepSharesNothing() {
        says(STORY);
        says("ANON");

        assertThat(says("DELETE " + reference())).contains(ENGLISH.deleted(reference()));
        clock.advance(Duration.ofHours(1));
        assertThat(sweep.sweep(clock.instant())).isZero();
        assertThat(onlyStory().status()).isEqualTo(Story.Status.ERASED);
        assertThat(onlyStory().consent().share()).isEqualTo(Share.PRIVATE);
    }

    @Test
    void theWelshAndPolishWordsForDeleteWork() {
        says("CYMRAEG");
        says(STORY);

        assertThat(says("DILEU " + reference())).contains(SmsTexts.in(Language.CY).deleted(reference()));
    }

    private String residentKey() {
        return residentKeys.of(new org.tellonce.core.story.Contact.Phone(RESIDENT));
    }

    @Test
    void noKeepsItPrivateAndALaterYesFindsNothingToShare() {
        says(STORY);

        assertThat(says("NO")).contains(ENGLISH.consent(reference(), Share.PRIVATE));
        assertThat(says("YES")).contains(ENGLISH.nothingPending());
        assertThat(onlyStory().consent().share()).isEqualTo(Share.PRIVATE);
    }

    @Test
    void yesWithNoStoryWaitingSaysSo() {
        assertThat(says("YES")).contains(ENGLISH.nothingPending());
        assertThat(stories.all()).isEmpty();
    }

    @Test
    void yesAnswersTheNewestStoryStillThere() {
        says(STORY);
        Reference first = onlyStory().reference();
        says("And the lights in the underpass have been out since January.");
        Reference newest = stories.all().stream().map(Story::reference).filter(r -> !r.equals(first))
                .findFirst().orElseThrow();
        stories.erase(newest);

        assertThat(says("YES")).as("the newest was erased on the web: the one before it")
                .contains(ENGLISH.topicQuestion(first.value(), TOPIC_LIST));
    }

    @Test
    void stopIsConfirmedOnceAndNothingElseIsTextedUntilStart() {
        says(STORY);

        assertThat(says("STOP")).contains(ENGLISH.stopped());
        assertThat(says("STOP")).as("already opted out: no second confirmation").isEmpty();
        assertThat(says("HELP")).isEmpty();
        assertThat(says("YES")).as("still recorded, just not answered").isEmpty();
        assertThat(skipsTheQuestions()).isEmpty();
        assertThat(onlyStory().consent().share()).isEqualTo(Share.IDENTIFIED);

        assertThat(says("START")).contains(ENGLISH.started());
        assertThat(says("HELP")).contains(ENGLISH.help());
    }

    @Test
    void stopIsConfirmedInTheConversationsLanguageEvenWhenTheHourlyRepliesAreSpent() {
        says("POLSKI");
        for (int i = 1; i < Conversation.REPLIES_PER_HOUR; i++) {
            says("HELP");
        }
        assertThat(says("HELP")).as("over the hourly allowance").isEmpty();

        assertThat(says("STOP")).contains(SmsTexts.in(Language.PL).stopped());
    }

    @Test
    void withdrawMakesEveryStoryOfTheNumberPrivate() {
        says(STORY);
        says("YES");
        skipsTheQuestions();
        says("The pavement outside the school is cracked and people trip.");
        says("ANON");
        skipsTheQuestions();

        assertThat(says("WITHDRAW")).contains(ENGLISH.withdrawn(2));
        assertThat(stories.all()).extracting(s -> s.consent().share()).containsOnly(Share.PRIVATE);
    }

    @Test
    void cymraegTurnsTheConversationWelshAndTheStoryRecordsIt() {
        SmsTexts welsh = SmsTexts.in(Language.CY);

        assertThat(says("cymraeg")).contains(welsh.languageChosen());
        assertThat(says(STORY)).contains(welsh.received(reference()));
        assertThat(onlyStory().language()).isEqualTo(Language.CY.tag());
        assertThat(says("IE")).as("Welsh for YES").contains(welsh.topicQuestion(reference(), TOPIC_LIST
                .replace("Health", "Iechyd").replace("Social care", "Gofal cymdeithasol").replace("Housing", "Tai")
                .replace("Transport", "Trafnidiaeth")));
        says("HEPGOR");
        assertThat(says("HEPGOR")).as("Welsh for SKIP").contains(welsh.consent(reference(), Share.IDENTIFIED));

        assertThat(says("POLSKI")).contains(SmsTexts.in(Language.PL).languageChosen());
        assertThat(says("ENGLISH")).contains(ENGLISH.languageChosen());
    }

    @Test
    void aTooShortStoryIsNotStoredAndTheResidentIsTold() {
        assertThat(says("Bins")).contains(ENGLISH.tooShort());
        assertThat(stories.all()).isEmpty();
    }

    @Test
    void theSameStoryTwiceIsStoredOnce() {
        says(STORY);

        assertThat(says(STORY)).contains(ENGLISH.duplicate(reference()));
        assertThat(stories.all()).hasSize(1);
    }

    @Test
    void aNumberGetsAtMostTenRepliesAnHourWhateverItSends() {
        List<Optional<String>> replies = new ArrayList<>();
        for (int i = 0; i < Conversation.REPLIES_PER_HOUR + 5; i++) {
            replies.add(says("HELP"));
        }

        assertThat(replies.stream().filter(Optional::isPresent)).hasSize(Conversation.REPLIES_PER_HOUR);
        assertThat(replies.subList(Conversation.REPLIES_PER_HOUR, replies.size())).containsOnly(Optional.empty());

        clock.advance(Duration.ofHours(1));
        assertThat(says("HELP")).as("the next hour").contains(ENGLISH.help());
    }

    @Test
    void aRedeliveredMessageStoresTheStoryOnceAndRepeatsTheFirstReply() {
        SmsDelivery.Result first = deliver("SM-same", RESIDENT, STORY);
        SmsDelivery.Result again = deliver("SM-same", RESIDENT, STORY);

        assertThat(first.firstDelivery()).isTrue();
        assertThat(again.firstDelivery()).isFalse();
        assertThat(again.reply()).isEqualTo(first.reply()).contains(ENGLISH.received(reference()));
        assertThat(stories.all()).hasSize(1);
    }

    @Test
    void aTwilioDeliveryOverlappingTheFirstWaitsForTheFirstAnswerAndRepeatsIt() throws Exception {
        String firstAnswer = ENGLISH.received("TO-ABC234");
        sms.claimMessage(InboundSms.Provider.TWILIO, "SM-busy", clock.instant());
        CompletableFuture<SmsDelivery.Result> overlapping =
                CompletableFuture.supplyAsync(() -> deliver("SM-busy", RESIDENT, STORY));

        Thread.sleep(200);
        sms.completeMessage(InboundSms.Provider.TWILIO, "SM-busy", Optional.of(firstAnswer), clock.instant());

        assertThat(overlapping.get(5, TimeUnit.SECONDS).reply()).contains(firstAnswer);
        assertThat(stories.all()).as("told once, by the first delivery").isEmpty();
    }

    @Test
    void aTwilioDeliveryWhoseFirstIsStillAtWorkAfterTheWaitSaysWeAreOnIt() {
        sms.claimMessage(InboundSms.Provider.TWILIO, "SM-slow", clock.instant());
        SmsDelivery impatient = new SmsDelivery(conversation, sms, clock, Duration.ofMillis(100));

        SmsDelivery.Result result = impatient.deliver(new InboundSms(InboundSms.Provider.TWILIO, "SM-slow", RESIDENT,
                OURS, STORY));

        assertThat(result.reply()).contains(ENGLISH.onIt());
        assertThat(stories.all()).isEmpty();
    }

    @Test
    void aReplyThatCouldNotBeSentIsSentOnTheRetryAndTheStoryIsStillStoredOnce() {
        InboundSms message = new InboundSms(InboundSms.Provider.AWS, "aws-1", RESIDENT, OURS, STORY);
        assertThatThrownBy(() -> delivery.deliver(message, reply -> {
            throw new IllegalStateException("provider throttled");
        })).isInstanceOf(IllegalStateException.class);

        List<String> sent = new ArrayList<>();
        SmsDelivery.Result retry = delivery.deliver(message, sent::add);

        assertThat(retry.firstDelivery()).isTrue();
        assertThat(sent).containsExactly(ENGLISH.received(reference()));
        assertThat(stories.all()).hasSize(1);
    }

    @Test
    void aMessageFromOurOwnNumberIsNeverAnswered() {
        assertThat(deliver("SM-loop", OURS, STORY).reply()).isEmpty();
        assertThat(stories.all()).isEmpty();
    }
}
