package org.tellonce.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.Partners;
import org.tellonce.testing.StorySubmission;
import org.tellonce.testing.TestStack;
import org.tellonce.testing.WebhookReceiver;

/**
 * SPEC section 14 through the local stack: a partner's endpoint on 127.0.0.1 is sent story.shared, signed,
 * within 2 s; a 500 brings the same webhook-id again; a withdrawal is story.withdrawn; the partner confirms
 * it deleted its copies and the resident's page counts it, a partner without a webhook included.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebhookIntegrationTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static LocalStack stack;
    private static Http http;
    private static Admin admin;
    private static WebhookReceiver receiver;
    private static PartnerClient hooked;
    private static PartnerClient quiet;
    private static PartnerClient other;
    private static String secret;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        admin = new Admin(stack);
        receiver = new WebhookReceiver();
        hooked = new PartnerClient(http, Partners.add(stack, "hook-council", List.of("transport"), List.of()));
        quiet = new PartnerClient(http, Partners.add(stack, "quiet-trust", List.of("transport"), List.of()));
        other = new PartnerClient(http, Partners.add(stack, "other-group", List.of("housing"), List.of()));
        Admin.Result set = admin.webhook("hook-council", receiver.url("/hooks/tellonce"));
        assertThat(set.exitCode()).as(set.toString()).isZero();
        secret = set.lastLine();
        assertThat(secret).startsWith("whsec_");
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aPartnerIsPushedTheSharedStorySignedGetsItAgainAfterA500AndHearsOfTheWithdrawalItThenConfirms() {
        AtomicInteger storyShared = new AtomicInteger();
        // The endpoint fails the first story.shared with a 500 and takes everything else.
        receiver.answer(r -> r.body().contains("\"story.shared\"") && storyShared.incrementAndGet() == 1
                ? WebhookReceiver.Answer.of(500) : WebhookReceiver.Answer.of(204));
        StorySubmission.Submitted story = StorySubmission.aStory().anonymous().topics("transport")
                .text("The 47 bus to the hospital has not come on time for three weeks; I missed my appointment.")
                .submitTo(http);

        Eventually.within(WITHIN, "story.shared arrives", () -> shared(story.storyId()).size() >= 1);
        WebhookReceiver.Received first = shared(story.storyId()).get(0);
        assertSigned(first);
        JsonNode body = Http.parse(first.body());
        Instant sharedAt = Instant.parse(body.get("data").get("sharedAt").asText());
        assertThat(Duration.between(sharedAt, first.at())).as("story.shared within 2 s of sharing")
                .isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(body.get("type").asText()).isEqualTo("story.shared");
        assertThat(body.get("id").asText()).isEqualTo(first.header("webhook-id"));
        JsonNode pulled = hooked.story(story.storyId()).json();
        assertThat(body.get("data")).as("the same item GET /partner/stories/{storyId} answers").isEqualTo(pulled);

        Eventually.within(WITHIN, "the 500 is retried", () -> shared(story.storyId()).size() >= 2);
        WebhookReceiver.Received again = shared(story.storyId()).get(1);
        assertThat(again.header("webhook-id")).as("the same webhook-id on the retry").isEqualTo(first.header("webhook-id"));
        assertSigned(again);
        assertThat(Duration.between(first.at(), again.at())).as("retried within seconds locally")
                .isLessThan(Duration.ofSeconds(20));

        // The resident withdraws: the partner is told, with ids and the reason only.
        assertThat(http.putJson("/stories/" + story.reference() + "/consent", "{\"share\":\"private\"}", story.auth())
                .status()).isEqualTo(200);
        Eventually.within(WITHIN, "story.withdrawn arrives", () -> withdrawn(story.storyId()).isPresent());
        WebhookReceiver.Received withdrawal = withdrawn(story.storyId()).orElseThrow();
        assertSigned(withdrawal);
        JsonNode data = Http.parse(withdrawal.body()).get("data");
        assertThat(data.get("storyId").asText()).isEqualTo(story.storyId());
        assertThat(data.get("reason").asText()).isEqualTo("withdrawn");
        assertThat(withdrawal.body()).doesNotContain("47 bus");
        assertThat(hooked.story(story.storyId()).status()).isEqualTo(404);

        // Both partners that held it count, the one without a webhook too; neither has confirmed yet.
        Eventually.within(WITHIN, "both removals recorded", () -> removals(story).get("notified").asInt() == 2);
        assertThat(removals(story).get("confirmed").asInt()).isZero();
        assertThat(page(story)).contains("Removed by 0 of 2 organisations.");

        assertThat(confirm(hooked, story.storyId()).status()).isEqualTo(204);
        assertThat(confirm(hooked, story.storyId()).status()).as("saying it twice").isEqualTo(204);
        assertThat(removals(story).get("confirmed").asInt()).isEqualTo(1);
        assertThat(confirm(quiet, story.storyId()).status()).as("a partner without a webhook confirms too")
                .isEqualTo(204);
        assertThat(confirm(other, story.storyId()).status()).as("a partner that never had it learns nothing")
                .isEqualTo(404);
        JsonNode removals = removals(story);
        assertThat(removals.get("notified").asInt()).isEqualTo(2);
        assertThat(removals.get("confirmed").asInt()).isEqualTo(2);
        assertThat(page(story)).contains("Removed by 2 of 2 organisations.");
        assertThat(http.get("/stories/" + story.reference() + "?lang=cy", story.auth()[0], story.auth()[1],
                "Accept", "text/html").body()).contains("dileu gan 2 o 2 sefydliad.");

        // The local stack shows every attempt: the 500, then the delivery.
        JsonNode attempts = http.get("/_local/webhooks").json();
        List<String> results = new java.util.ArrayList<>();
        attempts.forEach(a -> {
            if (a.get("webhookId").asText().equals(first.header("webhook-id"))) {
                results.add(a.get("result").asText() + " " + a.get("status").asInt());
            }
        });
        assertThat(results).containsExactly("failed 500", "delivered 204");
    }

    @Test
    void anErasedStoryIsWithdrawnWithTheReasonErased() {
        receiver.answer(r -> WebhookReceiver.Answer.of(204));
        StorySubmission.Submitted story = StorySubmission.aStory().anonymous().topics("transport")
                .text("The lift at the station has been broken since spring and I use a wheelchair.").submitTo(http);
        Eventually.within(WITHIN, "story.shared arrives", () -> shared(story.storyId()).size() >= 1);
        assertThat(http.delete("/stories/" + story.reference(), story.auth()).status()).isIn(200, 204);
        Eventually.within(WITHIN, "story.withdrawn arrives", () -> withdrawn(story.storyId()).isPresent());
        JsonNode data = Http.parse(withdrawn(story.storyId()).orElseThrow().body()).get("data");
        assertThat(data.get("reason").asText()).isEqualTo("erased");
        assertThat(confirm(hooked, story.storyId()).status()).as("it works although the story is gone").isEqualTo(204);
        Eventually.within(WITHIN, "the erased page counts both organisations", () -> http.get("/stories/"
                + story.reference() + "/erased", "Accept", "text/html").body().contains("Removed by 1 of 2 organisations."));
        assertThat(http.get("/stories/" + story.reference() + "/erased", "Accept", "text/html").body())
                .doesNotContain("wheelchair");
    }

    @Test
    void urlsIntoPrivateOrLinkLocalAddressesAreRefusedAtRegistrationAndAtDeliveryAndRedirectsAreNotFollowed() {
        // Registration: the command refuses, whatever the spelling, and stores nothing.
        for (String url : List.of("https://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/",
                "https://[::ffff:a9fe:a9fe]/", "https://172.17.0.1:8443/", "ftp://hooks.example.org/")) {
            Admin.Result refused = admin.webhook("other-group", url);
            assertThat(refused.exitCode()).as(url).isEqualTo(2);
            assertThat(refused.err()).as(url).contains("--url refused");
        }
        var webhooks = stack.wiring("WebhookDeliveryFunction").webhookStore();
        assertThat(webhooks.find("other-group")).isEmpty();

        // Delivery: a webhook that points inside now (a name re-pointed after registration, written here
        // straight to the table) is refused before any request; the attempt says so.
        webhooks.put(new org.tellonce.core.webhook.WebhookStore.Registration("other-group",
                "http://169.254.169.254/latest/meta-data/", secret), Instant.now());
        StorySubmission.Submitted housing = StorySubmission.aStory().anonymous().topics("housing")
                .text("The damp in our flat has come back and the landlord does not answer.").submitTo(http);
        Eventually.within(WITHIN, "the attempt is recorded", () -> attempts(housing.storyId()).size() >= 1);
        assertThat(attempts(housing.storyId())).containsOnly("refused 0");
        webhooks.remove("other-group");

        // A redirect towards the inside is an answer like any other non-2xx: not followed, retried later.
        try (WebhookReceiver inside = new WebhookReceiver()) {
            receiver.answer(r -> r.body().contains("\"story.shared\"") && r.body().contains("Redirected")
                    ? new WebhookReceiver.Answer(302, inside.url("/latest/meta-data/iam/security-credentials/"))
                    : WebhookReceiver.Answer.of(204));
            StorySubmission.Submitted redirected = StorySubmission.aStory().anonymous().topics("transport")
                    .text("Redirected buses never stop at the library any more.").submitTo(http);
            Eventually.within(WITHIN, "two attempts answered 302", () -> attempts(redirected.storyId()).size() >= 2);
            assertThat(attempts(redirected.storyId())).containsOnly("failed 302");
            assertThat(inside.received()).as("the redirect's target got nothing").isEmpty();
            receiver.answer(r -> WebhookReceiver.Answer.of(204));
            Eventually.within(WITHIN, "delivered once the endpoint answers 2xx",
                    () -> attempts(redirected.storyId()).contains("delivered 204"));
        }
    }

    /** What the local stack recorded of each attempt for the story: "result status". */
    private static List<String> attempts(String storyId) {
        List<String> out = new java.util.ArrayList<>();
        http.get("/_local/webhooks").json().forEach(a -> {
            if (a.get("storyId").asText().equals(storyId)) {
                out.add(a.get("result").asText() + " " + a.get("status").asInt());
            }
        });
        return out;
    }

    private static List<WebhookReceiver.Received> shared(String storyId) {
        return receiver.received().stream().filter(r -> r.body().contains("\"story.shared\"")
                && r.body().contains(storyId)).toList();
    }

    private static java.util.Optional<WebhookReceiver.Received> withdrawn(String storyId) {
        return receiver.received().stream().filter(r -> r.body().contains("\"story.withdrawn\"")
                && r.body().contains(storyId)).findFirst();
    }

    private static Http.Reply confirm(PartnerClient partner, String storyId) {
        return http.postJson("/partner/stories/" + storyId + "/deletion-confirmations", "",
                "Authorization", "Bearer " + partner.apiKey());
    }

    private static JsonNode removals(StorySubmission.Submitted story) {
        return http.get("/stories/" + story.reference(), story.auth()).json().get("removals");
    }

    private static String page(StorySubmission.Submitted story) {
        return http.get("/stories/" + story.reference(), story.auth()[0], story.auth()[1], "Accept", "text/html").body();
    }

    /** Standard Webhooks, computed here from the headers and the secret as a partner would, not with our code. */
    private static void assertSigned(WebhookReceiver.Received r) {
        try {
            String id = r.header("webhook-id");
            String timestamp = r.header("webhook-timestamp");
            assertThat(id).startsWith("msg_");
            assertThat(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond())).isLessThan(300);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + r.body()).getBytes(StandardCharsets.UTF_8)));
            assertThat(r.header("webhook-signature")).isEqualTo(expected);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
