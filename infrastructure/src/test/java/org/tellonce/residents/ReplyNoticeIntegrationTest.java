package org.tellonce.residents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.adapters.email.LocalEmailOutbox;
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
 * A web resident who proved their contact and asked to be told hears of each partner reply (a notice
 * with a link to /me, never the reply itself), once per reply; nobody else, and never a number that
 * sent STOP.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplyNoticeIntegrationTest {
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static LocalStack stack;
    private static StackClient client;
    private static PartnerClient partner;
    private static Residents residents;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        client = new StackClient(stack.baseUrl());
        residents = new Residents(stack);
        partner = new PartnerClient(new Http(stack.baseUrl()), Partners.add(stack, "notice-trust", List.of("*"), List.of()));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aProvenResidentWhoAskedGetsOneNoticePerReplyWithALinkAndNotTheReply() {
        String email = "notice-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        JsonNode told = tell(email);
        String storyId = told.path("storyId").asText();
        String reference = told.path("reference").asText();
        Eventually.within(WITHIN, "shared", () -> partner.story(storyId).status() == 200);

        assertThat(partner.respond(storyId, "A first reply before anyone asked.").status()).isEqualTo(201);
        String token = residents.signIn(email);
        assertThat(client.send("PUT", "/residents/me/notifications", "application/json", "{\"replies\":true}",
                "Authorization", "Bearer " + token).status()).isEqualTo(200);
        assertThat(partner.respond(storyId, "We have booked a meeting with the practice manager.").status())
                .isEqualTo(201);
        assertThat(partner.respond(storyId, "The meeting is on Tuesday.").status()).isEqualTo(201);

        Eventually.within(WITHIN, "two notices", () -> notices(email).size() == 2);
        LocalEmailOutbox.Sent notice = notices(email).get(0);
        assertThat(notice.email().subject()).isEqualTo("A reply about your story " + reference);
        assertThat(notice.email().text()).contains("replied about your story " + reference, stack.baseUrl() + "/me")
                .doesNotContain("practice manager");
        assertThat(residents.emailsTo(email)).as("the code, and one notice for each reply after asking").hasSize(3);
    }

    @Test
    void aNumberThatSentStopIsNeverTexted() {
        String phone = TestPhones.next();
        JsonNode told = tell(TestPhones.national(phone));
        String storyId = told.path("storyId").asText();
        Eventually.within(WITHIN, "shared", () -> partner.story(storyId).status() == 200);
        String token = residents.signIn(phone);
        client.send("PUT", "/residents/me/notifications", "application/json", "{\"replies\":true}",
                "Authorization", "Bearer " + token);
        assertThat(partner.respond(storyId, "One reply while texts are welcome.").status()).isEqualTo(201);
        Eventually.within(WITHIN, "a text notice", () -> residents.textsTo(phone).stream().anyMatch(b -> b.contains("/me")));

        residents.texts(phone, "STOP");
        int before = residents.textsTo(phone).size();
        assertThat(partner.respond(storyId, "Another reply after STOP.").status()).isEqualTo(201);
        sleep();
        assertThat(residents.textsTo(phone)).hasSize(before);
    }

    private static JsonNode tell(String contact) {
        return client.postJson(StoryJson.aStory().topics("health").contact(contact).consent("identified").json()).json();
    }

    private static List<LocalEmailOutbox.Sent> notices(String address) {
        return residents.emailsTo(address).stream().filter(s -> s.email().subject().startsWith("A reply")).toList();
    }

    /** The notifier runs from the table's stream: give it time to (not) send. */
    private static void sleep() {
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
