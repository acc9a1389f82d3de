package org.tellonce.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.AtOnce;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.Residents;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * SPEC section 12's holding, on the real stack: with the default MODERATION a story that raises a
 * safeguarding concern stays out of every feed while an ordinary one is shared at once, and the
 * resident is pointed to help in their language (JSON, page, SMS); with MODERATION=all every shared
 * story waits, and once a moderator's decision is written it travels exactly once, or never.
 */
class HoldingIntegrationTest {
    private static final String SELF_HARM = "I want to end my life, I can't go on since the carers stopped coming.";
    private static final String ORDINARY = "The bus to the hospital is always late and the shelter has no roof.";

    private static LocalStack standard;
    private static LocalStack everything;
    private static Http standardHttp;
    private static Http everythingHttp;
    private static PartnerClient council;
    private static PartnerClient healthwatch;
    private static PartnerClient councilAll;
    private static PartnerClient healthwatchAll;

    @BeforeAll
    static void twoPartnerships() {
        standard = TestStack.start();
        everything = TestStack.start(Map.of("MODERATION", "all"));
        standardHttp = new Http(standard.baseUrl());
        everythingHttp = new Http(everything.baseUrl());
        council = new PartnerClient(standardHttp, new Admin(standard).addPartner("council", "Riverside Council", "*", ""));
        healthwatch = new PartnerClient(standardHttp,
                new Admin(standard).addPartner("healthwatch", "Healthwatch Riverside", "health,transport", ""));
        councilAll = new PartnerClient(everythingHttp,
                new Admin(everything).addPartner("council", "Riverside Council", "*", ""));
        healthwatchAll = new PartnerClient(everythingHttp,
                new Admin(everything).addPartner("healthwatch", "Healthwatch Riverside", "health,transport", ""));
    }

    @AfterAll
    static void stop() {
        if (standard != null) {
            standard.close();
        }
        if (everything != null) {
            everything.close();
        }
    }

    @Test
    void aDisclosureIsHeldWithHelpForTheResidentWhileAnOrdinaryStoryIsSharedAtOnce() {
        Http.Reply told = standardHttp.postJson("/stories",
                StoryJson.story(SELF_HARM).topics("health").consent("anonymous").json());
        assertThat(told.status()).isEqualTo(201);
        assertThat(told.json().path("status").asText()).isEqualTo("awaiting-review");
        assertThat(told.json().path("support").asText()).contains("999", "116 123", "NHS 111");
        String heldId = told.json().path("storyId").asText();

        Submitted ordinary = aStory().anonymous().topics("transport").text(ORDINARY).submitTo(standardHttp);
        Eventually.within(Eventually.FAN_OUT, "the ordinary story in both feeds",
                () -> council.story(ordinary.storyId()).status() == 200
                        && healthwatch.story(ordinary.storyId()).status() == 200);
        // The stream is in order: the held story came first, and no partner has it.
        assertThat(council.readFeed().storyIds()).contains(ordinary.storyId()).doesNotContain(heldId);
        assertThat(healthwatch.readFeed().storyIds()).doesNotContain(heldId);
        assertThat(council.story(heldId).status()).isEqualTo(404);

        String token = told.json().path("manageToken").asText();
        JsonNode mine = standardHttp.get("/stories/" + told.json().path("reference").asText(), Http.bearer(token)).json();
        assertThat(mine.path("status").asText()).isEqualTo("awaiting-review");
        assertThat(mine.path("sharedWith")).isEmpty();
        JsonNode theirs = standardHttp.get("/stories/" + ordinary.reference(), ordinary.auth()).json();
        assertThat(theirs.path("status").asText()).isEqualTo("shared");
        assertThat(theirs.has("support")).isFalse();
    }

