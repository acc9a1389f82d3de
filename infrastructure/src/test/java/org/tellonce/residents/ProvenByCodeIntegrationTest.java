package org.tellonce.residents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.Partners;
import org.tellonce.testing.Residents;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TestStack;

/**
 * A contact typed into the form proves nothing (issue #14), until the resident proves it by code
 * (SPEC section 10): then the stories told from it so far become proven, say {@code "verified": true}
 * and join each other's history; a story typed later, without the resident's session, stays unproven.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProvenByCodeIntegrationTest {
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static LocalStack stack;
    private static StackClient client;
    private static PartnerClient partner;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        client = new StackClient(stack.baseUrl());
        partner = new PartnerClient(new Http(stack.baseUrl()), Partners.add(stack, "proof-trust", List.of("*"), List.of()));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void provingTheNumberProvesTheStoriesTypedWithItSoFarAndNotLaterOnes() {
        String phone = TestPhones.next();
        String first = tell(phone);
        String second = tell(phone);
        assertThat(item(second).path("contact").path("verified").asBoolean(true)).isFalse();
        assertThat(historyOf(second)).as("typed contacts link nothing").isEmpty();

        new Residents(stack).signIn(phone);

        assertThat(item(second).path("contact").path("verified").asBoolean()).isTrue();
        assertThat(item(first).path("contact").path("verified").asBoolean()).isTrue();
        assertThat(historyOf(second)).containsExactly(first);
        String later = tell(phone);
        assertThat(item(later).path("contact").path("verified").asBoolean(true))
                .as("typing a proven number again proves nothing").isFalse();
        assertThat(historyOf(later)).isEmpty();
    }

    @Test
    void aStorySentWithTheResidentsOwnSessionKeepsTheirContactProvenAndAnotherSessionDoesNot() {
        String phone = TestPhones.next();
        String token = new Residents(stack).signIn(phone);
        String stranger = new Residents(stack).signIn(TestPhones.next());

        String withSession = tell(phone, "Authorization", "Bearer " + token);
        String withAnotherSession = tell(phone, "Authorization", "Bearer " + stranger);

        assertThat(item(withSession).path("contact").path("verified").asBoolean()).isTrue();
        assertThat(item(withAnotherSession).path("contact").path("verified").asBoolean(true)).isFalse();
    }

    private static String tell(String phone, String... headers) {
        JsonNode told = client.postJson(StoryJson.aStory().topics("health").contact(TestPhones.national(phone))
                .consent("identified").json(), headers).json();
        String storyId = told.path("storyId").asText();
        Eventually.within(WITHIN, "shared", () -> partner.story(storyId).status() == 200);
        return storyId;
    }

    private static JsonNode item(String storyId) {
        return partner.story(storyId).json();
    }

    private static List<String> historyOf(String storyId) {
        List<String> ids = new ArrayList<>();
        item(storyId).path("history").forEach(h -> ids.add(h.path("storyId").asText()));
        return ids;
    }
}
