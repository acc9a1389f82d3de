package org.tellonce.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.core.sharing.Redactor;
import org.tellonce.core.sms.SmsTexts;
import org.tellonce.http.Json;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TwilioRequests;

/**
 * SMS through the local stack, as residents and partners meet it: texts arrive on
 * {@code POST /_local/sms} (End User Messaging via SNS) or {@code POST /sms/twilio}, replies land
 * in {@code GET /_local/sms/outbox}, partners read {@code GET /partner/stories} with their key.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmsEndToEndIntegrationTest {
    private static final Pattern REFERENCE = Pattern.compile("TO-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}");
    private static final String OUR_NUMBER = "+447700900000";
    private static final Duration FEED_WITHIN = Duration.ofSeconds(2);
    private static final Duration SMS_WITHIN = Duration.ofSeconds(3);

    private static LocalStack stack;
    private static StackClient http;
    private static TableItems table;
    private static String partnerKey;

    @BeforeAll
    static void startStackWithAPartnerForEverything() {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        http = new StackClient(stack.baseUrl());
        table = new TableItems(stack);
        partnerKey = new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()))
                .add("healthwatch", "Healthwatch Leicester", List.of("*"), List.of()).apiKey();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    // --- consent by SMS, seen from the partner's feed ---------------------------------------------

    @Test
    void anSmsStoryAnsweredYesReachesThePartnerWithTheNumberInE164AndChannelSms() {
        Phone resident = new Phone();
        String text = StoryTexts.unique("The GP surgery phone line rings out every morning at eight.");
        String reference = resident.tellsStory(text);

        resident.consents("YES");

        JsonNode item = awaitInFeed(reference);
        assertThat(item.path("channel").asText()).isEqualTo("sms");
        assertThat(item.path("text").asText()).isEqualTo(text);
        assertThat(item.path("contact").path("phone").asText()).isEqualTo(resident.number)
                .matches("\\+[1-9][0-9]{7,14}");
        Response one = partnerGet("/partner/stories/" + item.path("storyId").asText());
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
    }

    @Test
    void anSmsStoryAnsweredAnonReachesThePartnerWithoutContactAndWithTheNumberInTheTextMasked() {
        Phone resident = new Phone();
        String national = TestPhones.national(resident.number);
        String text = StoryTexts.unique("Damp in my flat again since March, please ring me on " + national + ".");
        String reference = resident.tellsStory(text);

        resident.consents("ANON");

        JsonNode item = awaitInFeed(reference);
        assertThat(item.path("contact").isNull()).as(item.toString()).isTrue();
        assertThat(item.path("text").asText())
                .doesNotContain(national)
                .doesNotContain(resident.number)
                .doesNotContain(national.substring(6))
                .contains(Redactor.PHONE_REMOVED)
                .startsWith("Damp in my flat again since March");
    }

    @Test
    void withdrawByTextTakesEveryStoryOfTheNumberOutOfTheFeed() {
        Phone resident = new Phone();
        String first = resident.tellsStory(StoryTexts.unique("The footpath by the canal floods after any rain."));
        resident.consents("YES");
        String second = resident.tellsStory(StoryTexts.unique("Also the bridge lights by the canal are broken."));
        resident.consents("ANON");
        String firstId = awaitInFeed(first).path("storyId").asText();
        String secondId = awaitInFeed(second).path("storyId").asText();

        assertThat(resident.sends("WITHDRAW")).hasValueSatisfying(r -> assertThat(r).contains("no longer shared"));

        List<JsonNode> feed = await(FEED_WITHIN, SmsEndToEndIntegrationTest::feed,
                items -> items.stream().noneMatch(i -> i.path("reference").asText().equals(first)
                        || i.path("reference").asText().equals(second)));
        assertThat(feed).extracting(i -> i.path("reference").asText()).doesNotContain(first, second);
        assertThat(partnerGet("/partner/stories/" + firstId).status()).isEqualTo(404);
        assertThat(partnerGet("/partner/stories/" + secondId).status()).isEqualTo(404);
    }

    // --- partners' responses by SMS --------------------------------------------------------------

    @Test
    void aPartnersResponseToAnSmsStoryReachesTheResidentByTextExactlyOnce() {
        Phone resident = new Phone();
        String reference = resident.tellsStory(StoryTexts.unique("Nobody told us the day centre was closing."));
        resident.consents("YES");
        String storyId = awaitInFeed(reference).path("storyId").asText();
        int before = resident.outbox().size();

        respond(storyId, "Thank you. We are asking the council why the day centre closes.");

        List<String> received = await(SMS_WITHIN, resident::outbox, o -> o.size() > before);
        assertThat(received.get(received.size() - 1))
                .isEqualTo(SmsTexts.ENGLISH.partnerResponse("Healthwatch Leicester", reference,
                        "Thank you. We are asking the council why the day centre closes."));
        // A later response arriving proves the stream has moved past the first one: it was sent once.
        respond(storyId, "Update: the centre stays open until December.");
        List<String> all = await(SMS_WITHIN, resident::outbox, o -> o.stream().anyMatch(m -> m.contains("December")));
        assertThat(all).filteredOn(m -> m.contains("why the day centre closes")).hasSize(1);
        assertThat(all).filteredOn(m -> m.contains("December")).hasSize(1);
    }

    @Test
    void aResidentWhoTextsCymraegIsAnsweredInWelshAndThePartnersResponseArrivesInWelsh() {
        org.tellonce.core.sms.SmsTexts welsh = org.tellonce.core.sms.SmsTexts.in(org.tellonce.core.language.Language.CY);
        Phone resident = new Phone();
        assertThat(resident.sends("CYMRAEG")).contains(welsh.languageChosen());
        String text = StoryTexts.unique("Mae'r ganolfan ddydd yn cau heb i neb ddweud wrthym.");
        String reference = resident.tellsStory(text);
        assertThat(resident.outbox()).last().isEqualTo(welsh.received(reference));
        assertThat(resident.consents("IE")).contains(welsh.consent(reference, org.tellonce.core.story.Share.IDENTIFIED));
        JsonNode item = awaitInFeed(reference);
        assertThat(item.path("language").asText()).as("the partner sees the story is in Welsh").isEqualTo("cy");
        int before = resident.outbox().size();

        respond(item.path("storyId").asText(), "Diolch. Rydym yn holi'r cyngor pam mae'r ganolfan yn cau.");

        List<String> received = await(SMS_WITHIN, resident::outbox, o -> o.size() > before);
        assertThat(received.get(received.size() - 1)).isEqualTo(welsh.partnerResponse("Healthwatch Leicester",
                reference, "Diolch. Rydym yn holi'r cyngor pam mae'r ganolfan yn cau."))
                .startsWith("TellOnce: mae Healthwatch Leicester wedi ateb am " + reference + ": Diolch.");
    }

    @Test
    void afterStopAPartnersResponseIsNotTextedToTheResident() {
        Phone stopped = new Phone();
        String reference = stopped.tellsStory(StoryTexts.unique("The bus shelter on Narborough Road has no roof."));
        stopped.consents("YES");
        String storyId = awaitInFeed(reference).path("storyId").asText();
        Phone other = new Phone();
        String otherReference = other.tellsStory(StoryTexts.unique("The bus shelter on Hinckley Road is fine."));
        other.consents("YES");
        String otherStoryId = awaitInFeed(otherReference).path("storyId").asText();

        assertThat(stopped.sends("STOP")).contains(SmsTexts.ENGLISH.stopped());
        List<String> beforeResponse = stopped.outbox();
        respond(storyId, "We have reported the shelter roof to the transport team.");
        // Responses are notified in stream order: once the other resident has theirs, ours was decided.
        respond(otherStoryId, "Thank you for letting us know.");
        await(SMS_WITHIN, other::outbox, o -> o.stream().anyMatch(m -> m.contains("Thank you for letting us know.")));

        assertThat(stopped.outbox()).isEqualTo(beforeResponse);
        assertThat(stopped.sends("HELP")).isEmpty();
    }

    @Test
    void stopIsConfirmedOnceInTheOutboxHoweverOftenItIsSent() {
        Phone resident = new Phone();

        resident.sends("STOP");
        resident.sends("stop");

        assertThat(resident.outbox()).containsExactly(SmsTexts.ENGLISH.stopped());
    }

    // --- Twilio over HTTP ------------------------------------------------------------------------

    @Test
    void aSignedTwilioWebhookIsAnsweredWithTwimlGivingTheReference() {
        String from = TestPhones.next();
        String text = StoryTexts.unique("The swimming pool changing rooms have no working showers.");
        TwilioRequests.Signed request = twilio(newSid(), from, text);

        Response response = postTwilio(request.body(), request.signature());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/xml"));
        assertThat(response.body()).startsWith("<?xml").contains("<Response><Message>TellOnce: thank you")
                .endsWith("</Message></Response>");
        var stored = table.storiesTelling(text);
        assertThat(stored).hasSize(1);
        assertThat(response.body()).contains(stored.get(0).get("reference").s());
        assertThat(table.phoneOf(stored.get(0))).isEqualTo(from);
        assertThat(stored.get(0).get("channel").s()).isEqualTo("sms");
    }

    @Test
    void aTwilioWebhookWithABadOrMissingSignatureIs403AndStoresNothing() {
        String text = StoryTexts.unique("Someone pretending to be Twilio sends this story.");
        TwilioRequests.Signed genuine = twilio(newSid(), TestPhones.next(), text);
        TwilioRequests.Signed otherToken = TwilioRequests.message("not-our-token",
                stack.baseUrl() + "/sms/twilio", newSid(), TestPhones.next(), OUR_NUMBER, text);
        TwilioRequests.Signed forAnotherUrl = TwilioRequests.message(LocalStack.LOCAL_TWILIO_TOKEN,
                "https://attacker.example/sms/twilio", newSid(), TestPhones.next(), OUR_NUMBER, text);
        int storiesBefore = table.stories().size();

        List<Response> refused = new ArrayList<>();
        refused.add(postTwilio(genuine.body(), null));
        refused.add(postTwilio(genuine.body(), ""));
        refused.add(postTwilio(genuine.body(), "bm90IGEgc2lnbmF0dXJl"));
        refused.add(postTwilio(otherToken.body(), otherToken.signature()));
        refused.add(postTwilio(forAnotherUrl.body(), forAnotherUrl.signature()));
        refused.add(postTwilio(genuine.body().replace("Body=Someone", "Body=Nobody"), genuine.signature()));

        assertThat(refused).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(403));
        assertThat(table.storiesTelling(text)).isEmpty();
        assertThat(table.stories()).hasSize(storiesBefore);
    }

    @Test
    void aStopByTwilioIsConfirmedInTheTwimlOnceAndAStopAfterItIsAnsweredWithNothing() {
        String from = TestPhones.next();
        TwilioRequests.Signed stop = twilio(newSid(), from, "STOP");
        TwilioRequests.Signed again = twilio(newSid(), from, "STOP");

        Response first = postTwilio(stop.body(), stop.signature());
        Response second = postTwilio(again.body(), again.signature());

        assertThat(first.body()).contains("<Message>" + SmsTexts.ENGLISH.stopped() + "</Message>");
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.body()).doesNotContain("<Message>");
    }

    @Test
    void theSameTwilioMessageSidTwiceIsOneStoryAnsweredTheSameWay() {
        String text = StoryTexts.unique("The lift at the station has been out of order for a month.");
        TwilioRequests.Signed request = twilio(newSid(), TestPhones.next(), text);

        Response first = postTwilio(request.body(), request.signature());
        Response again = postTwilio(request.body(), request.signature());

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(table.storiesTelling(text)).hasSize(1);
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** A resident's phone on End User Messaging: texts go to /_local/sms, replies come from the outbox. */
    private static final class Phone {
        final String number = TestPhones.next();

        /** YES, ANON (or IE) and both routing questions skipped; @return the last reply */
        Optional<String> consents(String keyword) {
            sends(keyword);
            sends("SKIP");
            return sends("SKIP");
        }

        /** @return the reply to this text, if one was sent */
        Optional<String> sends(String text) {
            int before = outbox().size();
            ObjectNode message = Json.object();
            message.put("originationNumber", number);
            message.put("destinationNumber", OUR_NUMBER);
            message.put("messageBody", text);
            message.put("inboundMessageId", UUID.randomUUID().toString());
            Response response = http.post("/_local/sms", "application/json",
                    Json.write(message).getBytes(StandardCharsets.UTF_8));
            assertThat(response.status()).as(response.toString()).isEqualTo(202);
            List<String> after = outbox();
            assertThat(after.size() - before).as("replies to one text").isLessThanOrEqualTo(1);
            return after.size() > before ? Optional.of(after.get(after.size() - 1)) : Optional.empty();
        }

        String tellsStory(String text) {
            String reply = sends(text).orElseThrow(() -> new AssertionError("no reply to a story"));
            Matcher m = REFERENCE.matcher(reply);
            assertThat(m.find()).as(reply).isTrue();
            return m.group();
        }

        List<String> outbox() {
            List<String> bodies = new ArrayList<>();
            for (JsonNode m : http.get("/_local/sms/outbox").json().path("messages")) {
                if (m.path("to").asText().equals(number)) {
                    bodies.add(m.path("body").asText());
                }
            }
            return bodies;
        }
    }

    private static Response partnerGet(String path) {
        return http.get(path, "Authorization", "Bearer " + partnerKey);
    }

    /** The partner's whole feed, following nextCursor to the end. */
    private static List<JsonNode> feed() {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            Response page = partnerGet("/partner/stories?limit=100"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            page.json().path("items").forEach(items::add);
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
        } while (cursor != null);
        return items;
    }

    private static JsonNode awaitInFeed(String reference) {
        List<JsonNode> feed = await(FEED_WITHIN, SmsEndToEndIntegrationTest::feed,
                items -> items.stream().anyMatch(i -> i.path("reference").asText().equals(reference)));
        return feed.stream().filter(i -> i.path("reference").asText().equals(reference)).findFirst()
                .orElseThrow(() -> new AssertionError(reference + " not in the feed within " + FEED_WITHIN));
    }

    private static void respond(String storyId, String text) {
        ObjectNode body = Json.object();
        body.put("text", text);
        Response response = http.post("/partner/stories/" + storyId + "/responses", "application/json",
                Json.write(body).getBytes(StandardCharsets.UTF_8), "Authorization", "Bearer " + partnerKey);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private static TwilioRequests.Signed twilio(String sid, String from, String text) {
        return TwilioRequests.message(LocalStack.LOCAL_TWILIO_TOKEN, stack.baseUrl() + "/sms/twilio",
                sid, from, OUR_NUMBER, text);
    }

    private static String newSid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    private static Response postTwilio(String form, String signature) {
        byte[] body = form.getBytes(StandardCharsets.US_ASCII);
        return signature == null
                ? http.post("/sms/twilio", "application/x-www-form-urlencoded", body)
                : http.post("/sms/twilio", "application/x-www-form-urlencoded", body, "X-Twilio-Signature", signature);
    }

    /** Asks again (every 20 ms) until the answer satisfies {@code done} or the time is up; returns the last answer. */
    private static <T> T await(Duration within, Supplier<T> ask, Predicate<T> done) {
        Instant deadline = Instant.now().plus(within);
        T answer = ask.get();
        while (!done.test(answer) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            answer = ask.get();
        }
        assertThat(done.test(answer)).as("within " + within + ": " + answer).isTrue();
        return answer;
    }
}
