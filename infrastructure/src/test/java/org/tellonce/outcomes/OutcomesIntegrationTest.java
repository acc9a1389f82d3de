package org.tellonce.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.adapters.email.LocalEmailOutbox;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.Partners;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.Residents;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StorySubmission;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TestStack;

/**
 * SPEC section 13, outcomes: a partner links what it changed to the stories that led to it; each resident
 * hears of it once on their channel and sees it on their story; the public list counts the stories and
 * never names them.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OutcomesIntegrationTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String TITLE = "Evening buses run again";
    private static LocalStack stack;
    private static Http http;
    private static StackClient client;
    private static Residents residents;
    private static PartnerClient partner;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        client = new StackClient(stack.baseUrl());
        residents = new Residents(stack);
        partner = new PartnerClient(http, Partners.add(stack, "outcome-trust", List.of("*"), List.of()));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoResidentsHearOfAnOutcomeOnceSeeItOnTheirStoryAndThePublicListCountsWithoutNamingThem() {
        // One story by SMS, shared; one on the web by a resident who proved their e-mail and asked to be told.
        String phone = TestPhones.next();
        String smsReference = residents.textsStory(phone, "The evening bus from the hospital never comes.");
        residents.texts(phone, "YES");
        residents.texts(phone, "SKIP");
        residents.texts(phone, "SKIP");
        String email = "outcome-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        StorySubmission.Submitted web = StorySubmission.aStory().topics("transport").contact(email).identified()
                .text("There is no bus after seven, so I cannot visit my mother.").submitTo(http);
        String webToken = residents.signIn(email);
        assertThat(client.send("PUT", "/residents/me/notifications", "application/json", "{\"replies\":true}",
                "Authorization", "Bearer " + webToken).status()).isEqualTo(200);
        Eventually.within(WITHIN, "both stories reach the partner",
                () -> smsStoryId(smsReference) != null && partner.story(web.storyId()).status() == 200);
        String smsStoryId = smsStoryId(smsReference);
        int textsBefore = residents.textsTo(phone).size();

        String key = UUID.randomUUID().toString();
        StackClient.Response recorded = record(key, smsStoryId, web.storyId());
        assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
        String outcomeId = recorded.json().path("outcomeId").asText();
        assertThat(outcomeId).isNotBlank();

        // Each resident is told once, on their channel.
        Eventually.within(WITHIN, "the SMS resident is texted",
                () -> residents.textsTo(phone).size() > textsBefore);
        Eventually.within(WITHIN, "the web resident is e-mailed", () -> outcomeEmails(email).size() == 1);
        List<String> newTexts = residents.textsTo(phone).subList(textsBefore, residents.textsTo(phone).size());
        assertThat(newTexts).hasSize(1);
        assertThat(newTexts.get(0)).contains("Partner outcome-trust", TITLE, stack.baseUrl() + "/me");
        assertThat(outcomeEmails(email).get(0).email().text()).contains(TITLE, web.reference(), stack.baseUrl() + "/me");

        // Both story pages show it (JSON and the page).
        String smsToken = residents.signIn(phone);
        for (JsonNode story : List.of(storyJson(smsReference, "Bearer " + smsToken),
                storyJson(web.reference(), "Bearer " + webToken))) {
            JsonNode outcomes = story.path("outcomes");
            assertThat(outcomes).hasSize(1);
            assertThat(outcomes.get(0).path("outcomeId").asText()).isEqualTo(outcomeId);
            assertThat(outcomes.get(0).path("partner").path("id").asText()).isEqualTo("outcome-trust");
            assertThat(outcomes.get(0).path("title").asText()).isEqualTo(TITLE);
        }
        StackClient.Response page = client.get("/stories/" + web.reference(), "Accept", "text/html",
                "Cookie", "tellonce_manage=" + web.manageToken());
        assertThat(page.body()).contains("What changed", TITLE);

        // The public list: the outcome, "fewer than 3", and nothing of the stories.
        StackClient.Response list = client.get("/outcomes", "Accept", "application/json");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("cache-control")).hasValue("public, max-age=300");
        JsonNode listed = published(outcomeId);
        assertThat(listed.path("stories").asText()).isEqualTo("fewer than 3");
        assertThat(listed.path("partner").path("name").asText()).isEqualTo("Partner outcome-trust");
        assertThat(list.body()).doesNotContain(smsReference, web.reference(), smsStoryId, web.storyId(), "mother");
        StackClient.Response html = client.get("/outcomes?lang=cy", "Accept", "text/html");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.body()).contains(TITLE, "llai na 3");

        // The same key again: the first answer, nothing new stored or sent.
        int textsNow = residents.textsTo(phone).size();
        int listedBefore = client.get("/outcomes", "Accept", "application/json").json().path("outcomes").size();
        StackClient.Response again = record(key, smsStoryId, web.storyId());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("idempotent-replayed")).hasValue("true");
        assertThat(again.json().path("outcomeId").asText()).isEqualTo(outcomeId);
        assertThat(client.get("/outcomes", "Accept", "application/json").json().path("outcomes")).hasSize(listedBefore);
        sleep();
        assertThat(residents.textsTo(phone)).hasSize(textsNow);
        assertThat(outcomeEmails(email)).hasSize(1);

        // Erased, the web story's link goes with it.
        assertThat(http.delete("/stories/" + web.reference(), web.auth()).status()).isLessThan(300);
        assertThat(new RawTable(stack).storyPartition(web.reference()).stream()
                .filter(item -> item.get("SK").s().startsWith("OUTCOME#")).toList()).isEmpty();
    }

    @Test
    void aStoryNotSharedWithThePartnerIsRefusedWithItsIdAndNothingIsStored() {
        StorySubmission.Submitted shared = StorySubmission.aStory().topics("health").anonymous().submitTo(http);
        StorySubmission.Submitted kept = StorySubmission.aStory().topics("health").privately().submitTo(http);
        Eventually.within(WITHIN, "shared", () -> partner.story(shared.storyId()).status() == 200);
        int before = client.get("/outcomes", "Accept", "application/json").json().path("outcomes").size();

        StackClient.Response refused = record(UUID.randomUUID().toString(), shared.storyId(), kept.storyId());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().path("notShared")).hasSize(1);
        assertThat(refused.json().path("notShared").get(0).asText()).isEqualTo(kept.storyId());
        assertThat(client.get("/outcomes", "Accept", "application/json").json().path("outcomes")).hasSize(before);
        assertThat(new RawTable(stack).storyPartition(shared.reference()).stream()
                .filter(item -> item.get("SK").s().startsWith("OUTCOME#")).toList()).isEmpty();

        StackClient.Response invalid = client.post("/partner/outcomes", "application/json",
                "{\"title\":\"x\",\"text\":\"short\",\"storyIds\":[]}".getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + partner.apiKey());
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("fields").fieldNames()).toIterable().containsExactlyInAnyOrder("title", "text",
                "storyIds");
    }

    @Test
    void onlyRolesThatMayRecordAnOutcomeSeeTheFormAndAreHeard() {
        StorySubmission.Submitted shared = StorySubmission.aStory().topics("health").anonymous().submitTo(http);
        Eventually.within(WITHIN, "shared", () -> partner.story(shared.storyId()).status() == 200);
        StaffMembers staff = new StaffMembers(stack, new Admin(stack));
        String reader = staff.addAndSignIn("reader-" + UUID.randomUUID().toString().substring(0, 8)
                + "@outcome-trust.example", "Rae Reader", "reader", "outcome-trust");
        String responder = staff.addAndSignIn("responder-" + UUID.randomUUID().toString().substring(0, 8)
                + "@outcome-trust.example", "Rhys Responder", "responder", "outcome-trust");

        assertThat(client.get("/partner", "Cookie", reader, "Accept", "text/html").body()).doesNotContain("outcome-form");
        assertThat(client.get("/partner", "Cookie", responder, "Accept", "text/html").body()).contains("outcome-form");
        String body = "{\"title\":\"Opening hours\",\"text\":\"The surgery opens at eight now.\",\"storyIds\":[\""
                + shared.storyId() + "\"]}";
        assertThat(client.post("/partner/outcomes", "application/json", body.getBytes(StandardCharsets.UTF_8),
                "Cookie", reader, "Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin").status()).isEqualTo(403);
        assertThat(client.post("/partner/outcomes", "application/json", body.getBytes(StandardCharsets.UTF_8),
                "Cookie", responder, "Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin").status()).isEqualTo(201);
    }

    private static StackClient.Response record(String key, String... storyIds) {
        List<String> quoted = new ArrayList<>();
        for (String id : storyIds) {
            quoted.add("\"" + id + "\"");
        }
        String body = "{\"title\":\"" + TITLE + "\",\"text\":\"From May the 7pm to 10pm buses run every half hour."
                + "\",\"storyIds\":[" + String.join(",", quoted) + "]}";
        return client.post("/partner/outcomes", "application/json", body.getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + partner.apiKey(), "Idempotency-Key", key);
    }

    private static JsonNode published(String outcomeId) {
        for (JsonNode outcome : client.get("/outcomes", "Accept", "application/json").json().path("outcomes")) {
            if (outcome.path("outcomeId").asText().equals(outcomeId)) {
                return outcome;
            }
        }
        throw new AssertionError("outcome " + outcomeId + " not listed");
    }

    private static String smsStoryId(String reference) {
        return partner.readFeed().items().stream().filter(i -> i.path("reference").asText().equals(reference))
                .map(i -> i.path("storyId").asText()).findFirst().orElse(null);
    }

    private static JsonNode storyJson(String reference, String bearer) {
        StackClient.Response story = client.get("/stories/" + reference, "Authorization", bearer);
        assertThat(story.status()).as(story.toString()).isEqualTo(200);
        return story.json();
    }

    private static List<LocalEmailOutbox.Sent> outcomeEmails(String address) {
        return residents.emailsTo(address).stream().filter(s -> s.email().subject().startsWith("What changed")).toList();
    }

    /** The notifier runs from the table's stream: give it time to (not) send again. */
    private static void sleep() {
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