    @Test
    void theStoryPageSaysInPlainWordsThatAPersonWillReadItAndWhereToFindHelpNow() {
        Http.Reply told = standardHttp.postJson("/stories",
                StoryJson.story("Mae fy ngŵr yn fy nharo i bob nos ac mae arnaf ofn mynd adref.").language("cy")
                        .consent("anonymous").json());
        assertThat(told.json().path("status").asText()).isEqualTo("awaiting-review");
        assertThat(told.json().path("support").asText()).contains("Samariaid", "116 123");
        Http.Reply page = standardHttp.get("/stories/" + told.json().path("reference").asText() + "?lang=en",
                "Authorization", "Bearer " + told.json().path("manageToken").asText(), "Accept", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Waiting for a person on our team to read it", "If you need help now",
                "116 123", "Nothing is shared until then");

        Submitted ordinary = aStory().privately().text(ORDINARY + " Private.").submitTo(standardHttp);
        Http.Reply plain = standardHttp.get("/stories/" + ordinary.reference() + "?lang=en",
                "Authorization", "Bearer " + ordinary.manageToken(), "Accept", "text/html");
        assertThat(plain.body()).contains("Private: only you and TellOnce have it").doesNotContain("116 123");
    }

    @Test
    void aTextedDisclosureIsAnsweredWithWhereToFindHelpAndIsNotSharedAfterYes() {
        Residents residents = new Residents(standard);
        String phone = TestPhones.next();
        String reference = residents.textsStory(phone, "My dad has fallen and is not breathing properly, he collapsed");
        assertThat(residents.lastTextTo(phone)).contains(reference, "999", "116 123", "NHS 111");
        residents.texts(phone, "ANON");
        residents.texts(phone, "SKIP");
        residents.texts(phone, "SKIP");
        Submitted after = aStory().anonymous().topics("health").text(ORDINARY + " After the text.").submitTo(standardHttp);
        Eventually.within(Eventually.FAN_OUT, "the later story in the council's feed",
                () -> council.story(after.storyId()).status() == 200);
        assertThat(new RawTable(standard).referencesSharedWith("council")).doesNotContain(reference);
        Map<String, AttributeValue> item = new RawTable(standard).storyItem(reference);
        assertThat(item.get("share").s()).isEqualTo("anonymous");
        assertThat(item.get("review").s()).isEqualTo("held");
    }

    @Test
    void underModerationAllNoStoryTravelsUntilApprovedThenExactlyOnceToEachConsentedFeed() throws Exception {
        Submitted anonymous = aStory().anonymous().topics("health").text(ORDINARY).submitTo(everythingHttp);
        Submitted rejected = aStory().identified().topics("health").contact("jo@example.org")
                .text("My name is Jo Bloggs and I live at 12 Acacia Avenue; the clinic lost my file.").submitTo(everythingHttp);
        Submitted kept = aStory().privately().text("Only for TellOnce: the lift at the library is broken.")
                .submitTo(everythingHttp);
        JsonNode first = everythingHttp.get("/stories/" + anonymous.reference(), anonymous.auth()).json();
        assertThat(first.path("status").asText()).isEqualTo("awaiting-review");
        assertThat(everythingHttp.get("/stories/" + kept.reference(), kept.auth()).json().path("status").asText())
                .isEqualTo("private");

        // A story whose fan-out surely ran: nothing held is in a feed.
        Submitted marker = aStory().privately().text("A private marker so the stream has moved on.").submitTo(everythingHttp);
        assertThat(new RawTable(everything).storyItem(marker.reference())).containsKey("reference");
        assertThat(new RawTable(everything).referencesSharedWith("council")).isEmpty();

        // Two moderators approve at once, and the stream delivers the change (and may redeliver it).
        List<Boolean> won = AtOnce.repeat(4, 4, () -> decide(everything, anonymous.reference(), "approved"));
        assertThat(won).containsOnlyOnce(true);
        decide(everything, rejected.reference(), "rejected");

        Eventually.within(Eventually.FAN_OUT, "the approved story in both feeds",
                () -> councilAll.story(anonymous.storyId()).status() == 200
                        && healthwatchAll.story(anonymous.storyId()).status() == 200);
        // The rejected one never travels, even when its consent is touched again afterwards.
        everythingHttp.putJson("/stories/" + rejected.reference() + "/consent",
                "{\"share\":\"anonymous\",\"partners\":[]}", rejected.auth());
        Submitted later = aStory().anonymous().topics("health").text(ORDINARY + " Later.").submitTo(everythingHttp);
        decide(everything, later.reference(), "approved");
        Eventually.within(Eventually.FAN_OUT, "the later story in the council's feed",
                () -> councilAll.story(later.storyId()).status() == 200);
        assertThat(councilAll.readFeed().storyIds()).containsOnlyOnce(anonymous.storyId())
                .doesNotContain(rejected.storyId(), kept.storyId());
        assertThat(healthwatchAll.readFeed().storyIds()).containsOnlyOnce(anonymous.storyId())
                .doesNotContain(rejected.storyId());
        assertThat(new RawTable(everything).sharedFeedEntries("council")).isEqualTo(2);
        JsonNode mine = everythingHttp.get("/stories/" + rejected.reference(), rejected.auth()).json();
        assertThat(mine.path("status").asText()).isEqualTo("not-shared");
        assertThat(mine.path("statusReason").asText()).isEqualTo("It names a person and their home address.");
    }

