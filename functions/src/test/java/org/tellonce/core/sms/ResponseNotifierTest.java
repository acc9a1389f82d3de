package org.tellonce.core.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.language.Language;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;
import org.tellonce.testing.ManualClock;

/** A partner's answer to a story told by SMS reaches the resident's phone: once, politely, in their language. */
public class ResponseNotifierTest {
    private static final String PHONE = "+447700900123";
    private static final String ANSWER = "We have raised the broken shelter with the council.";

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:05:00Z"));
    private final InMemoryStories stories = new InMemoryStories();
    private final InMemorySmsStore sms = new InMemorySmsStore(stories);
    private final ResidentKeys residentKeys = new ResidentKeys("test-secret".getBytes(StandardCharsets.UTF_8));
    private final String residentKey = residentKeys.of(new Contact.Phone(PHONE));
    private final List<String> aws = new ArrayList<>();
    private final List<String> twilio = new ArrayList<>();
    private final ResponseNotifier notifier = new ResponseNotifier(stories, sms, residentKeys,
            provider -> (to, body) -> (provider == InboundSms.Provider.TWILIO ? twilio : aws).add(to + ": " + body),
            clock);
    private int responses;

    private Reference aStory(Channel channel, String language) {
        Reference reference = Reference.parse("TO-ABCDE" + Reference.ALPHABET.charAt(stories.all().size())).orElseThrow();
        stories.put(new Story("id-" + reference.value(), reference, clock.instant(), channel,
                "The bus shelter on London Road is broken.", List.of(), Optional.empty(), language, Optional.empty(),
                Optional.of(new Contact.Phone(PHONE)), new Consent(Share.IDENTIFIED, List.of()),
                Optional.of(residentKey), Story.Status.RECEIVED));
        return reference;
    }

    private ResponseNotifier.Response answerTo(Reference reference) {
        return new ResponseNotifier.Response(reference, "response-" + (++responses), "Voluntary Action", ANSWER);
    }

    private String texted(Reference reference, Language language) {
        return PHONE + ": " + SmsTexts.in(language).partnerResponse("Voluntary Action", reference.value(), ANSWER);
    }

    @Test
    void anAnswerToAStoryToldBySmsIsTextedOnceHoweverOftenTheStreamDeliversIt() {
        Reference story = aStory(Channel.SMS, "en");
        ResponseNotifier.Response answer = answerTo(story);

        assertThat(notifier.forward(answer)).isEqualTo(ResponseNotifier.Outcome.SENT);
        assertThat(notifier.forward(answer)).isEqualTo(ResponseNotifier.Outcome.ALREADY_HANDLED);

        assertThat(aws).containsExactly(texted(story, Language.EN));
    }

    @Test
    void anAnswerThatCouldNotBeSentIsSentOnTheRetry() {
        Reference story = aStory(Channel.SMS, "en");
        ResponseNotifier.Response answer = answerTo(story);
        List<String> sent = new ArrayList<>();
        boolean[] failed = {false};
        ResponseNotifier flaky = new ResponseNotifier(stories, sms, residentKeys, provider -> (to, body) -> {
            if (!failed[0]) {
                failed[0] = true;
                throw new IllegalStateException("throttled");
            }
            sent.add(body);
        }, clock);

        assertThatThrownBy(() -> flaky.forward(answer)).isInstanceOf(IllegalStateException.class);
        assertThat(flaky.forward(answer)).isEqualTo(ResponseNotifier.Outcome.SENT);
        assertThat(flaky.forward(answer)).isEqualTo(ResponseNotifier.Outcome.ALREADY_HANDLED);
        assertThat(sent).hasSize(1);
    }

    @Test
    void anOptedOutNumberIsNeverTexted() {
        Reference story = aStory(Channel.SMS, "en");
        sms.setOptedOut(residentKey, true, clock.instant());

        assertThat(notifier.forward(answerTo(story))).isEqualTo(ResponseNotifier.Outcome.OPTED_OUT);
        assertThat(aws).isEmpty();
    }

    @Test
    void aStoryToldOnTheWebIsAnsweredOnTheWebOnly() {
        Reference story = aStory(Channel.WEB, "en");

        assertThat(notifier.forward(answerTo(story))).isEqualTo(ResponseNotifier.Outcome.NOT_BY_SMS);
        assertThat(aws).isEmpty();
    }

    @Test
    void theAnswerIsInTheLanguageTheNumberChoseElseTheStorysLanguage() {
        Reference polish = aStory(Channel.SMS, "pl");
        notifier.forward(answerTo(polish));
        sms.setLanguage(residentKey, Language.CY, clock.instant());
        notifier.forward(answerTo(polish));

        assertThat(aws).containsExactly(texted(polish, Language.PL), texted(polish, Language.CY));
    }

    @Test
    void theAnswerGoesThroughTheProviderTheResidentLastWroteThrough() {
        Reference story = aStory(Channel.SMS, "en");
        sms.rememberProvider(residentKey, InboundSms.Provider.TWILIO);

        notifier.forward(answerTo(story));

        assertThat(twilio).containsExactly(texted(story, Language.EN));
        assertThat(aws).isEmpty();
    }

    @Test
    void answersCountAgainstTheNumbersHourlyReplyAllowance() {
        Reference story = aStory(Channel.SMS, "en");
        for (int i = 0; i < Conversation.REPLIES_PER_HOUR; i++) {
            assertThat(sms.allowReply(residentKey, clock.instant(), Conversation.REPLIES_PER_HOUR)).isTrue();
        }
        ResponseNotifier.Response limited = answerTo(story);

        assertThat(notifier.forward(limited)).isEqualTo(ResponseNotifier.Outcome.LIMITED);
        clock.advance(Duration.ofHours(1));
        assertThat(notifier.forward(limited)).as("not tried again later").isEqualTo(
                ResponseNotifier.Outcome.ALREADY_HANDLED);
        assertThat(notifier.forward(answerTo(story))).as("a new answer, the next hour")
                .isEqualTo(ResponseNotifier.Outcome.SENT);
        assertThat(aws).hasSize(1);
    }
}
