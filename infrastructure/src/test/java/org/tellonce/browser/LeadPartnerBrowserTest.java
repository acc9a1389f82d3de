package org.tellonce.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lead partner and the response clock in the inbox (SPEC section 13), in English, Welsh and Polish,
 * without script: an overdue story carries its badge and is found by the overdue filter; a responder
 * makes their organisation the lead and gives it up by the story page's buttons. Each page has no
 * serious or critical accessibility problem where axe-core is installed.
 */
class LeadPartnerBrowserTest {
    private static final Dimension DESKTOP = new Dimension(1280, 900);

    private static Path projectRoot;
    private static LocalStack stack;
    private static StackClient client;
    private static Chromium browsers;
    private static String apiKey;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Chromium.available(), Chromium.SKIPPED);
        projectRoot = Path.of(System.getProperty("tellonce.projectRoot")).toAbsolutePath().normalize();
        stack = LocalStack.start(LocalStack.Options.inMemory(projectRoot.resolve("template.yaml"))
                .withEnvironment(Map.of("RESPONSE_TARGET_DAYS", "1")));
        client = new StackClient(stack.baseUrl());
        apiKey = new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()))
                .add("lead-trust", "Lead Trust", List.of("*"), List.of()).apiKey();
        browsers = new Chromium();
    }

    @AfterAll
    static void stop() throws IOException {
        if (browsers != null) {
            browsers.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aResponderSeesWhatIsOverdueAndTakesTheLeadInEveryLanguage() throws IOException {
        Optional<Axe> axe = Axe.load(projectRoot);
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String language : List.of("en", "cy", "pl")) {
            JsonNode told = client.postJson(StoryJson.story(StoryTexts.unique("The lift at the station has been broken "
                    + "for a month (" + language + ").")).topics("transport").consent("anonymous").json()).json();
            String storyId = told.path("storyId").asText();
            String reference = told.path("reference").asText();
            Eventually.within(Duration.ofSeconds(20), "the story shared with lead-trust", () -> client.get(
                    "/partner/stories/" + storyId, "Authorization", "Bearer " + apiKey).status() == 200);
            stack.dynamo().updateItem(b -> b.tableName(stack.table())
                    .key(Map.of("PK", AttributeValue.fromS("STORY#" + reference),
                            "SK", AttributeValue.fromS("SHARE#lead-trust")))
                    .updateExpression("SET sharedAt = :at").expressionAttributeValues(Map.of(":at",
                            AttributeValue.fromS(Instant.now().minus(Duration.ofDays(3)).toString()))));
            String email = "lead-" + UUID.randomUUID().toString().substring(0, 8) + "@lead-trust.example";
            new Admin(stack).addStaff(email, "Lowri Lead", "responder", "--partner", "lead-trust");

            ChromeDriver browser = browsers.start(axe.isPresent(), DESKTOP);
            Check check = page -> {
                checked.add(language + " " + page);
                assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as(page).isEqualTo(language);
                assertThat(browser.getPageSource()).as(page).doesNotContain("<script");
                if (axe.isPresent()) {
                    axe.get().seriousViolations(browser).forEach(v -> problems.add(language + " " + page + ": " + v));
                }
            };
            browser.get(stack.baseUrl() + "/staff/sign-in?lang=" + language);
            Chromium.signInAsStaff(browser, stack, email);

            browser.get(stack.baseUrl() + "/partner?overdue=true");
            check.run("inbox, overdue only");
            assertThat(browser.findElements(By.cssSelector("#story-" + storyId + " .badge"))).hasSize(1);
            assertThat(browser.findElement(By.id("overdue")).isSelected()).isTrue();

            browser.get(stack.baseUrl() + "/partner/inbox/" + storyId);
            check.run("story, overdue, nobody leads");
            assertThat(browser.findElements(By.id("overdue"))).hasSize(1);
            Chromium.submit(browser, "#lead-claim", "#notice");
            check.run("story, lead claimed");
            assertThat(browser.findElement(By.id("current-lead")).getText()).isEqualTo("Lead Trust");
            assertThat(client.get("/partner/stories/" + storyId, "Authorization", "Bearer " + apiKey).json()
                    .path("lead").path("partnerId").asText()).isEqualTo("lead-trust");
            Chromium.submit(browser, "#lead-release", "#notice");
            check.run("story, lead released");
            assertThat(browser.findElements(By.id("lead-claim"))).hasSize(1);
        }
        Path report = projectRoot.resolve("infrastructure/target/axe-lead-report.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, (axe.isPresent() ? "axe-core " + Axe.VERSION : "axe-core not installed")
                + ", serious or critical violations: " + problems.size() + "\nchecked:\n  "
                + String.join("\n  ", checked) + "\n" + String.join("\n", problems) + "\n");
        assertThat(checked).hasSize(3 * 4);
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    private interface Check {
        void run(String page) throws IOException;
    }
}