    @Test
    void underModerationAllAStoryToldPrivatelyIsHeldWhenTheResidentLaterSharesIt() {
        Submitted told = aStory().privately().topics("health").text("The library closes at four on weekdays now.")
                .submitTo(everythingHttp);
        assertThat(everythingHttp.get("/stories/" + told.reference(), told.auth()).json().path("status").asText())
                .isEqualTo("private");
        Http.Reply widened = everythingHttp.putJson("/stories/" + told.reference() + "/consent",
                "{\"share\":\"anonymous\",\"partners\":[]}", told.auth());
        assertThat(widened.status()).isEqualTo(200);
        Eventually.within(Eventually.FAN_OUT, "the fan-out holds the newly shared story",
                () -> "awaiting-review".equals(everythingHttp.get("/stories/" + told.reference(), told.auth())
                        .json().path("status").asText()));
        assertThat(councilAll.story(told.storyId()).status()).isEqualTo(404);
        assertThat(new RawTable(everything).storyItem(told.reference())).containsKey("GSI3PK");

        // Withdrawn while held, then approved: consent still rules, so nobody gets it.
        everythingHttp.putJson("/stories/" + told.reference() + "/consent", "{\"share\":\"private\",\"partners\":[]}",
                told.auth());
        assertThat(decide(everything, told.reference(), "approved")).isTrue();
        Submitted marker = aStory().anonymous().topics("health").text(ORDINARY + " Marker.").submitTo(everythingHttp);
        decide(everything, marker.reference(), "approved");
        Eventually.within(Eventually.FAN_OUT, "the marker in the council's feed",
                () -> councilAll.story(marker.storyId()).status() == 200);
        assertThat(councilAll.story(told.storyId()).status()).isEqualTo(404);
        assertThat(new RawTable(everything).shareMarkerExists(told.reference(), "council")).isFalse();
    }

