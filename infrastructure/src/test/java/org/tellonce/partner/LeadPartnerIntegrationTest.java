package org.tellonce.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.AtOnce;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Closing the loop (SPEC section 13) through the local stack: one partner at a time leads a story that
 * several hold, every one of them sees which, and the response clock flags a story nobody at a partner
 * answered within {@code RESPONSE_TARGET_DAYS} (1 here).
 */
class LeadPartnerIntegrationTest {
    private static LocalStack stack;
    private static Http http;
    private static RawTable table;
    private static PartnerClient alpha;
    private static PartnerClient beta;
    private static PartnerClient gamma;
    private static String alphaResponder;
    private static String betaResponder;
    private static String alphaReader;

    @BeforeAll
    static void start() {
        stack = TestStack.start(Map.of("RESPONSE_TARGET_DAYS", "1"));
        http = new Http(stack.baseUrl());
        table = new RawTable(stack);
        Admin admin = new Admin(stack);
        alpha = new PartnerClient(http, admin.addPartner("alpha-trust", "Alpha Trust", "health", ""));
        beta = new PartnerClient(http, admin.addPartner("beta-council", "Beta Council", "health", ""));
        gamma = new PartnerClient(http, admin.addPartner("gamma-bus", "Gamma Buses", "transport", ""));
        StaffMembers staff = new StaffMembers(stack, admin);
        alphaResponder = staff.addAndSignIn("ann@alpha.example", "Ann Alpha", "responder", "alpha-trust");
        betaResponder = staff.addAndSignIn("ben@beta.example", "Ben Beta", "responder", "beta-council");
        alphaReader = staff.addAndSignIn("rita@alpha.example", "Rita Reader", "reader", "alpha-trust");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oneLeadAtATimeThatEveryPartnerHoldingTheStorySees() {
        Submitted story = sharedWithBoth();

        Http.Reply claimed = claim(alpha, story);
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        assertThat(claimed.json().path("lead").path("partnerId").asText()).isEqualTo("alpha-trust");
        assertThat(claimed.json().path("lead").path("name").asText()).isEqualTo("Alpha Trust");
        String since = claimed.json().path("since").asText();
        assertThat(Instant.parse(since)).isBefore(Instant.now().plusSeconds(1));
        Http.Reply again = claim(alpha, story);
        assertThat(again.status()).as("claiming again is the same lead").isEqualTo(200);
        assertThat(again.json().path("since").asText()).isEqualTo(since);

        JsonNode betasItem = beta.story(story.storyId()).json();
        assertThat(betasItem.path("lead").path("partnerId").asText()).isEqualTo("alpha-trust");
        assertThat(betasItem.path("lead").path("name").asText()).isEqualTo("Alpha Trust");
        assertThat(html("/partner/inbox/" + story.storyId(), betaResponder).body())
                .contains("id=\"current-lead\">Alpha Trust<").doesNotContain("id=\"lead-claim\"");
        assertThat(html("/partner?topic=health", betaResponder).body()).contains("Alpha Trust");

        Http.Reply taken = claim(beta, story);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().path("error").asText()).isEqualTo("lead_taken");
        assertThat(taken.body()).contains("Alpha Trust");
        Http.Reply notTheirs = release(beta, story);
        assertThat(notTheirs.status()).as("only the lead releases").isEqualTo(409);
        assertThat(notTheirs.json().path("error").asText()).isEqualTo("not_lead");

        Http.Reply released = release(alpha, story);
        assertThat(released.status()).isEqualTo(200);
        assertThat(released.json().path("lead").isNull()).isTrue();
        assertThat(beta.story(story.storyId()).json().path("lead").isNull()).isTrue();
        assertThat(claim(beta, story).status()).isEqualTo(200);
        assertThat(alpha.story(story.storyId()).json().path("lead").path("name").asText()).isEqualTo("Beta Council");

        List<String> actions = table.storyPartition(story.reference()).stream()
                .filter(i -> i.get("SK").s().startsWith("ACCESS#")).map(i -> i.get("action").s()).toList();
        assertThat(actions).as("claims and releases are in the access log").filteredOn("lead"::equals)
                .hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void twoPartnersClaimingAtOnceGiveExactlyOneLead() throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            Submitted story = sharedWithBoth();
            List<Callable<Integer>> claims = new ArrayList<>();
            claims.add(() -> claim(alpha, story).status());
            claims.add(() -> claim(beta, story).status());

            List<Integer> statuses = AtOnce.run(2, claims);

            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            String winner = statuses.get(0) == 200 ? "alpha-trust" : "beta-council";
            assertThat(alpha.story(story.storyId()).json().path("lead").path("partnerId").asText()).isEqualTo(winner);
            assertThat(beta.story(story.storyId()).json().path("lead").path("partnerId").asText()).isEqualTo(winner);
        }
    }

    @Test
    void theInboxClaimsAndReleasesByFormAndAReaderOrAnotherPartnerMayNot() {
        Submitted story = sharedWithBoth();
        String path = "/partner/inbox/" + story.storyId();
        assertThat(html(path, alphaResponder).body()).contains("id=\"lead-claim\"");
        assertThat(html(path, alphaReader).body()).doesNotContain("id=\"lead-claim\"", "/lead\"");

        Http.Reply claimed = postForm(path + "/lead", alphaResponder, "claim");
        assertThat(claimed.status()).isEqualTo(303);
        assertThat(html(path, alphaResponder).body()).contains("id=\"lead-release\"", "Alpha Trust");
        assertThat(postForm(path + "/lead", betaResponder, "claim").status()).isEqualTo(409);
        assertThat(postForm(path + "/lead", alphaResponder, "release").status()).isEqualTo(303);
        assertThat(alpha.story(story.storyId()).json().path("lead").isNull()).isTrue();

        assertThat(postForm(path + "/lead", alphaReader, "claim").status()).as("a reader").isEqualTo(403);
        Http.Reply readerApi = http.send("POST", "/partner/stories/" + story.storyId() + "/lead", null,
                "cookie", alphaReader, "origin", stack.baseUrl(), "sec-fetch-site", "same-origin");
        assertThat(readerApi.status()).as("a reader through the API").isEqualTo(403);
        assertThat(claim(gamma, story).status()).as("a partner without the story").isEqualTo(404);
        assertThat(postForm(path + "/lead", alphaResponder, "crown").status()).isEqualTo(400);
        Http.Reply crossSite = http.send("POST", path + "/lead", FormBodies.of("lead", "claim"),
                "content-type", "application/x-www-form-urlencoded", "cookie", alphaResponder,
                "origin", "https://evil.example", "sec-fetch-site", "cross-site", "accept", "text/html");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(alpha.story(story.storyId()).json().path("lead").isNull()).isTrue();
    }

    @Test
    void aLeadWhoseShareIsTakenBackLeadsNoLonger() {
        Submitted story = sharedWithBoth();
        assertThat(claim(alpha, story).status()).isEqualTo(200);

        // As if the resident narrowed their choice and the fan-out had not yet caught up: readers ignore it.
        stack.dynamo().deleteItem(b -> b.tableName(stack.table()).key(key("STORY#" + story.reference(),
                "SHARE#alpha-trust")));

        assertThat(beta.story(story.storyId()).json().path("lead").isNull()).isTrue();
        assertThat(claim(beta, story).status()).as("the lapsed lead is replaced").isEqualTo(200);
    }

    @Test
    void withdrawingOrErasingTheStoryTakesItsLeadAway() {
        Submitted withdrawn = sharedWithBoth();
        Submitted erased = sharedWithBoth();
        assertThat(claim(alpha, withdrawn).status()).isEqualTo(200);
        assertThat(claim(beta, erased).status()).isEqualTo(200);
        assertThat(table.item("STORY#" + withdrawn.reference(), "LEAD")).isPresent();

        assertThat(http.putJson("/stories/" + withdrawn.reference() + "/consent", "{\"share\":\"private\"}",
                withdrawn.auth()).status()).isEqualTo(200);
        assertThat(http.delete("/stories/" + erased.reference(), erased.auth()).status()).isLessThan(300);

        Eventually.within(Duration.ofSeconds(15), "the fan-out's unshare clears the lead",
                () -> table.item("STORY#" + withdrawn.reference(), "LEAD").isEmpty());
        Eventually.within(Duration.ofSeconds(15), "erasure clears the lead",
                () -> table.item("STORY#" + erased.reference(), "LEAD").isEmpty());
    }

    @Test
    void aStoryUnansweredPastTheTargetIsOverdueInTheApiAndTheInboxAndAReplyIsNot() {
        Submitted late = sharedWithBoth();
        Submitted answered = sharedWithBoth();
        Submitted fresh = sharedWithBoth();
        backdateShare(late, "alpha-trust");
        backdateShare(answered, "alpha-trust");
        assertThat(alpha.respond(answered.storyId(), "Thank you: we are looking into it.").status()).isEqualTo(201);

        assertThat(alpha.story(late.storyId()).json().path("overdue").asBoolean()).isTrue();
        assertThat(alpha.story(answered.storyId()).json().path("overdue").asBoolean()).isFalse();
        assertThat(alpha.story(fresh.storyId()).json().path("overdue").asBoolean()).isFalse();
        assertThat(beta.story(late.storyId()).json().path("overdue").asBoolean())
                .as("the clock runs per partner: Beta's share is new").isFalse();

        String overdue = html("/partner?overdue=true", alphaResponder).body();
        assertThat(overdue).contains("story-" + late.storyId(), "Overdue")
                .doesNotContain("story-" + answered.storyId(), "story-" + fresh.storyId());
        assertThat(html("/partner/inbox/" + late.storyId(), alphaResponder).body()).contains("id=\"overdue\"");
        assertThat(html("/partner?overdue=true&lang=cy", alphaResponder).body()).contains("Yn hwyr");
        assertThat(html("/partner?overdue=maybe", alphaResponder).status()).isEqualTo(400);
    }

    private static Submitted sharedWithBoth() {
        Submitted story = aStory().topics("health").anonymous().submitTo(http);
        Eventually.within(Duration.ofSeconds(15), "the story shared with both",
                () -> alpha.story(story.storyId()).status() == 200 && beta.story(story.storyId()).status() == 200);
        return story;
    }

    /** Writes the partner's share of the story two days back, as if it had been shared then. */
    private static void backdateShare(Submitted story, String partnerId) {
        stack.dynamo().updateItem(b -> b.tableName(stack.table()).key(key("STORY#" + story.reference(),
                "SHARE#" + partnerId)).updateExpression("SET sharedAt = :at").expressionAttributeValues(Map.of(":at",
                AttributeValue.fromS(Instant.now().minus(Duration.ofDays(2)).toString()))));
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    private static Http.Reply claim(PartnerClient partner, Submitted story) {
        String[] key = Http.bearer(partner.apiKey());
        return http.send("POST", "/partner/stories/" + story.storyId() + "/lead", null, key[0], key[1]);
    }

    private static Http.Reply release(PartnerClient partner, Submitted story) {
        String[] key = Http.bearer(partner.apiKey());
        return http.delete("/partner/stories/" + story.storyId() + "/lead", key[0], key[1]);
    }

    private static Http.Reply html(String path, String cookie) {
        return http.get(path, "cookie", cookie, "accept", "text/html");
    }

    private static Http.Reply postForm(String path, String cookie, String lead) {
        return http.send("POST", path, FormBodies.of("lead", lead), "content-type",
                "application/x-www-form-urlencoded", "cookie", cookie, "origin", stack.baseUrl(),
                "sec-fetch-site", "same-origin", "accept", "text/html");
    }
}
