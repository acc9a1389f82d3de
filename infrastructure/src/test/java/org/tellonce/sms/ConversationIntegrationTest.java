package org.tellonce.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.adapters.dynamo.DynamoSmsStore;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.config.Config;
import org.tellonce.core.language.Language;
import org.tellonce.core.sms.Keyword;
import org.tellonce.core.sms.RoutingAnswers;
import org.tellonce.core.story.Topics;
import org.tellonce.handlers.sms.SmsRoutingSweepHandler;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.core.sms.Conversation;
import org.tellonce.core.sms.ResponseNotifier;
import org.tellonce.core.sms.SmsSender;
import org.tellonce.core.sms.SmsTexts;
import org.tellonce.core.story.Share;
import org.tellonce.handlers.sms.ResponseNotifierHandler;
import org.tellonce.handlers.sms.SmsInboundHandler;
import org.tellonce.http.Json;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.AtOnce;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;
import org.tellonce.testing.TestPhones;
import org.tellonce.wiring.Wiring;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The SMS conversation engine (SPEC §5) against a real table on moto: messages go in as End
 * User Messaging SNS events through {@link SmsInboundHandler}, replies come out of the local outbox.
 * The engine's clock is held still, so "within an hour" never straddles a real hour boundary.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConversationIntegrationTest {
    private static final Pattern REFERENCE = Pattern.compile("TO-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}");
    private static final String OUR_NUMBER = "+447700900000";

    private static LocalStack stack;
    private static TableItems table;
    private static StackClient web;
    private static SettableClock clock;
    private static SmsInboundHandler inbound;
    private static ResponseNotifierHandler responses;
    private static final LocalOutbox OUTBOX = new LocalOutbox();
    private static String topicList;
    private static String voluntaryKey;
    private static String healthLe1Key;
    private static String housingKey;
    private static SmsRoutingSweepHandler sweep;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        table = new TableItems(stack);
        web = new StackClient(stack.baseUrl());
        // Shares need a partner: one that takes every topic everywhere.
        PartnerAdmin partners = new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()));
        voluntaryKey = partners.add("voluntary-action", "Voluntary Action", List.of("*"), List.of()).apiKey();
        healthLe1Key = partners.add("healthwatch-le1", "Healthwatch Leicester", List.of("health"), List.of("LE1"))
                .apiKey();
        housingKey = partners.add("housing-trust", "Housing Trust", List.of("housing"), List.of()).apiKey();
        topicList = new RoutingAnswers(Topics.parse(stack.environment("SmsInboundFunction").get("TOPICS")))
                .numberedList(Language.EN);

        clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofMinutes(20)));
        inbound = new SmsInboundHandler(smsFunction("SmsInboundFunction", Map.of()));
        responses = new ResponseNotifierHandler(smsFunction("ResponseNotifierFunction", Map.of()));
        sweep = new SmsRoutingSweepHandler(smsFunction("SmsRoutingSweepFunction", Map.of()));
    }

    /** The function as the stack wires it, on this test's clock and outbox, with {@code settings} added. */
    private static Wiring smsFunction(String functionId, Map<String, String> settings) {
        Map<String, String> environment = new java.util.HashMap<>(stack.environment(functionId));
        environment.putAll(settings);
        return new Wiring(Config.from(environment), stack.overrides().withClock(clock).withSender(OUTBOX));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    // --- a story and the consent keywords ----------------------------------------------------------

    @Test
    void aMessageThatIsNotAKeywordIsAPrivateStoryAndTheReplyGivesItsReferenceAndAsksForConsent() {
        Phone resident = new Phone();
        String text = StoryTexts.unique("The bins on Brook Street have not been emptied for a fortnight.");

        String reply = resident.says(text).orElseThrow();

        assertThat(reply).isEqualTo(SmsTexts.ENGLISH.received(referenceIn(reply)));
        var stored = table.storiesTelling(text);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("reference").s()).isEqualTo(referenceIn(reply));
        assertThat(stored.get(0).get("channel").s()).isEqualTo("sms");
        assertThat(table.phoneOf(stored.get(0))).isEqualTo(resident.number);
        assertThat(stored.get(0).get("share").s()).isEqualTo("private");
    }

    static Stream<Arguments> consentKeywords() {
        return Stream.of(
                Arguments.of("YES", Share.IDENTIFIED),
                Arguments.of("yes", Share.IDENTIFIED),
                Arguments.of("  Yes \n", Share.IDENTIFIED),
                Arguments.of("ANON", Share.ANONYMOUS),
                Arguments.of("anon", Share.ANONYMOUS),
                Arguments.of("NO", Share.PRIVATE),
                Arguments.of("No.", Share.PRIVATE));
    }

    @ParameterizedTest(name = "a story, then \"{0}\" makes it {1}")
    @MethodSource("consentKeywords")
    void aConsentKeywordDecidesHowTheStoryWaitingForAnAnswerIsShared(String keyword, Share expected) {
        Phone resident = new Phone();
        String reference = resident.tellsAStory();

        String reply = resident.consents(keyword).orElseThrow();

        assertThat(reply).isEqualTo(SmsTexts.ENGLISH.consent(reference, expected));
        assertThat(shareOf(reference)).isEqualTo(expected.wire());
    }

    @ParameterizedTest(name = "\"{0}\" with no story waiting")
    @ValueSource(strings = {"YES", "ANON", "NO"})
    void aConsentKeywordWithNoStoryWaitingGetsAHelpfulReplyAndChangesNothing(String keyword) {
        Phone resident = new Phone();

        assertThat(resident.says(keyword)).contains(SmsTexts.ENGLISH.nothingPending());
    }

    @Test
    void aStoryAlreadyAnsweredIsNoLongerWaiting() {
        Phone resident = new Phone();
        String reference = resident.tellsAStory();
        resident.consents("ANON");

        assertThat(resident.says("YES")).contains(SmsTexts.ENGLISH.nothingPending());
        assertThat(shareOf(reference)).isEqualTo("anonymous");
    }

    @RepeatedTest(value = 10, name = "trial {currentRepetition}")
    void yesAndAnonAtOnceForOneStoryExactlyOneAppliesAndTheOtherIsToldNothingIsWaiting() throws Exception {
        Phone resident = new Phone();
        String reference = resident.tellsAStory();
        String yes = SmsTexts.ENGLISH.consent(reference, Share.IDENTIFIED);
        String anon = SmsTexts.ENGLISH.consent(reference, Share.ANONYMOUS);

        List<String> replies = resident.saysAtOnce("YES", "ANON");

        assertThat(replies).as("one reply each").hasSize(2);
        assertThat(replies).filteredOn(SmsTexts.ENGLISH.topicQuestion(reference, topicList)::equals)
                .as("answers applied").hasSize(1);
        assertThat(replies).filteredOn(SmsTexts.ENGLISH.nothingPending()::equals).hasSize(1);
        resident.says("SKIP");
        String shared = resident.says("SKIP").orElseThrow();
        assertThat(shared).isIn(yes, anon);
        Share confirmed = shared.equals(yes) ? Share.IDENTIFIED : Share.ANONYMOUS;
        assertThat(shareOf(reference)).as("the stored consent is the one confirmed").isEqualTo(confirmed.wire());
    }

    @Test
    void withTwoStoriesWaitingAnAnswerAppliesToTheNewestAndTheNextAnswerToTheOlder() {
        Phone resident = new Phone();
        String older = resident.tellsAStory();
        String newer = resident.tellsAStory();

        assertThat(resident.says("NO")).contains(SmsTexts.ENGLISH.consent(newer, Share.PRIVATE));
        assertThat(shareOf(newer)).isEqualTo("private");
        assertThat(shareOf(older)).isEqualTo("private");

        assertThat(resident.consents("YES")).contains(SmsTexts.ENGLISH.consent(older, Share.IDENTIFIED));
        assertThat(shareOf(older)).isEqualTo("identified");
        assertThat(shareOf(newer)).as("the first answer stands").isEqualTo("private");

        assertThat(resident.says("ANON")).contains(SmsTexts.ENGLISH.nothingPending());
    }

    // --- routing: the topic and area questions, and the sweep ---------------------------------------

    @Test
    void anSmsStoryAnsweredYesHealthAndLe1ReachesTheHealthPartnerInLe1AndNotTheHousingPartner() {
        Phone resident = new Phone();
        String reference = resident.tellsAStory();

        assertThat(resident.says("YES")).contains(SmsTexts.ENGLISH.topicQuestion(reference, topicList));
        assertThat(topicList).startsWith("1 Health, 2 Social care, ");
        assertThat(shareOf(reference)).as("not shared while the questions are asked").isEqualTo("private");
        assertThat(resident.says("1")).contains(SmsTexts.ENGLISH.areaQuestion());
        assertThat(resident.says("LE1")).contains(SmsTexts.ENGLISH.consent(reference, Share.IDENTIFIED));

        JsonNode item = awaitInFeed(healthLe1Key, reference);
        assertThat(item.path("topics").toString()).isEqualTo("[\"health\"]");
        assertThat(item.path("area").asText()).isEqualTo("LE1");
        awaitShares(reference, 2);
        assertThat(feedReferences(housingKey)).doesNotContain(reference);
    }

    @Test
    void anSmsStoryAnsweredAnonAndThenNothingIsSharedByTheScheduledSweepAfterThirtyMinutes() {
        Phone resident = new Phone();
        String reference = resident.tellsAStory();
        resident.says("ANON");

        sweep.handleRequest(Map.of("time", clock.instant().plus(Duration.ofMinutes(29)).toString()), null);
        assertThat(shareOf(reference)).as("29 minutes: still asking").isEqualTo("private");

        StackClient.Response run = web.post("/_local/schedule/SmsRoutingSweepFunction", "application/json",
                ("{\"time\":\"" + clock.instant().plus(Duration.ofMinutes(31)) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(shareOf(reference)).isEqualTo("anonymous");
        awaitShares(reference, 1);
        assertThat(feedReferences(housingKey)).as("no topic: only partners for every topic").doesNotContain(reference);
        assertThat(resident.says("1")).as("nothing is asked any more: a short message").contains(
                SmsTexts.ENGLISH.tooShort());
    }

    @RepeatedTest(value = 5, name = "trial {currentRepetition}")
    void aLateAreaAnswerAndTheSweepAtOnceRouteTheStoryExactlyOnce() throws Exception {
        Phone resident = new Phone();
        String reference = resident.tellsAStory();
        resident.says("YES");
        resident.says("1");
        long versionBefore = versionOf(reference);
        String late = clock.instant().plus(Duration.ofMinutes(31)).toString();

        List<String> replies = AtOnce.run(2, List.<Callable<String>>of(
                () -> resident.says("LE1").orElse(""),
                () -> sweep.handleRequest(Map.of("time", late), null).toString()));

        assertThat(replies.get(0)).as("being shared; or, when the sweep came first, a short message")
                .isIn(SmsTexts.ENGLISH.consent(reference, Share.IDENTIFIED), SmsTexts.ENGLISH.tooShort());
        assertThat(versionOf(reference)).as("one change of the story, by whichever came first")
                .isEqualTo(versionBefore + 1);
        assertThat(shareOf(reference)).isEqualTo("identified");
        assertThat(resident.says("LE2")).as("nothing is asked any more").contains(SmsTexts.ENGLISH.tooShort());
    }

    @Test
    void withdrawWhileTheQuestionsAreAskedKeepsTheStoryPrivateAndTheSweepLeavesItAlone() {
        Phone resident = new Phone();
        String reference = resident.tellsAStory();
        resident.says("YES");
        resident.says("1");

        assertThat(resident.says("WITHDRAW")).contains(SmsTexts.ENGLISH.withdrawn(1));
        sweep.handleRequest(Map.of("time", clock.instant().plus(Duration.ofHours(1)).toString()), null);

        assertThat(shareOf(reference)).isEqualTo("private");
        assertThat(shares(reference)).isZero();
    }

    // --- STATUS and DELETE ---------------------------------------------------------------------------

    @Test
    void statusNamesThePartnersWhoHaveTheNewestStoryAndDeleteWithItsReferenceErasesItForThatNumberOnly() {
        Phone resident = new Phone();
        String reference = resident.tellsAStory();
        resident.consents("YES");
        awaitInFeed(voluntaryKey, reference);

        assertThat(resident.says("STATUS")).contains(SmsTexts.ENGLISH.status(reference, List.of("Voluntary Action"),
                Optional.empty()));
        assertThat(new Phone().says("DELETE " + reference)).as("another number")
                .contains(SmsTexts.ENGLISH.deleteNotFound(reference));
        assertThat(shareOf(reference)).isEqualTo("identified");
        assertThat(resident.says("DELETE")).contains(SmsTexts.ENGLISH.deleteConfirm(reference));

        assertThat(resident.says("DELETE " + reference)).contains(SmsTexts.ENGLISH.deleted(reference));
        assertThat(statusOf(reference)).isEqualTo("erased");
        assertThat(resident.says("STATUS")).contains(SmsTexts.ENGLISH.noStories());
    }

    // --- STOP and START ---------------------------------------------------------------------------

    @Test
    void afterStopsConfirmationNothingAtAllIsSentToTheNumberFromAnyPathUntilStart() {
        Phone resident = new Phone();
        String reference = resident.tellsAStory();
        resident.consents("YES");

        assertThat(resident.says("STOP")).as("STOP's one confirmation").contains(SmsTexts.ENGLISH.stopped());
        List<String> sentBeforeStop = resident.outbox();

        String later = StoryTexts.unique("Another thing: the streetlights on Mill Lane are out again.");
        assertThat(resident.says(later)).as("a story").isEmpty();
        assertThat(table.storiesTelling(later)).as("the story is still kept").hasSize(1);
        assertThat(resident.says("HELP")).as("HELP").isEmpty();
        assertThat(resident.says("YES")).as("a consent keyword").isEmpty();
        partnerResponds(reference, "We have passed this to the council's highways team.");
        assertThat(resident.outbox()).as("a partner's response").isEqualTo(sentBeforeStop);
        assertThat(shareOf(reference)).as("STOP leaves consent as it was").isEqualTo("identified");

        assertThat(resident.says("START")).contains(SmsTexts.ENGLISH.started());
        assertThat(resident.says("HELP")).contains(SmsTexts.ENGLISH.help());
        partnerResponds(reference, "The lights are fixed.");
        assertThat(resident.outbox()).last().satisfies(m -> assertThat(m).contains("The lights are fixed."));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "stop"})
    void everyStopWordOptsOutAndStartOptsBackIn(String stopWord) {
        Phone resident = new Phone();

        assertThat(resident.says(stopWord)).contains(SmsTexts.ENGLISH.stopped());
        assertThat(resident.says("HELP")).isEmpty();
        assertThat(resident.says("start")).contains(SmsTexts.ENGLISH.started());
        assertThat(resident.says("HELP")).contains(SmsTexts.ENGLISH.help());
    }

    @Test
    void twoStopsAtOnceAreConfirmedOnceAndAStopWhenAlreadyOptedOutGetsNothing() throws Exception {
        Phone resident = new Phone();

        List<String> replies = resident.saysAtOnce("STOP", "STOP");

        assertThat(replies).containsExactly(SmsTexts.ENGLISH.stopped());
        assertThat(resident.says("STOP")).as("already opted out").isEmpty();
        assertThat(resident.outbox()).containsExactly(SmsTexts.ENGLISH.stopped());
    }

    @Test
    void stopIsConfirmedInTheNumbersLanguageEvenWhenTheHourlyRepliesAreSpent() {
        Phone resident = new Phone();
        resident.says("CYMRAEG");
        for (int i = 2; i <= Conversation.REPLIES_PER_HOUR; i++) {
            resident.says("HELP");
        }
        assertThat(resident.says("HELP")).as("over the hourly allowance").isEmpty();

        assertThat(resident.says("STOP")).contains(SmsTexts.in(Language.CY).stopped());
    }

    // --- the language of the conversation ---------------------------------------------------------

    @Test
    void aConversationSwitchedToWelshIsAnsweredInWelshFromThenOnAndTheStoryRecordsIt() {
        SmsTexts welsh = SmsTexts.in(Language.CY);
        Phone resident = new Phone();
        assertThat(resident.says("HELP")).as("English until the number chooses").contains(SmsTexts.ENGLISH.help());

        assertThat(resident.says("cymraeg")).contains(welsh.languageChosen());
        assertThat(welsh.languageChosen()).startsWith("TellOnce: byddwn yn anfon negeseuon atoch yn Gymraeg.");

        String text = StoryTexts.unique("Mae'r bws i'r ysbyty yn hwyr bob bore ers mis Mawrth.");
        String reply = resident.says(text).orElseThrow();
        String reference = referenceIn(reply);
        assertThat(reply).isEqualTo(welsh.received(reference))
                .startsWith("TellOnce: diolch, mae eich stori wedi'i chadw fel " + reference + ".");
        assertThat(table.storiesTelling(text).get(0).get("language").s()).as("partners see it is in Welsh")
                .isEqualTo("cy");
        assertThat(resident.says("IE").orElseThrow()).as("the Welsh for YES").startsWith("TellOnce: diolch. Am beth mae " + reference);
        resident.says("HEPGOR");
        assertThat(resident.says("HEPGOR")).as("the Welsh for SKIP").contains(welsh.consent(reference, Share.IDENTIFIED));
        assertThat(shareOf(reference)).isEqualTo("identified");
        clock.advance(Duration.ofHours(1));
        assertThat(resident.says("YES")).as("English keywords still work, answered in Welsh")
                .contains(welsh.nothingPending());
        assertThat(resident.says("Bins!!")).contains(welsh.tooShort());
        assertThat(resident.says("HELP")).contains(welsh.help());
        assertThat(resident.says(text)).contains(welsh.duplicate(reference));
        assertThat(resident.says("tynnu’n ôl")).as("with a phone's curly apostrophe").contains(welsh.withdrawn(1));
        assertThat(welsh.withdrawn(1)).isEqualTo(
                "TellOnce: wedi'i wneud. Mae eich stori bellach yn breifat a dydy hi ddim yn cael ei rhannu mwyach.");

        // The hourly reply allowance is spent; an hour later the number is still answered in Welsh.
        for (int i = 0; i < Conversation.REPLIES_PER_HOUR && resident.says("HELP").isPresent(); i++) {
            assertThat(resident.outbox()).last().isEqualTo(welsh.help());
        }
        assertThat(resident.says("HELP")).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(resident.says("CYMORTH")).contains(welsh.help());
        assertThat(resident.says("ENGLISH")).contains(SmsTexts.ENGLISH.languageChosen());
        assertThat(resident.says("HELP")).contains(SmsTexts.ENGLISH.help());
    }

    @Test
    void aConversationSwitchedToPolishIsAnsweredInPolishAcrossMessagesAndTheRateLimitTooIsInPolish() {
        SmsTexts polish = SmsTexts.in(Language.PL);
        Phone resident = new Phone();

        assertThat(resident.says("Polski")).contains(polish.languageChosen());
        String first = referenceIn(resident.says(StoryTexts.unique("Winda w naszym bloku nie dziala od szesciu tygodni."))
                .orElseThrow());
        assertThat(resident.outbox().get(resident.outbox().size() - 1)).isEqualTo(polish.received(first));
        assertThat(resident.consents("TAK")).contains(polish.consent(first, Share.IDENTIFIED));
        String second = referenceIn(resident.says(StoryTexts.unique("Nikt nie odbiera telefonu w przychodni rano."))
                .orElseThrow());
        assertThat(resident.consents("anonim")).contains(polish.consent(second, Share.ANONYMOUS));
        clock.advance(Duration.ofHours(1));
        assertThat(resident.says("POMOC")).as("a new hour's replies").contains(polish.help());
        assertThat(resident.says("WYCOFAJ")).contains(polish.withdrawn(2));
        assertThat(polish.withdrawn(2)).isEqualTo(
                "TellOnce: gotowe. Twoje historie (2) sa teraz prywatne i nie sa juz udostepniane.");
        assertThat(shareOf(first)).isEqualTo("private");
        assertThat(shareOf(second)).isEqualTo("private");

        // An operator lowered the hourly limit for this function.
        Phone busy = new Phone(TestPhones.next(), new SmsInboundHandler(smsFunction("SmsInboundFunction",
                Map.of("STORIES_PER_CONTACT_PER_HOUR", "2"))));
        busy.says("POLSKI");
        busy.says(StoryTexts.unique("The street lights on our road have been off for a week."));
        busy.says(StoryTexts.unique("The bins on our road were not collected this week."));
        assertThat(busy.says(StoryTexts.unique("One story too many about the potholes on our road.")))
                .contains(polish.rateLimited());
    }

    @Test
    void aPartnersResponseToAStoryToldInWelshIsTextedInWelsh() {
        Phone resident = new Phone();
        resident.says("CYMRAEG");
        String reference = referenceIn(resident.says(StoryTexts.unique(
                "Mae'r palmant y tu allan i'r feddygfa wedi torri.")).orElseThrow());
        resident.says("IE");

        partnerResponds(reference, "Diolch, rydym wedi rhoi gwybod i'r cyngor.");

        List<String> outbox = resident.outbox();
        assertThat(outbox.get(outbox.size() - 1)).isEqualTo(SmsTexts.in(Language.CY).partnerResponse(
                "Voluntary Action", reference, "Diolch, rydym wedi rhoi gwybod i'r cyngor."))
                .startsWith("TellOnce: mae Voluntary Action wedi ateb am " + reference + ": ");
    }

    // --- partners' responses by SMS ----------------------------------------------------------------

    @Test
    void aPartnersResponseWhoseSendingFailsIsSentOnceWhenTheStreamRetriesIt() {
        Phone resident = new Phone();
        String reference = resident.tellsAStory();
        resident.says("YES");
        FailingOnce sender = new FailingOnce();
        Wiring wiring = smsFunction("ResponseNotifierFunction", Map.of());
        ResponseNotifier bySms = new ResponseNotifier(wiring.storyStore(),
                new DynamoSmsStore(stack.dynamo(), stack.table()), wiring.residentKeys(), provider -> sender, clock);
        ResponseNotifierHandler notifier = new ResponseNotifierHandler(r -> bySms.forward(r).name(), wiring.fieldCipher());
        DynamodbEvent response = responseRecord(reference, "We have raised the broken pavement with the council.");

        assertThat(notifier.handleRequest(response, null).getBatchItemFailures())
                .as("the provider failed: the record is reported for retry").hasSize(1);
        assertThat(notifier.handleRequest(response, null).getBatchItemFailures()).as("the retry").isEmpty();
        assertThat(notifier.handleRequest(response, null).getBatchItemFailures()).as("a redelivery").isEmpty();

        assertThat(sender.sent).containsExactly(resident.number + ": " + SmsTexts.ENGLISH.partnerResponse(
                "Voluntary Action", reference, "We have raised the broken pavement with the council."));
    }

    /** An SMS provider whose first send fails (throttled, say) and later ones go through. */
    private static final class FailingOnce implements SmsSender {
        final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public void send(String toE164, String body) {
            if (failed.compareAndSet(false, true)) {
                throw new IllegalStateException("provider throttled");
            }
            sent.add(toE164 + ": " + body);
        }
    }

    // --- WITHDRAW ---------------------------------------------------------------------------------

    @Test
    void withdrawMakesEveryStoryOfTheNumberPrivateAndUnsharedIncludingOneFromTheWebForm() {
        Phone resident = new Phone();
        String bySms = resident.tellsAStory();
        resident.consents("YES");
        // The same person on the web form, typing their number the national way.
        StoryJson webStory = StoryJson.aStory().contact(TestPhones.national(resident.number)).consent("anonymous");
        StackClient.Response submitted = web.postJson(webStory.json());
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        String byWeb = submitted.json().path("reference").asText();
        awaitShares(bySms, 1);
        awaitShares(byWeb, 1);

        String reply = resident.says("WITHDRAW").orElseThrow();

        assertThat(reply).isEqualTo(SmsTexts.ENGLISH.withdrawn(2));
        assertThat(shareOf(bySms)).isEqualTo("private");
        assertThat(shareOf(byWeb)).isEqualTo("private");
        awaitShares(bySms, 0);
        awaitShares(byWeb, 0);
    }

    @Test
    void withdrawAlsoAnswersAStoryStillWaitingSoALaterYesSharesNothing() {
        Phone resident = new Phone();
        String reference = resident.tellsAStory();

        assertThat(resident.says("WITHDRAW")).contains(SmsTexts.ENGLISH.withdrawn(1));
        assertThat(resident.says("YES")).contains(SmsTexts.ENGLISH.nothingPending());
        assertThat(shareOf(reference)).isEqualTo("private");
    }

    // --- HELP, ourselves, short messages, the reply allowance ------------------------------------

    @Test
    void helpIsAnsweredWithTheHelpText() {
        assertThat(new Phone().says("help")).contains(SmsTexts.ENGLISH.help());
    }

    @Test
    void aMessageFromOurOwnNumberIsNeverAnsweredNorStored() {
        Phone us = new Phone(OUR_NUMBER);
        String text = StoryTexts.unique("Automatic message: delivery report for message 12345.");

        assertThat(us.says(text)).isEmpty();
        assertThat(us.says("HELP")).isEmpty();
        assertThat(table.storiesTelling(text)).isEmpty();
    }

    @Test
    void aTooShortMessageAsksForALittleMoreAndStoresNothing() {
        Phone resident = new Phone();
        int storiesBefore = table.stories().size();

        assertThat(resident.says("Bins!!")).contains(SmsTexts.ENGLISH.tooShort());
        assertThat(resident.says("   ")).contains(SmsTexts.ENGLISH.tooShort());
        assertThat(table.stories()).hasSize(storiesBefore);
    }

    @Test
    void theEleventhReplyWithinAnHourIsNotSentAndTheNextHourStartsAgain() {
        Phone resident = new Phone();
        for (int i = 1; i <= Conversation.REPLIES_PER_HOUR; i++) {
            assertThat(resident.says("HELP")).as("reply " + i).contains(SmsTexts.ENGLISH.help());
        }

        String eleventh = StoryTexts.unique("One more thing about the bus stop on London Road.");
        assertThat(resident.says(eleventh)).as("the 11th reply").isEmpty();
        assertThat(table.storiesTelling(eleventh)).as("the story is still kept").hasSize(1);
        assertThat(resident.outbox()).hasSize(Conversation.REPLIES_PER_HOUR);

        clock.advance(Duration.ofHours(1));
        assertThat(resident.says("HELP")).contains(SmsTexts.ENGLISH.help());
    }

    // --- helpers ----------------------------------------------------------------------------------

    /** A resident's phone: what it sends goes in as an SNS event, what it gets is read from the outbox. */
    private static final class Phone {
        final String number;
        final SmsInboundHandler via;

        Phone() {
            this(TestPhones.next());
        }

        Phone(String number) {
            this(number, inbound);
        }

        Phone(String number, SmsInboundHandler via) {
            this.number = number;
            this.via = via;
        }

        /** @return the reply this message brought, if any (never more than one) */
        Optional<String> says(String text) {
            int before = outbox().size();
            via.handleRequest(snsEvent(text), null);
            List<String> after = outbox();
            assertThat(after.size() - before).as("replies to one message").isLessThanOrEqualTo(1);
            return after.size() > before ? Optional.of(after.get(after.size() - 1)) : Optional.empty();
        }

        /** Sends every text at the same moment (each its own message); @return the replies they brought */
        List<String> saysAtOnce(String... texts) throws InterruptedException {
            int before = outbox().size();
            List<Callable<Void>> sends = Stream.of(texts).<Callable<Void>>map(text -> () -> {
                via.handleRequest(snsEvent(text), null);
                return null;
            }).toList();
            AtOnce.run(texts.length, sends);
            List<String> after = outbox();
            return after.subList(before, after.size());
        }

        /** A consent keyword, and for YES or ANON both routing questions skipped; @return the last reply */
        Optional<String> consents(String keyword) {
            Optional<String> reply = says(keyword);
            if (Keyword.of(keyword).orElseThrow() == Keyword.NO) {
                return reply;
            }
            says("SKIP");
            return says("SKIP");
        }

        String tellsAStory() {
            return referenceIn(says(StoryTexts.unique("The pavement outside the surgery is broken and "
                    + "I nearly fell.")).orElseThrow());
        }

        /** The text as End User Messaging publishes it to SNS, under a new message id. */
        SNSEvent snsEvent(String text) {
            ObjectNode message = Json.object();
            message.put("originationNumber", number);
            message.put("destinationNumber", OUR_NUMBER);
            message.put("messageKeyword", "KEYWORD_123456789012");
            message.put("messageBody", text);
            message.put("inboundMessageId", UUID.randomUUID().toString());
            message.putNull("previousPublishedMessageId");
            return new SNSEvent().withRecords(List.of(new SNSEvent.SNSRecord()
                    .withEventSource("aws:sns")
                    .withSns(new SNSEvent.SNS().withMessage(Json.write(message)))));
        }

        List<String> outbox() {
            return OUTBOX.sent().stream().filter(m -> m.to().equals(number)).map(LocalOutbox.Sent::body).toList();
        }
    }

    private static String referenceIn(String reply) {
        Matcher m = REFERENCE.matcher(reply);
        assertThat(m.find()).as("a reference in: " + reply).isTrue();
        return m.group();
    }

    /**
     * Waits (at most 10 s) for the story in the partner's feed. This test's own handlers do not wake the
     * stack's stream poller, which then looks every 2 s.
     */
    private static JsonNode awaitInFeed(String partnerKey, String reference) {
        Instant deadline = Instant.now().plusSeconds(10);
        Optional<JsonNode> item;
        while ((item = feedItem(partnerKey, reference)).isEmpty() && Instant.now().isBefore(deadline)) {
            pause();
        }
        return item.orElseThrow(() -> new AssertionError(reference + " not in the partner's feed"));
    }

    private static Optional<JsonNode> feedItem(String partnerKey, String reference) {
        StackClient.Response page = web.get("/partner/stories?limit=100", "Authorization", "Bearer " + partnerKey);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        List<JsonNode> items = new java.util.ArrayList<>();
        page.json().path("items").forEach(items::add);
        return items.stream().filter(i -> i.path("reference").asText().equals(reference)).findFirst();
    }

    private static List<String> feedReferences(String partnerKey) {
        StackClient.Response page = web.get("/partner/stories?limit=100", "Authorization", "Bearer " + partnerKey);
        List<String> references = new java.util.ArrayList<>();
        page.json().path("items").forEach(i -> references.add(i.path("reference").asText()));
        return references;
    }

    private static String statusOf(String reference) {
        return stack.dynamo().getItem(b -> b.tableName(stack.table()).consistentRead(true)
                        .key(Map.of(Table.PK, item("STORY#" + reference), Table.SK, item(Table.STORY_SK))))
                .item().get("status").s();
    }

    private static long versionOf(String reference) {
        return Long.parseLong(stack.dynamo().getItem(b -> b.tableName(stack.table()).consistentRead(true)
                        .key(Map.of(Table.PK, item("STORY#" + reference), Table.SK, item(Table.STORY_SK))))
                .item().get("version").n());
    }

    private static String shareOf(String reference) {
        return stack.dynamo().getItem(b -> b.tableName(stack.table()).consistentRead(true)
                        .key(Map.of(Table.PK, item("STORY#" + reference), Table.SK, item(Table.STORY_SK))))
                .item().get("share").s();
    }

    /**
     * Waits (at most 5 s) until the fan-out has given the story exactly this many shares. This test's own
     * handlers do not wake the stack's stream poller, which then looks every 2 s.
     */
    private static void awaitShares(String reference, int count) {
        Instant deadline = Instant.now().plusSeconds(5);
        int shares;
        while ((shares = shares(reference)) != count && Instant.now().isBefore(deadline)) {
            pause();
        }
        assertThat(shares).as("shares of " + reference).isEqualTo(count);
    }

    private static int shares(String reference) {
        return stack.dynamo().query(QueryRequest.builder().tableName(stack.table()).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :share)")
                .expressionAttributeValues(Map.of(":pk", item("STORY#" + reference),
                        ":share", item(Table.SHARE_PREFIX)))
                .build()).count();
    }

    /** A string attribute of the SDK (table items), not of the Lambda stream event model. */
    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue item(String value) {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(value);
    }

    /** Between two looks at the table while polling. */
    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A partner's response reaching the notifier, as the table stream delivers its RESPONSE# item
     * (built here rather than written, so the response goes through this test's clock and outbox).
     */
    private static void partnerResponds(String reference, String text) {
        assertThat(responses.handleRequest(responseRecord(reference, text), null).getBatchItemFailures()).isEmpty();
    }

    private static DynamodbEvent responseRecord(String reference, String text) {
        String responseId = UUID.randomUUID().toString();
        String at = clock.instant().toString();
        Map<String, AttributeValue> image = Map.of(
                Table.PK, new AttributeValue().withS("STORY#" + reference),
                Table.SK, new AttributeValue().withS(Table.RESPONSE_PREFIX + at + "#" + responseId),
                "type", new AttributeValue().withS("response"),
                "responseId", new AttributeValue().withS(responseId),
                "partnerId", new AttributeValue().withS("voluntary-action"),
                "partnerName", new AttributeValue().withS("Voluntary Action"),
                "text", new AttributeValue().withS(text),
                "at", new AttributeValue().withS(at));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setEventSource("aws:dynamodb");
        record.setDynamodb(new StreamRecord()
                .withKeys(Map.of(Table.PK, image.get(Table.PK), Table.SK, image.get(Table.SK)))
                .withNewImage(image)
                .withSequenceNumber(Long.toString(System.nanoTime()))
                .withStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.NEW_AND_OLD_IMAGES));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(new ArrayList<>(List.of(record)));
        return event;
    }

    /** A clock the test moves by hand. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
