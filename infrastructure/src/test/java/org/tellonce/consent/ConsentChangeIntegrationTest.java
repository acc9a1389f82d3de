package org.tellonce.consent;

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
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StorySubmission;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The resident changes their mind (SPEC §4, §6): withdrawing, narrowing or erasing takes the story
 * from the affected partners at once (404, gone from the feed), and the fan-out then removes the
 * share pointers; an erased story leaves only a content-free tombstone.
 */
class ConsentChangeIntegrationTest {
    private static LocalStack stack;
    private static Http http;
    private static RawTable table;
    private static PartnerClient council;
    private static PartnerClient healthwatch;

    @BeforeAll
    static void twoPartnersThatTakeEverything() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        table = new RawTable(stack);
        Admin admin = new Admin(stack);
        council = new PartnerClient(http, admin.addPartner("council", "Leicester City Council", "*", ""));
        healthwatch = new PartnerClient(http, admin.addPartner("healthwatch", "Healthwatch Leicester", "*", ""));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void withdrawingConsentTakesTheStoryFromEveryPartnerAtOnce() {
        Submitted story = sharedWithBoth(aStory().anonymous().topics("health"));

        Http.Reply changed = putConsent(story, "{\"share\":\"private\"}");
        long changedAt = System.nanoTime();

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("consent").get("share").asText()).isEqualTo("private");
        for (PartnerClient partner : List.of(council, healthwatch)) {
            assertGoneFrom(partner, story);
        }
        awaitMarkersGone(story, changedAt, "council", "healthwatch");
        assertThat(table.feedEntries("council")).noneMatch(e -> e.containsKey("reference")
                && e.get("reference").s().equals(story.reference()));
        JsonNode residentView = http.get("/stories/" + story.reference(), story.auth()).json();
        assertThat(residentView.get("consent").get("share").asText()).isEqualTo("private");
        assertThat(residentView.get("sharedWith")).isEmpty();
    }

    @Test
    void narrowingThePartnerListTakesTheStoryFromTheOthersOnly() {
        Submitted story = sharedWithBoth(aStory().anonymous().topics("housing"));

        Http.Reply changed = putConsent(story, "{\"share\":\"anonymous\",\"partners\":[\"council\"]}");
        long changedAt = System.nanoTime();

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("consent").get("partners")).extracting(JsonNode::asText).containsExactly("council");
        assertGoneFrom(healthwatch, story);
        assertThat(council.story(story.storyId()).status()).isEqualTo(200);
        assertThat(council.readFeed().storyIds()).contains(story.storyId());
        awaitMarkersGone(story, changedAt, "healthwatch");
        assertThat(table.shareMarkerExists(story.reference(), "council")).as("council keeps its share").isTrue();
        assertThat(council.story(story.storyId()).status()).isEqualTo(200);
        assertThat(http.get("/stories/" + story.reference(), story.auth()).json().get("sharedWith"))
                .extracting(s -> s.get("partnerId").asText()).containsExactly("council");
    }

    @Test
    void switchingFromIdentifiedToAnonymousHidesTheResidentAtOnce() {
        Submitted story = sharedWithBoth(aStory().identified().topics("health").name("Ivy Identified")
                .contact("ivy@example.org").text("Ring me on 07700 900321 about the clinic closing."));
        assertThat(council.story(story.storyId()).json().get("contact").get("email").asText()).isEqualTo("ivy@example.org");

        assertThat(putConsent(story, "{\"share\":\"anonymous\"}").status()).isEqualTo(200);

        for (PartnerClient partner : List.of(council, healthwatch)) {
            Http.Reply reply = partner.story(story.storyId());
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("contact").isNull()).isTrue();
            assertThat(reply.json().get("text").asText()).isEqualTo("Ring me on [phone removed] about the clinic closing.");
            assertThat(reply.body()).doesNotContain("Ivy", "ivy@example.org", "07700");
            assertThat(partner.readFeed().item(story.storyId()).orElseThrow().toString())
                    .doesNotContain("Ivy", "ivy@example.org", "07700");
        }
    }

    @Test
    void wideningConsentSharesTheStoryWithinTwoSeconds() {
        Submitted story = aStory().privately().topics("transport").submitTo(http);
        assertThat(council.story(story.storyId()).status()).isEqualTo(404);

        assertThat(putConsent(story, "{\"share\":\"anonymous\",\"partners\":[]}").status()).isEqualTo(200);

        for (PartnerClient partner : List.of(council, healthwatch)) {
            Eventually.within(Eventually.FAN_OUT, "the story shared after consent was widened",
                    () -> partner.story(story.storyId()).status() == 200);
        }
    }

    @Test
    void erasingAStoryLeavesOnlyAContentFreeTombstone() {
        Submitted story = sharedWithBoth(aStory().identified().topics("mental-health").area("LE4")
                .name("Erin Erase").contact("erin.erase@example.org")
                .text("Please forget this: the crisis line kept me on hold for an hour."));
        assertThat(council.respond(story.storyId(), "We are sorry; we have passed this on.").status()).isEqualTo(201);

        Http.Reply erased = http.delete("/stories/" + story.reference(), story.auth());
        long erasedAt = System.nanoTime();

        assertThat(erased.status()).isEqualTo(204);
        for (PartnerClient partner : List.of(council, healthwatch)) {
            assertGoneFrom(partner, story);
        }
        awaitMarkersGone(story, erasedAt, "council", "healthwatch");

        Map<String, AttributeValue> item = table.storyItem(story.reference());
        assertThat(item).doesNotContainKeys("text", "name", "email", "phone", "topics", "area", "language",
                "residentKey", "manageTokenHash", "GSI1PK");
        assertThat(item.get("status").s()).isEqualTo("erased");
        assertThat(item.get("storyId").s()).isEqualTo(story.storyId());
        // The tombstone, and one record per partner told to delete its copies (SPEC section 14): ids, the
        // organisation's name, the reason and times, nothing of the story.
        List<Map<String, AttributeValue>> left = table.storyPartition(story.reference());
        assertThat(left).extracting(i -> i.get("SK").s())
                .as("only the tombstone and the removal records are left")
                .containsExactlyInAnyOrder("STORY", "REMOVAL#council", "REMOVAL#healthwatch");
        assertThat(left).filteredOn(i -> i.get("SK").s().startsWith("REMOVAL#")).allSatisfy(removal -> {
            assertThat(removal.keySet()).isSubsetOf("PK", "SK", "type", "partnerId", "partnerName", "storyId",
                    "reason", "withdrawnAt", "confirmedAt");
            assertThat(removal.get("reason").s()).isEqualTo("erased");
        });
        assertThat(table.allStrings()).as("nothing of the story anywhere in the table")
                .noneMatch(s -> s.contains("crisis line") || s.contains("Erin") || s.contains("erin.erase")
                        || s.contains("passed this on"));

        assertThat(http.get("/stories/" + story.reference(), story.auth()).status()).isEqualTo(404);
        assertThat(http.delete("/stories/" + story.reference(), story.auth()).status()).isEqualTo(404);
        assertThat(putConsent(story, "{\"share\":\"anonymous\"}").status()).isEqualTo(404);
    }

    @Test
    void aConsentChangeWithAWrongOrMissingTokenIsNotFoundAndChangesNothing() {
        Submitted story = sharedWithBoth(aStory().anonymous().topics("money"));
        Submitted other = aStory().submitTo(http);
        String body = "{\"share\":\"private\"}";
        String path = "/stories/" + story.reference() + "/consent";

        assertThat(http.putJson(path, body, Http.bearer("not-the-token")).status()).isEqualTo(404);
        assertThat(http.putJson(path, body).status()).isEqualTo(404);
        assertThat(http.putJson(path, body, other.auth()).status()).isEqualTo(404);
        assertThat(http.delete("/stories/" + story.reference(), other.auth()).status()).isEqualTo(404);

        assertThat(council.story(story.storyId()).status()).isEqualTo(200);
        assertThat(healthwatch.story(story.storyId()).status()).isEqualTo(200);
    }

    @Test
    void identifiedConsentForAStoryWithoutContactIsRefusedNamingShare() {
        Submitted story = sharedWithBoth(aStory().anonymous().topics("education").name("No Contact"));

        Http.Reply reply = putConsent(story, "{\"share\":\"identified\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("validation");
        assertThat(reply.json().get("fields").has("share")).isTrue();
        JsonNode item = council.story(story.storyId()).json();
        assertThat(item.get("contact").isNull()).as("still anonymous").isTrue();
    }

    @Test
    void aConsentThatIsNotWellFormedJsonIsRefused() {
        Submitted story = aStory().submitTo(http);
        List<Integer> statuses = new ArrayList<>();
        for (String body : List.of("{\"share\":", "not json", "")) {
            statuses.add(putConsent(story, body).status());
        }
        assertThat(statuses).containsOnly(400);
        Http.Reply unknownShare = putConsent(story, "{\"share\":\"public\"}");
        assertThat(unknownShare.status()).isEqualTo(400);
        assertThat(unknownShare.json().get("fields").has("share")).isTrue();
        Http.Reply badPartners = putConsent(story, "{\"share\":\"anonymous\",\"partners\":\"council\"}");
        assertThat(badPartners.status()).isEqualTo(400);
        assertThat(badPartners.json().get("fields").has("partners")).isTrue();
    }

    @Test
    void aConsentInAnotherMediaTypeIsRefusedWith415() {
        Submitted story = aStory().submitTo(http);
        Http.Reply reply = http.send("PUT", "/stories/" + story.reference() + "/consent", "share=private",
                "content-type", "application/x-www-form-urlencoded", "authorization", "Bearer " + story.manageToken());
        assertThat(reply.status()).isEqualTo(415);
        assertThat(http.send("PUT", "/stories/" + story.reference() + "/consent", "{\"share\":\"private\"}",
                "content-type", "text/plain", "authorization", "Bearer " + story.manageToken()).status()).isEqualTo(415);
    }

    private static Submitted sharedWithBoth(StorySubmission story) {
        Submitted submitted = story.submitTo(http);
        for (PartnerClient partner : List.of(council, healthwatch)) {
            Eventually.within(Eventually.FAN_OUT, submitted + " shared",
                    () -> partner.story(submitted.storyId()).status() == 200);
        }
        return submitted;
    }

    private static Http.Reply putConsent(Submitted story, String body) {
        return http.putJson("/stories/" + story.reference() + "/consent", body, story.auth());
    }

    /** Checked at once, before the fan-out has removed anything: the feed re-checks consent when read. */
    private static void assertGoneFrom(PartnerClient partner, Submitted story) {
        assertThat(partner.story(story.storyId()).status()).isEqualTo(404);
        assertThat(partner.respond(story.storyId(), "Are you still there?").status()).isEqualTo(404);
        List<String> feed = partner.readFeed().storyIds();
        assertThat(feed).doesNotContain(story.storyId());
    }

    /** The fan-out removes the share pointers within SPEC's 2 s of the change. */
    private static void awaitMarkersGone(Submitted story, long changedAt, String... partnerIds) {
        for (String partnerId : partnerIds) {
            Eventually.within(Eventually.FAN_OUT, changedAt, "share marker " + story.reference() + "/" + partnerId + " removed",
                    () -> !table.shareMarkerExists(story.reference(), partnerId));
        }
    }
}
