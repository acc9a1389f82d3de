package org.tellonce.residents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.Residents;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TestStack;

/**
 * "My stories" (SPEC section 10): a resident who proved their phone sees every story told from it on
 * the web and by SMS, changes and erases them with their session, downloads everything, and erases
 * all at once; nobody else's session opens any of it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResidentMeIntegrationTest {
    private static LocalStack stack;
    private static StackClient client;
    private static Residents residents;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        client = new StackClient(stack.baseUrl());
        residents = new Residents(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aProvenPhoneSeesItsWebAndSmsStoriesNewestFirstAndNobodyElsesSessionOpensThem() {
        String phone = TestPhones.next();
        String webText = StoryTexts.unique("My web story about the surgery.");
        JsonNode web = tell(StoryJson.story(webText).contact(TestPhones.national(phone)).consent("private"));
        String smsReference = residents.textsStory(phone, StoryTexts.unique("My text about the bus that never came."));
        String token = residents.signIn(phone);
        String stranger = residents.signIn(TestPhones.next());

        Response mine = client.get("/residents/me/stories", bearer(token));

        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        List<String> references = new ArrayList<>();
        mine.json().path("stories").forEach(s -> references.add(s.path("reference").asText()));
        assertThat(references).containsExactly(smsReference, web.path("reference").asText());
        JsonNode newest = mine.json().path("stories").get(0);
        assertThat(newest.path("channel").asText()).isEqualTo("sms");
        assertThat(newest.path("status").asText()).isEqualTo("private");
        assertThat(newest.path("consent").path("share").asText()).isEqualTo("private");
        assertThat(mine.body()).as("the list shows what became of a story, not what was told").doesNotContain(webText);

        assertThat(client.get("/residents/me/stories", bearer(stranger)).json().path("stories")).isEmpty();
        assertThat(client.get("/stories/" + smsReference, bearer(stranger)).status()).isEqualTo(404);
        assertThat(client.send("DELETE", "/stories/" + smsReference, null, null, bearer(stranger)).status())
                .isEqualTo(404);
        assertThat(client.get("/stories/" + smsReference, bearer(token)).status()).isEqualTo(200);
    }

    @Test
    void theSessionChangesConsentOfAnSmsStoryAndErasesOne() {
        String phone = TestPhones.next();
        String reference = residents.textsStory(phone, StoryTexts.unique("The lift in our block has been broken for weeks."));
        String token = residents.signIn(phone);

        Response changed = client.send("PUT", "/stories/" + reference + "/consent", "application/json",
                "{\"share\":\"anonymous\"}", bearer(token));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(client.get("/stories/" + reference, bearer(token)).json().path("consent").path("share").asText())
                .isEqualTo("anonymous");

        assertThat(client.send("DELETE", "/stories/" + reference, null, null, bearer(token)).status()).isEqualTo(204);
        assertThat(new RawTable(stack).storyItem(reference)).doesNotContainKey("text");
        assertThat(client.get("/residents/me/stories", bearer(token)).json().path("stories")).isEmpty();
    }

    @Test
    void theExportHoldsEverythingToldAndTheNotificationChoice() {
        String email = "me-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String text = StoryTexts.unique("Our street lights have been off since October.");
        tell(StoryJson.story(text).contact(email).name("Ana Nowak").consent("private"));
        String token = residents.signIn(email);

        Response on = client.send("PUT", "/residents/me/notifications", "application/json", "{\"replies\":true}",
                bearer(token));
        assertThat(on.status()).isEqualTo(200);
        assertThat(client.send("PUT", "/residents/me/notifications", "application/json", "{\"replies\":\"yes\"}",
                bearer(token)).status()).isEqualTo(400);
        Response export = client.get("/residents/me/export", bearer(token));

        assertThat(export.status()).isEqualTo(200);
        assertThat(export.header("content-disposition").orElse("")).contains("attachment");
        assertThat(export.json().path("notifications").path("replies").asBoolean()).isTrue();
        JsonNode story = export.json().path("stories").get(0);
        assertThat(story.path("text").asText()).isEqualTo(text);
        assertThat(story.path("name").asText()).isEqualTo("Ana Nowak");
        assertThat(story.path("contact").asText()).isEqualTo(email);
        assertThat(story.path("consentHistory").findValuesAsText("share")).containsExactly("private");
    }

    @Test
    void erasingEverythingErasesEveryStoryEndsEverySessionOnEveryDeviceAndKeepsAStop() {
        String phone = TestPhones.next();
        JsonNode web = tell(StoryJson.aStory().contact(phone).consent("anonymous"));
        String sms = residents.textsStory(phone, StoryTexts.unique("Please pass this on to the council about the bins."));
        String token = residents.signIn(phone);
        String otherDevice = residents.signIn(phone);
        residents.texts(phone, "STOP");

        Response erased = client.send("DELETE", "/residents/me", null, null, bearer(token));

        assertThat(erased.status()).isEqualTo(204);
        RawTable table = new RawTable(stack);
        assertThat(table.storyItem(web.path("reference").asText())).doesNotContainKey("text");
        assertThat(table.storyItem(sms)).doesNotContainKey("text");
        assertThat(client.get("/residents/me/stories", bearer(token)).status()).as("the session ended").isEqualTo(401);
        assertThat(client.get("/residents/me/stories", bearer(otherDevice)).status())
                .as("the session on the other device ended too").isEqualTo(401);
        int before = stack.outbox().sent().size();
        residents.texts(phone, StoryTexts.unique("A new story after erasing everything."));
        assertThat(stack.outbox().sent().stream().skip(before).filter(s -> s.to().equals(phone)))
                .as("the number's STOP still holds").isEmpty();
    }

    @Test
    void withoutASessionOrFromAnotherSiteNothingIsOpen() {
        assertThat(client.get("/residents/me/stories").status()).isEqualTo(401);
        assertThat(client.get("/residents/me/stories", bearer("A".repeat(43))).status()).isEqualTo(401);
        assertThat(client.get("/residents/me/export", bearer("not a token")).status()).isEqualTo(401);
        String token = residents.signIn("cross-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org");
        Response crossSite = client.send("DELETE", "/residents/me", null, null, "Cookie", "tellonce_resident=" + token,
                "Sec-Fetch-Site", "cross-site");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(client.get("/residents/me/stories", bearer(token)).status()).as("still signed in").isEqualTo(200);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static JsonNode tell(StoryJson story) {
        Response answer = client.postJson(story.json());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json();
    }
    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }
}
