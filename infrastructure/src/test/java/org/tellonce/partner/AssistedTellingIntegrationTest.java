package org.tellonce.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.Residents;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TestStack;

/** A partner's staff record a story told in person or on the phone (SPEC section 15), on the local stack. */
class AssistedTellingIntegrationTest {
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String HTML = "text/html";
    private static final String OUR_NUMBER = "+447700900000";
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private static LocalStack stack;
    private static StackClient client;
    private static RawTable table;
    private static StaffMembers staff;
    private static PartnerClient foodBank;
    private static PartnerClient council;
    private static String foodBankKey;
    private static String responder;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        client = new StackClient(stack.baseUrl());
        table = new RawTable(stack);
        Http http = new Http(stack.baseUrl());
        Admin admin = new Admin(stack);
        // The helper works on food only, far away: it gets the stories it helped tell all the same.
        foodBankKey = admin.addPartner("food-bank", "Riverside Food Bank", "money", "NG");
        foodBank = new PartnerClient(http, foodBankKey);
        council = new PartnerClient(http, admin.addPartner("council", "Leicester City Council", "*", ""));
        staff = new StaffMembers(stack, admin);
        responder = staff.addAndSignIn(email("responder"), "Rhi Responder", "responder", "food-bank");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aResponderRecordsAStoryAndTheResidentGetsTheReferenceBySms() {
        String phone = TestPhones.next();

        Response recorded = record(responder, story("Told on the phone: the surgery never answers before ten.",
                phone, "identified", "verbal"));

        assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
        JsonNode body = recorded.json();
        String reference = body.path("reference").asText();
        assertThat(reference).matches("TO-[2-9A-Z]{6}");
        assertThat(body.path("storyId").asText()).isNotBlank();
        assertThat(body.path("status").asText()).isEqualTo("received");
        assertThat(body.has("manageToken")).as("the helper is not the resident").isFalse();
        assertThat(textsTo(phone)).singleElement().satisfies(sms -> assertThat(sms.body())
                .contains(reference, stack.baseUrl() + "/me"));
        Map<String, ?> item = table.storyItem(reference);
        assertThat(table.storyItem(reference).get("channel").s()).isEqualTo("assisted");
        assertThat(table.storyItem(reference).get("assistedBy").s()).isEqualTo("food-bank");
        assertThat(table.storyItem(reference).get("consentGiven").s()).isEqualTo("verbal");
        assertThat(table.storyItem(reference).get("contactProven").bool()).as("typed by the helper").isFalse();
        assertThat(item.toString()).doesNotContain("Rhi");
        // The resident, coming back with the texted number, sees which organisation recorded it (not who).
        String token = new Residents(stack).signIn(phone);
        JsonNode mine = client.get("/stories/" + reference, "Authorization", "Bearer " + token).json();
        assertThat(mine.path("accessLog").toString()).contains("\"organisation\":\"Riverside Food Bank\"",
                "\"action\":\"assisted\"").doesNotContain("Rhi");
    }

    @Test
    void theStoryReachesTheHelpingPartnersFeedAsAssistedAndOthersByTheUsualRules() {
        Response recorded = record(responder, story("Told in person: the lift at the flats has been broken for weeks.",
                TestPhones.next(), "identified", "written"));
        String storyId = recorded.json().path("storyId").asText();

        Eventually.within(WITHIN, "the story reaches the helping partner", () -> foodBank.story(storyId).status() == 200);
        JsonNode item = foodBank.story(storyId).json();
        assertThat(item.path("channel").asText()).isEqualTo("assisted");
        assertThat(item.path("chosenByResident").asBoolean()).isFalse();
        assertThat(item.path("contact").path("verified").asBoolean()).isFalse();
        assertThat(item.toString()).doesNotContain("Rhi Responder");
        Eventually.within(WITHIN, "the council takes every topic", () -> council.story(storyId).status() == 200);
        assertThat(foodBank.readFeed().item(storyId)).hasValueSatisfying(i ->
                assertThat(i.path("channel").asText()).isEqualTo("assisted"));
        assertThat(client.get("/partner/inbox/" + storyId, "Cookie", responder, "Accept", HTML).body())
                .as("the inbox says how it was told").contains("Told to a partner&#39;s staff");
    }

