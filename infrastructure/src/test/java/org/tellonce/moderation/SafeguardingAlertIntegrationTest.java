package org.tellonce.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.tellonce.testing.StorySubmission.aStory;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.adapters.email.LocalEmailOutbox;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.config.Config;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.story.Reference;
import org.tellonce.handlers.moderation.SafeguardingAlertHandler;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TestStack;
import org.tellonce.wiring.Wiring;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Safeguarding alerts (SPEC §12) on the local stack with the default MODERATION (safeguarding): a story
 * raising a concern is held, and the safeguarding staff and partnership administrators learn of it
 * within a minute by e-mail (and SMS when they have a phone), with its reference and concern and never
 * its words; the 30-minute re-send and the retry of a failed send run the function's schedule on a
 * clock moved forward.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SafeguardingAlertIntegrationTest {
    private static final String CRISIS = "I want to end my life, I can't go on";
    private static final Duration WITHIN = Duration.ofMinutes(1);

    private static LocalStack stack;
    private static Http http;
    private static PartnerClient partner;
    private static String safeguarding;
    private static String safeguardingPhone;
    private static String partnershipAdmin;
    private static String reader;
    private static String moderator;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        Admin admin = new Admin(stack);
        partner = new PartnerClient(http, admin.addPartner("every-topic", "Every Topic Trust", "*", ""));
        String run = UUID.randomUUID().toString().substring(0, 8);
        safeguarding = "safe-" + run + "@council.example";
        safeguardingPhone = TestPhones.next();
        partnershipAdmin = "lead-" + run + "@partnership.example";
        reader = "reader-" + run + "@every-topic.example";
        moderator = "mod-" + run + "@partnership.example";
        admin.addStaff(safeguarding, "Sian Safe", "safeguarding", "--phone", safeguardingPhone);
        admin.addStaff(partnershipAdmin, "Lee Lead", "partnership-admin");
        admin.addStaff(reader, "Rae Reader", "reader", "--partner", "every-topic", "--phone", TestPhones.next());
        admin.addStaff(moderator, "Mo Moderator", "moderator");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aStoryRaisingAConcernIsHeldAndTheSafeguardingStaffAreAlertedWithinAMinuteWithoutItsWords() {
        Http.Reply answer = http.postJson("/stories", aStory().text(CRISIS).json());

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        JsonNode json = answer.json();
        assertThat(json.path("status").asText()).isEqualTo("awaiting-review");
        assertThat(json.path("support").asText()).isNotBlank();
        String reference = json.path("reference").asText();
        String storyId = json.path("storyId").asText();

        Eventually.within(WITHIN, "both alert e-mails and the SMS are sent",
                () -> emailsAbout(reference).size() == 2 && textsAbout(reference).size() == 1);
        assertThat(emailsAbout(reference)).extracting(e -> e.to())
                .containsExactlyInAnyOrder(safeguarding, partnershipAdmin);
        assertThat(textsAbout(reference)).extracting(LocalOutbox.Sent::to).containsExactly(safeguardingPhone);
        for (EmailSender.Email email : emailsAbout(reference)) {
            assertThat(email.text()).contains("risk to life or self-harm", "/moderation/stories/" + reference);
            assertNoWordOfTheStory(email.subject() + "\n" + email.text());
        }
        assertNoWordOfTheStory(textsAbout(reference).get(0).body());
        assertThat(stack.emailOutbox().sent()).extracting(s -> s.email().to()).doesNotContain(reader, moderator);
        assertThat(partner.story(storyId).status()).as("a held story reaches no partner").isEqualTo(404);
    }

    @Test
    void anOrdinaryStoryAlertsNoOneAndIsSharedAtOnce() {
        Submitted ordinary = aStory().text("The bus to the hospital is always late " + UUID.randomUUID())
                .topics("transport").anonymous().submitTo(http);

        Eventually.within(WITHIN, "the story reaches the partner",
                () -> partner.story(ordinary.storyId()).status() == 200);
        sweep(Instant.now().plus(Duration.ofMinutes(31)));
        assertThat(emailsAbout(ordinary.reference())).isEmpty();
        assertThat(textsAbout(ordinary.reference())).isEmpty();
    }

    @Test
    void anAlertUnansweredForHalfAnHourGoesAgainToEveryoneOnce() {
        String reference = heldAndAlerted();

        sweep(Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(emailsAbout(reference)).as("nothing new before half an hour").hasSize(2);

        Instant later = Instant.now().plus(Duration.ofMinutes(31));
        sweep(later);
        assertThat(emailsAbout(reference)).hasSize(4);
        assertThat(emailsAbout(reference).subList(2, 4)).extracting(e -> e.to())
                .containsExactlyInAnyOrder(safeguarding, partnershipAdmin);
        assertThat(emailsAbout(reference).get(3).subject()).startsWith("Reminder");
        assertThat(textsAbout(reference)).hasSize(2);

        sweep(later.plus(Duration.ofMinutes(5)));
        sweep(later.plus(Duration.ofMinutes(20)));
        assertThat(emailsAbout(reference)).as("once per half hour").hasSize(4);
        assertThat(textsAbout(reference)).hasSize(2);
    }

    @Test
    void aStoryDecidedIsNotAlertedAgain() {
        String reference = heldAndAlerted();
        // A moderator's approval, as the decision writes it: no longer held, out of the queue.
        stack.dynamo().updateItem(b -> b.tableName(stack.table())
                .key(Map.of(Table.PK, AttributeValue.fromS(Table.storyPk(new Reference(reference))),
                        Table.SK, AttributeValue.fromS(Table.STORY_SK)))
                .updateExpression("SET #review = :approved, decidedAt = :now REMOVE GSI3PK, GSI3SK")
                .expressionAttributeNames(Map.of("#review", "review"))
                .expressionAttributeValues(Map.of(":approved", AttributeValue.fromS("approved"),
                        ":now", AttributeValue.fromS(Instant.now().toString()))));

        sweep(Instant.now().plus(Duration.ofMinutes(31)));

        assertThat(emailsAbout(reference)).hasSize(2);
        assertThat(textsAbout(reference)).hasSize(1);
    }

    @Test
    void aFailedSendIsRetriedOnTheNextRunAndOnlyToWhomItFailed() {
        String reference = heldAndAlerted();
        Instant due = Instant.now().plus(Duration.ofMinutes(31));
        EmailSender refusingTheLead = email -> {
            if (email.to().equals(partnershipAdmin)) {
                throw new IllegalStateException("SES refused");
            }
            stack.emailOutbox().send(email);
        };

        assertThatThrownBy(() -> handler(due, refusingTheLead).handleRequest(new DynamodbEvent(), null))
                .as("the run fails, so Lambda retries it").isInstanceOf(IllegalStateException.class);
        assertThat(emailsAbout(reference)).extracting(e -> e.to()).containsExactlyInAnyOrder(safeguarding,
                partnershipAdmin, safeguarding);

        sweep(due.plus(Duration.ofMinutes(5)));

        assertThat(emailsAbout(reference)).extracting(e -> e.to()).containsExactlyInAnyOrder(safeguarding,
                partnershipAdmin, safeguarding, partnershipAdmin);
        assertThat(textsAbout(reference)).hasSize(2);
    }

    @Test
    void aStoryErasedTakesItsAlertRecordsWithItAndIsNotAlertedAgain() {
        Submitted held = aStory().text(CRISIS).submitTo(http);
        Eventually.within(WITHIN, "the first alerts are sent",
                () -> emailsAbout(held.reference()).size() == 2 && textsAbout(held.reference()).size() == 1);
        assertThat(alertRecords(held.reference())).as("one per person and channel").hasSize(3);
        Http.Reply page = http.get("/stories/" + held.reference(), held.auth());
        assertThat(page.status()).as("the story reads as before, its alerts beside it").isEqualTo(200);
        assertThat(page.json().path("status").asText()).isEqualTo("awaiting-review");

        assertThat(http.delete("/stories/" + held.reference(), held.auth()).status()).isEqualTo(204);
        sweep(Instant.now().plus(Duration.ofMinutes(31)));

        assertThat(alertRecords(held.reference())).isEmpty();
        assertThat(emailsAbout(held.reference())).hasSize(2);
        assertThat(textsAbout(held.reference())).hasSize(1);
    }

    /** A crisis story submitted, and its first alerts out (e-mails to both, the SMS): its reference. */
    private static String heldAndAlerted() {
        Submitted held = aStory().text(CRISIS).submitTo(http);
        Eventually.within(WITHIN, "the first alerts are sent",
                () -> emailsAbout(held.reference()).size() == 2 && textsAbout(held.reference()).size() == 1);
        return held.reference();
    }

    private static List<String> alertRecords(String reference) {
        return new RawTable(stack).storyPartition(reference).stream().map(item -> item.get(Table.SK).s())
                .filter(sk -> sk.startsWith(Table.ALERT_PREFIX)).toList();
    }

    /** The function's scheduled run at {@code at}, as the stack wires it, to the stack's outboxes. */
    private static void sweep(Instant at) {
        handler(at, stack.emailOutbox()).handleRequest(new DynamodbEvent(), null);
    }

    private static SafeguardingAlertHandler handler(Instant at, EmailSender email) {
        return new SafeguardingAlertHandler(new Wiring(Config.from(stack.environment("SafeguardingAlertFunction")),
                stack.overrides().withClock(Clock.fixed(at, ZoneOffset.UTC)).withEmail(email)));
    }

    private static List<EmailSender.Email> emailsAbout(String reference) {
        return stack.emailOutbox().sent().stream().map(LocalEmailOutbox.Sent::email)
                .filter(e -> e.subject().contains(reference) || e.text().contains(reference)).toList();
    }

    private static List<LocalOutbox.Sent> textsAbout(String reference) {
        return stack.outbox().sent().stream().filter(s -> s.body().contains(reference)).toList();
    }

    /** Not one of the story's own words ("life" aside: the concern's name says it). */
    private static void assertNoWordOfTheStory(String alert) {
        String lower = alert.toLowerCase(Locale.ROOT);
        for (String word : List.of("want", "end", "my", "can't", "can", "go", "on")) {
            assertThat(Pattern.compile("\\b" + Pattern.quote(word) + "\\b").matcher(lower).find())
                    .as("the alert holds \"" + word + "\": " + alert).isFalse();
        }
    }
}
