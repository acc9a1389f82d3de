package org.tellonce.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;

/** A partner answers a resident (SPEC §7) and the resident reads the answer on their story (SPEC §4). */
class PartnerResponseIntegrationTest {
    private static final String PARTNER_NAME = "Healthwatch <Leicester> & District";

    private static LocalStack stack;
    private static Http http;
    private static PartnerClient healthwatch;

    @BeforeAll
    static void aPartner() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        healthwatch = new PartnerClient(http, new Admin(stack).addPartner("healthwatch", PARTNER_NAME, "health", ""));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2000})
    void aResponseOfOneToTwoThousandCharactersIsAccepted(int length) {
        Submitted story = sharedStory();
        String text = "é".repeat(length);

        Http.Reply reply = healthwatch.respond(story.storyId(), text);

        assertThat(reply.status()).isEqualTo(201);
        JsonNode body = reply.json();
        assertThat(body.get("storyId").asText()).isEqualTo(story.storyId());
        assertThat(body.get("text").asText()).isEqualTo(text);
        assertThat(body.get("responseId").asText()).isNotBlank();
        assertThat(Instant.parse(body.get("at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(residentView(story).get("responses")).extracting(r -> r.get("text").asText()).containsExactly(text);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2001})
    void anEmptyOrOverlongResponseIsRefusedAndNotStored(int length) {
        Submitted story = sharedStory();

        Http.Reply reply = healthwatch.respond(story.storyId(), "a".repeat(length));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("fields").has("text")).isTrue();
        assertThat(healthwatch.respond(story.storyId(), " \n\t ").status()).as("only blanks").isEqualTo(400);
        assertThat(residentView(story).get("responses")).isEmpty();
    }

    @Test
    void aResponseThatIsNotJsonIsRefused() {
        Submitted story = sharedStory();
        String path = "/partner/stories/" + story.storyId() + "/responses";
        String[] key = Http.bearer(healthwatch.apiKey());

        assertThat(http.send("POST", path, "text=hello", "content-type", "application/x-www-form-urlencoded",
                key[0], key[1]).status()).isEqualTo(415);
        assertThat(http.postJson(path, "{\"text\":", key).status()).isEqualTo(400);
        assertThat(http.postJson(path, "{\"text\":42}", key).status()).isEqualTo(400);
        assertThat(residentView(story).get("responses")).isEmpty();
    }

    @Test
    void theResidentSeesTheResponseWithThePartnersName() {
        Submitted story = sharedStory();
        healthwatch.respond(story.storyId(), "Thank you - we have raised this with the ICB.");

        JsonNode responses = residentView(story).get("responses");

        assertThat(responses).hasSize(1);
        JsonNode response = responses.get(0);
        assertThat(response.get("partnerId").asText()).isEqualTo("healthwatch");
        assertThat(response.get("name").asText()).isEqualTo(PARTNER_NAME);
        assertThat(response.get("text").asText()).isEqualTo("Thank you - we have raised this with the ICB.");
        assertThat(Instant.parse(response.get("at").asText())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void theStoryPageShowsTheResponseAsTextNotMarkup() {
        Submitted story = sharedStory();
        healthwatch.respond(story.storyId(), "<script>alert('x')</script> & <b>thanks</b>");
        String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;thanks&lt;/b&gt;";

        Http.Reply withBearer = http.get("/stories/" + story.reference(), "accept", "text/html",
                "authorization", "Bearer " + story.manageToken());
        Http.Reply withCookie = http.get("/stories/" + story.reference(), "accept", "text/html,application/xhtml+xml",
                "cookie", "tellonce_manage=" + story.manageToken());

        for (Http.Reply page : new Http.Reply[] {withBearer, withCookie}) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(page.body()).contains(escaped, "Healthwatch &lt;Leicester&gt; &amp; District")
                    .doesNotContain("<script>alert", "<b>thanks", "<Leicester>");
        }
    }

    private static Submitted sharedStory() {
        Submitted story = aStory().identified().topics("health").name("Rita Resident").contact("rita@example.org")
                .text("The pharmacy keeps running out of my inhaler " + System.nanoTime()).submitTo(http);
        Eventually.within(Eventually.FAN_OUT, "story shared with healthwatch",
                () -> healthwatch.story(story.storyId()).status() == 200);
        return story;
    }

    private static JsonNode residentView(Submitted story) {
        Http.Reply reply = http.get("/stories/" + story.reference(), story.auth());
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }
}