    @Test
    void anAnonymousAssistedStoryShowsPartnersNoNameNorContact() {
        String phone = TestPhones.next();
        Response recorded = record(responder, "{\"story\":\"Told in person: my landlord ignores the damp, again.\","
                + "\"topics\":[\"housing\"],\"name\":\"Nia Namesake\",\"contact\":\"" + phone + "\","
                + "\"consent\":{\"share\":\"anonymous\"},\"consentGiven\":\"verbal\"}");
        String storyId = recorded.json().path("storyId").asText();

        Eventually.within(WITHIN, "the story reaches the helping partner", () -> foodBank.story(storyId).status() == 200);
        JsonNode item = foodBank.story(storyId).json();
        assertThat(item.path("contact").isNull()).isTrue();
        assertThat(item.toString()).doesNotContain("Nia", "Namesake", phone, phone.substring(3));
    }

    @Test
    void aPrivateAssistedStoryIsSharedWithNobodyNotEvenTheHelper() {
        Response recorded = record(responder, story("Told in person: please keep this between us for now.", null,
                "private", "verbal"));
        String reference = recorded.json().path("reference").asText();

        assertThat(recorded.status()).isEqualTo(201);
        Eventually.within(WITHIN, "the fan-out has seen it", () -> table.storyPartition(reference).size() >= 1);
        assertThat(table.referencesSharedWith("food-bank")).doesNotContain(reference);
    }

