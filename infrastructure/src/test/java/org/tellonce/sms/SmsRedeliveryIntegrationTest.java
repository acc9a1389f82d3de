package org.tellonce.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tellonce.core.sms.SmsTexts;
import org.tellonce.http.Json;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.AtOnce;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TwilioRequests;

/**
 * SNS delivers at least once, and sometimes the same message several times at the same moment:
 * however many deliveries of one {@code inboundMessageId} arrive, and however they overlap, the
 * resident's text is one story and gets one reply. Twilio waits for its webhook's answer, so every
 * overlapping delivery of one {@code MessageSid} is answered: with the first answer, the story's reference.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmsRedeliveryIntegrationTest {
    private static LocalStack stack;
    private static StackClient http;
    private static TableItems table;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        http = new StackClient(stack.baseUrl());
        table = new TableItems(stack);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest(name = "{0} deliveries across {1} threads")
    @CsvSource({"5, 5", "20, 8"})
    void theSameMessageDeliveredManyTimesAtOnceIsOneStoryWithOneReply(int deliveries, int threads) throws Exception {
        String from = TestPhones.next();
        String text = StoryTexts.unique("The crossing outside the primary school needs a lollipop person.");
        ObjectNode message = Json.object();
        message.put("originationNumber", from);
        message.put("destinationNumber", "+447700900000");
        message.put("messageKeyword", "KEYWORD_123456789012");
        message.put("messageBody", text);
        message.put("inboundMessageId", UUID.randomUUID().toString());
        message.putNull("previousPublishedMessageId");
        byte[] body = Json.write(message).getBytes(StandardCharsets.UTF_8);

        List<Response> responses = AtOnce.repeat(deliveries, threads,
                () -> http.post("/_local/sms", "application/json", body));

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(202));
        assertThat(table.storiesTelling(text)).hasSize(1);
        List<String> replies = new ArrayList<>();
        for (JsonNode m : http.get("/_local/sms/outbox").json().path("messages")) {
            if (m.path("to").asText().equals(from)) {
                replies.add(m.path("body").asText());
            }
        }
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0)).contains(table.storiesTelling(text).get(0).get("reference").s());
    }

    @Test
    void theSameTwilioMessageSidManyTimesAtOnceIsOneStoryAndEveryAnswerGivesTheReference() throws Exception {
        String text = StoryTexts.unique("The play area in Victoria Park has a broken swing and sharp edges.");
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        TwilioRequests.Signed request = TwilioRequests.message(LocalStack.LOCAL_TWILIO_TOKEN,
                stack.baseUrl() + "/sms/twilio", sid, TestPhones.next(), "+447700900000", text);
        byte[] form = request.body().getBytes(StandardCharsets.US_ASCII);

        List<Response> answers = AtOnce.repeat(20, 20, () -> http.post("/sms/twilio",
                "application/x-www-form-urlencoded", form, "X-Twilio-Signature", request.signature()));

        assertThat(table.storiesTelling(text)).hasSize(1);
        String reference = table.storiesTelling(text).get(0).get("reference").s();
        String onIt = "<Message>" + SmsTexts.ENGLISH.onIt() + "</Message>";
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).as(a.toString()).isEqualTo(200);
            assertThat(a.body()).as("never an empty answer").contains("<Message>");
            assertThat(a.body().contains(reference) || a.body().contains(onIt)).as(a.body()).isTrue();
        });
        assertThat(answers).filteredOn(a -> a.body().contains(reference)).isNotEmpty();
    }
}