    @Test
    void theResidentIsToldWhyAStoryWasNotSharedOrThatAnEditedVersionWasOnTheirChannelOnce() {
        Residents residents = new Residents(everything);
        String phone = TestPhones.next();
        String reference = residents.textsStory(phone, "The clinic on Mill Lane cancelled my scan three times.");
        residents.texts(phone, "ANON");
        residents.texts(phone, "SKIP");
        residents.texts(phone, "SKIP");
        Eventually.within(Eventually.FAN_OUT, "held before its first share",
                () -> new RawTable(everything).storyItem(reference).containsKey("review"));
        int before = residents.textsTo(phone).size();
        decide(everything, reference, "rejected");
        Eventually.within(java.time.Duration.ofSeconds(10), "the resident told why",
                () -> residents.textsTo(phone).size() > before);
        assertThat(residents.lastTextTo(phone)).contains(reference, "did not share",
                "It names a person and their home address.", "DELETE " + reference);

        // A web resident who proved their address and asked to be told hears of an edited share, with a link.
        String email = "decided-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        JsonNode told = everythingHttp.postJson("/stories", StoryJson.aStory().topics("health").contact(email)
                .consent("identified").json()).json();
        String token = residents.signIn(email);
        assertThat(everythingHttp.putJson("/residents/me/notifications", "{\"replies\":true}",
                "Authorization", "Bearer " + token).status()).isEqualTo(200);
        String webReference = told.path("reference").asText();
        decideEdited(everything, webReference, "The clinic cancelled a scan three times.");
        Eventually.within(java.time.Duration.ofSeconds(10), "an e-mail about the edit",
                () -> residents.emailsTo(email).stream().anyMatch(m -> m.email().subject().contains(webReference)));
        var mail = residents.emailsTo(email).stream().filter(m -> m.email().subject().contains(webReference)).toList();
        assertThat(mail).hasSize(1);
        assertThat(mail.get(0).email().text()).contains("a few words changed", everything.baseUrl() + "/me")
                .doesNotContain("three times");
        Eventually.within(Eventually.FAN_OUT, "the edited version in the council's feed",
                () -> councilAll.story(told.path("storyId").asText()).status() == 200);
        assertThat(councilAll.story(told.path("storyId").asText()).json().path("text").asText())
                .isEqualTo("The clinic cancelled a scan three times.");
    }

    /** An approval with an edited text, as the decision route writes it. */
    private static void decideEdited(LocalStack stack, String reference, String sharedText) {
        stack.dynamo().updateItem(b -> b.tableName(stack.table())
                .key(Map.of("PK", AttributeValue.fromS("STORY#" + reference), "SK", AttributeValue.fromS("STORY")))
                .updateExpression("SET #review = :approved, decidedAt = :now, sharedText = :text REMOVE GSI3PK, GSI3SK")
                .conditionExpression("#review = :held")
                .expressionAttributeNames(Map.of("#review", "review"))
                .expressionAttributeValues(Map.of(":approved", AttributeValue.fromS("approved"),
                        ":held", AttributeValue.fromS("held"),
                        ":now", AttributeValue.fromS(java.time.Instant.now().toString()),
                        ":text", AttributeValue.fromS(new org.tellonce.testing.TableItems(stack).seal(
                                "STORY#" + reference, "sharedText", sharedText)))));
    }

    /**
     * A moderator's decision as the decision route writes it: one conditional update that only a held story
     * passes. @return whether this call decided it
     */
    private static boolean decide(LocalStack stack, String reference, String decision) {
        List<String> sets = new ArrayList<>(List.of("#review = :decision", "decidedAt = :now"));
        Map<String, AttributeValue> values = new java.util.HashMap<>(Map.of(":decision", AttributeValue.fromS(decision),
                ":now", AttributeValue.fromS(java.time.Instant.now().toString()), ":held", AttributeValue.fromS("held")));
        if (decision.equals("rejected")) {
            // Sealed as the route seals it, so the resident's page can open it.
            sets.add("reviewReason = :reason");
            values.put(":reason", AttributeValue.fromS(new org.tellonce.testing.TableItems(stack).seal(
                    "STORY#" + reference, "reviewReason", "It names a person and their home address.")));
        }
        try {
            stack.dynamo().updateItem(b -> b.tableName(stack.table())
                    .key(Map.of("PK", AttributeValue.fromS("STORY#" + reference), "SK", AttributeValue.fromS("STORY")))
                    .updateExpression("SET " + String.join(", ", sets) + " REMOVE GSI3PK, GSI3SK")
                    .conditionExpression("#review = :held")
                    .expressionAttributeNames(Map.of("#review", "review"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