    @Test
    void consentGivenMissingOrWrongIs400AndNothingIsStored() {
        Response wrong = record(responder, story("Told on the phone: the bins were not collected.", null,
                "anonymous", "nodded"));
        Response missing = record(responder, "{\"story\":\"Told on the phone: the bins were not collected.\","
                + "\"consent\":{\"share\":\"anonymous\"}}");
        Response alsoBad = record(responder, "{\"story\":\"short\",\"consentGiven\":42}");

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("fields").path("consentGiven").asText()).contains("verbal", "written");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("fields").has("consentGiven")).isTrue();
        assertThat(alsoBad.status()).isEqualTo(400);
        assertThat(alsoBad.json().path("fields").fieldNames()).toIterable().contains("consentGiven", "story");
        assertThat(record(responder, story("tiny", null, "anonymous", "verbal")).json().path("fields").has("story"))
                .isTrue();
    }

    @Test
    void readersApiKeysPartnershipRolesAndStrangersAreRefused() {
        String reader = staff.addAndSignIn(email("reader"), "Rae Reader", "reader", "food-bank");
        String moderator = staff.addAndSignIn(email("moderator"), "Mo Moderator", "moderator", null);
        String body = story("Told on the phone: the buses are always late here.", null, "anonymous", "verbal");

        assertThat(record(reader, body).status()).isEqualTo(403);
        assertThat(record(moderator, body).status()).isEqualTo(403);
        assertThat(client.post("/partner/assisted-stories", JSON, utf8(body), "Authorization", "Bearer " + foodBankKey)
                .status()).isEqualTo(403);
        assertThat(client.post("/partner/assisted-stories", JSON, utf8(body)).status()).isEqualTo(401);
        assertThat(client.get("/partner/assisted", "Cookie", reader, "Accept", HTML).status()).isEqualTo(403);
        Response signIn = client.get("/partner/assisted", "Accept", HTML);
        assertThat(signIn.status()).isEqualTo(401);
        assertThat(signIn.body()).contains("href=\"/staff/sign-in\"");
    }

    @Test
    void aNumberThatSentStopGetsNoTextButTheStoryIsStored() {
        String phone = TestPhones.next();
        String stop = Http.write(Map.of("originationNumber", phone, "destinationNumber", OUR_NUMBER,
                "messageBody", "STOP", "inboundMessageId", UUID.randomUUID().toString()));
        assertThat(client.post("/_local/sms", JSON, utf8(stop)).status()).isEqualTo(202);
        int before = textsTo(phone).size();

        Response recorded = record(responder, story("Told in person: the crossing outside school is dangerous.",
                phone, "anonymous", "verbal"));

        assertThat(recorded.status()).isEqualTo(201);
        assertThat(textsTo(phone)).hasSize(before);
    }

    @Test
    void theTextIsInTheStorysLanguageAndARetryWithTheSameKeyStoresAndTextsOnce() {
        String phone = TestPhones.next();
        String body = "{\"story\":\"Dywedodd wrthym: mae'r bws i'r ysbyty wedi stopio.\",\"language\":\"cy\","
                + "\"contact\":\"" + phone + "\",\"consent\":{\"share\":\"anonymous\"},\"consentGiven\":\"verbal\"}";
        String key = UUID.randomUUID().toString();

        Response first = client.post("/partner/assisted-stories", JSON, utf8(body), "Cookie", responder,
                "Idempotency-Key", key);
        Response again = client.post("/partner/assisted-stories", JSON, utf8(body), "Cookie", responder,
                "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("idempotent-replayed")).contains("true");
        assertThat(again.json().path("reference").asText()).isEqualTo(first.json().path("reference").asText());
        assertThat(textsTo(phone)).singleElement().satisfies(sms -> assertThat(sms.body())
                .contains("mae eich stori wedi'i chadw fel " + first.json().path("reference").asText()));
    }

    @Test
    void theFormWorksWithoutScriptInEveryLanguageAndShowsTheReferenceToGive() {
        for (String lang : new String[] {"en", "cy", "pl"}) {
            Response page = client.get("/partner/assisted?lang=" + lang, "Cookie", responder, "Accept", HTML);

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<html lang=\"" + lang + "\"", "action=\"/partner/assisted-stories\"",
                    "name=\"consentGiven\"").doesNotContain("<script");
        }
        String phone = TestPhones.next();
        Response posted = client.post("/partner/assisted-stories", FORM, utf8(FormBodies.of("story",
                        "Told in person: the library is closing on Saturdays.", "topics", "education", "contact", phone,
                        "consent", "anonymous", "consentGiven", "written", "language", "pl", "submission", "form-1")),
                sameOrigin());
        assertThat(posted.status()).as(posted.toString()).isEqualTo(303);
        String location = posted.header("location").orElseThrow();
        assertThat(location).startsWith("/partner/assisted?recorded=TO-");
        String reference = location.substring(location.indexOf("TO-"));
        assertThat(client.get(location, "Cookie", responder, "Accept", HTML).body()).contains(reference);
        assertThat(textsTo(phone)).singleElement().satisfies(sms -> assertThat(sms.body())
                .contains("Twoja historia", reference));
        Response twice = client.post("/partner/assisted-stories", FORM, utf8(FormBodies.of("story",
                        "Told in person: the library is closing on Saturdays.", "topics", "education", "contact", phone,
                        "consent", "anonymous", "consentGiven", "written", "language", "pl", "submission", "form-1")),
                sameOrigin());
        assertThat(twice.header("location")).contains(location).as("a double click stores once");

        Response missing = client.post("/partner/assisted-stories", FORM, utf8(FormBodies.of("story",
                "Told in person: the library is closing on Saturdays.", "consent", "anonymous")), sameOrigin());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body()).contains("error-summary", "href=\"#consentGiven\"");
    }

    private static String[] sameOrigin() {
        return new String[] {"Cookie", responder, "Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin",
                "Accept", HTML};
    }

    private static Response record(String cookie, String json) {
        return client.post("/partner/assisted-stories", JSON, utf8(json), "Cookie", cookie);
    }

    private static String story(String text, String contact, String share, String consentGiven) {
        return "{\"story\":\"" + text + "\",\"topics\":[\"health\"],\"area\":\"LE1 1AA\","
                + (contact == null ? "" : "\"name\":\"Ann Resident\",\"contact\":\"" + contact + "\",")
                + "\"consent\":{\"share\":\"" + share + "\"},\"consentGiven\":\"" + consentGiven + "\"}";
    }

    private static List<LocalOutbox.Sent> textsTo(String phone) {
        return stack.outbox().sent().stream().filter(s -> s.to().equals(phone)).toList();
    }

    private static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private static byte[] utf8(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
