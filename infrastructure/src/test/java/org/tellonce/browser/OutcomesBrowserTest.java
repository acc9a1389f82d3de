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
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;

/**
 * A responder records an outcome from the inbox (SPEC section 13) without script: ticks a story, sends the
 * form empty (what to fix, at the fields), then with a title and text; the public page lists it. Each page,
 * in English, Welsh and Polish, has no serious or critical accessibility problem where axe-core is installed.
 */
class OutcomesBrowserTest {
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
        stack = LocalStack.start(LocalStack.Options.inMemory(projectRoot.resolve("template.yaml")));
        client = new StackClient(stack.baseUrl());
        apiKey = new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()))
                .add("change-trust", "Change Trust", List.of("*"), List.of()).apiKey();
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
    void aResponderRecordsAnOutcomeFromTheInboxAndThePublicPageShowsItInEveryLanguage() throws IOException {
        Optional<Axe> axe = Axe.load(projectRoot);
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String language : List.of("en", "cy", "pl")) {
            String text = StoryTexts.unique("The crossing by the library has no lights (" + language + ").");
            JsonNode told = client.postJson(StoryJson.story(text).topics("transport").consent("anonymous").json())
                    .json();
            String storyId = told.path("storyId").asText();
            String reference = told.path("reference").asText();
            awaitShared(storyId);
            String email = "responder-" + UUID.randomUUID().toString().substring(0, 8) + "@change-trust.example";
            new Admin(stack).addStaff(email, "Owain Responder", "responder", "--partner", "change-trust");

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

            browser.get(stack.baseUrl() + "/partner?reference=" + reference);
            check.run("inbox with the outcome form");
            assertThat(browser.findElements(By.id("outcome-form"))).hasSize(1);

            // Sent with nothing ticked and no words: what to fix, at each field.
            browser.findElement(By.id("outcome-title")).sendKeys("Crossing lights");
            Chromium.submit(browser, "#record-outcome", ".error-summary");
            check.run("inbox, outcome with errors");
            assertThat(browser.findElements(By.cssSelector(".error-summary a[href='#outcome-stories']"))).hasSize(1);
            assertThat(browser.findElements(By.cssSelector(".error-summary a[href='#outcome-text']"))).hasSize(1);
            assertThat(browser.findElement(By.id("outcome-title")).getAttribute("value")).isEqualTo("Crossing lights");

            String title = "Crossing lights " + language;
            browser.findElement(By.id("outcome-title")).clear();
            browser.findElement(By.id("outcome-title")).sendKeys(title);
            browser.findElement(By.id("outcome-text")).sendKeys("The council is fitting lights at the library crossing.");
            browser.findElement(By.id("pick-" + storyId)).click();
            Chromium.submit(browser, "#record-outcome", "#notice");
            check.run("inbox, outcome recorded");

            browser.get(stack.baseUrl() + "/outcomes");
            check.run("public outcomes");
            assertThat(browser.findElement(By.id("outcomes")).getText()).contains(title, "Change Trust")
                    .doesNotContain(reference, "has no lights");
        }
        Path report = projectRoot.resolve("infrastructure/target/axe-outcomes-report.txt");
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

    private static void awaitShared(String storyId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (client.get("/partner/stories/" + storyId, "Authorization", "Bearer " + apiKey).status() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("story not shared with change-trust");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
