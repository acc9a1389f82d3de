package org.tellonce.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.core.intake.Limits;
import org.tellonce.core.sms.Conversation;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.SecurityFigures;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;

/**
 * Abuse limits: 10 stories per contact per hour (the 11th is a 429 with Retry-After, or by SMS stored
 * nowhere), a contact typed on the web counted apart from the number's own SMS, so stories filed under
 * someone's number never silence them; no SMS reply to our own number; no more than 10 SMS replies to
 * one number in an hour, whatever it sends.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AbuseIntegrationTest {
    private static final String NAME = "AbuseIntegrationTest";
    private static final String OUR_NUMBER = "+447700900000";

    private static LocalStack stack;
    private static StackClient client;
    private static TableItems table;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        client = new StackClient(stack.baseUrl());
        table = new TableItems(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** The limits count per clock hour: a test that would straddle the hour waits for the next one. */
    @BeforeEach
    void notAcrossTheHour() throws InterruptedException {
        while (3600 - Instant.now().getEpochSecond() % 3600 < 30) {
            Thread.sleep(1000);
        }
    }

    @Test
    void theEleventhStoryFromOneContactInAnHourIsRefused429WithRetryAfterAndStoredNowhere() {
        String contact = "abuse." + UUID.randomUUID() + "@example.org";
        for (int i = 0; i < Limits.STORIES_PER_CONTACT_PER_HOUR; i++) {
            // The same person however they type their address.
            String typed = i % 2 == 0 ? contact : "  " + contact.toUpperCase() + " ";
            Response told = client.postJson(StoryJson.aStory().contact(typed).json());
            assertThat(told.status()).as("story " + (i + 1) + ": " + told).isEqualTo(201);
        }
        int before = table.count();
        StoryJson eleventh = StoryJson.aStory().contact(contact);
        StoryJson twelfth = StoryJson.aStory().contact(contact.toUpperCase());

        Response json = client.postJson(eleventh.json(), "Idempotency-Key", "abuse-" + UUID.randomUUID());
        Response form = client.postForm(FormBodies.of("submission", "abuse-" + UUID.randomUUID(), "story",
                twelfth.text(), "contact", contact, "consent", "private"));

        assertThat(json.status()).as(json.toString()).isEqualTo(429);
        assertThat(json.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(json.json().path("error").asText()).isEqualTo("rate_limited");
        assertThat(json.header("retry-after")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 3600));
        assertThat(form.status()).isEqualTo(429);
        assertThat(form.header("retry-after")).isPresent();
        assertThat(form.setCookies()).isEmpty();
        assertThat(table.storiesTelling(eleventh.text())).isEmpty();
        assertThat(table.storiesTelling(twelfth.text())).isEmpty();
        assertThat(table.count()).as("nothing written for refused stories").isEqualTo(before);
        Response someoneElse = client.postJson(StoryJson.aStory().contact("other." + contact).json());
        assertThat(someoneElse.status()).as("the limit is per contact").isEqualTo(201);
        SecurityFigures.record(NAME, "stories_refused_429", 2);
    }

    @Test
    void theEleventhStoryOfTheHourBySmsIsStoredNowhere() {
        String phone = "+447700900811";
        for (int i = 0; i < Limits.STORIES_PER_CONTACT_PER_HOUR; i++) {
            assertThat(sms(phone, OUR_NUMBER, StoryTexts.unique("By text: the zebra crossing lights are out")).status())
                    .isEqualTo(202);
        }
        String eleventh = StoryTexts.unique("By text, the eleventh: the zebra crossing lights are still out");

        sms(phone, OUR_NUMBER, eleventh);

        // Its "send more later" reply is over the hour's replies (ConversationIntegrationTest shows it).
        assertThat(table.storiesTelling(eleventh)).isEmpty();
    }

    @Test
    void storiesFiledOnTheWebUnderSomeonesNumberNeverStopThatNumbersOwnSms() {
        String phone = "+447700900814";
        for (int i = 0; i < Limits.STORIES_PER_CONTACT_PER_HOUR; i++) {
            assertThat(client.postJson(StoryJson.aStory().contact("07700 900814").json()).status()).isEqualTo(201);
        }
        assertThat(client.postJson(StoryJson.aStory().contact(phone).json()).status())
                .as("the typed number has used its hour").isEqualTo(429);
        String own = StoryTexts.unique("By text from my own phone: the zebra crossing lights are out");

        sms(phone, OUR_NUMBER, own);

        assertThat(table.storiesTelling(own)).hasSize(1);
        assertThat(repliesTo(phone)).singleElement().asString().doesNotContain("Please send more later");
    }

    @Test
    void noNumberGetsMoreThanTenRepliesInAnHourWhateverItSends() {
        String phone = "+447700900812";
        for (int i = 0; i < 15; i++) {
            sms(phone, OUR_NUMBER, i % 3 == 0 ? "HELP" : StoryTexts.unique("Message " + i + " about the broken bench"));
        }

        assertThat(repliesTo(phone)).hasSize(Conversation.REPLIES_PER_HOUR);
        SecurityFigures.record(NAME, "sms_sent_to_one_number", 15);
        SecurityFigures.record(NAME, "sms_replies_to_that_number", repliesTo(phone).size());
    }

    @Test
    void noReplyIsEverSentToOurOwnNumberAndNothingIsStoredFromIt() {
        int before = table.count();
        String text = StoryTexts.unique("A message that our own number sent to itself in a loop");

        sms(OUR_NUMBER, OUR_NUMBER, text);
        sms("07700 900000", OUR_NUMBER, "HELP");
        sms(OUR_NUMBER, "07700900000", "YES");

        assertThat(repliesTo(OUR_NUMBER)).isEmpty();
        assertThat(table.storiesTelling(text)).isEmpty();
        assertThat(table.count()).as("only the message ids are remembered").isLessThanOrEqualTo(before + 3);
    }

    private static Response sms(String from, String to, String body) {
        return client.post("/_local/sms", "application/json", ("{\"originationNumber\":\"" + from
                + "\",\"destinationNumber\":\"" + to + "\",\"messageBody\":\"" + body + "\",\"inboundMessageId\":\"abuse-"
                + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> repliesTo(String phone) {
        List<String> replies = new java.util.ArrayList<>();
        client.get("/_local/sms/outbox").json().path("messages").forEach(m -> {
            if (m.path("to").asText().equals(phone)) {
                replies.add(m.path("body").asText());
            }
        });
        return replies;
    }
}
