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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;

/**
 * A responder works a story in the partner inbox (SPEC section 11) in English, Welsh and Polish, without
 * script: signs in as staff, finds the story, sets its handling, takes it, replies; each page, with its
 * errors too, has no serious or critical accessibility problem where axe-core is installed.
 */
class InboxBrowserTest {
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
                .add("work-trust", "Work Trust", List.of("*"), List.of()).apiKey();
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
    void aResponderSetsHandlingTakesTheStoryAndRepliesInEveryLanguage() throws IOException {
        Optional<Axe> axe = Axe.load(projectRoot);
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String language : List.of("en", "cy", "pl")) {
            String text = StoryTexts.unique("The footpath by the school floods every time it rains (" + language + ").");
            JsonNode told = client.postJson(StoryJson.story(text).topics("transport").consent("anonymous").json())
                    .json();
            String storyId = told.path("storyId").asText();
            String reference = told.path("reference").asText();
            awaitShared(storyId);
            String email = "responder-" + UUID.randomUUID().toString().substring(0, 8) + "@work-trust.example";
            new Admin(stack).addStaff(email, "Heledd Responder", "responder", "--partner", "work-trust");

            ChromeDriver browser = browsers.start(axe.isPresent(), DESKTOP);
            Check check = page -> {
                checked.add(language + " " + page);
                assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as(page).isEqualTo(language);
                assertThat(browser.getPageSource()).as(page).doesNotContain("<script");
                if (axe.isPresent()) {
                    axe.get().seriousViolations(browser).forEach(v -> problems.add(language + " " + page + ": " + v));
                }
            };
            browser.get(stack.baseUrl() + "/partner?lang=" + language);
            check.run("inbox, signed out");
            browser.findElement(By.cssSelector("main a[href='/staff/sign-in']")).click();
            Chromium.signInAsStaff(browser, stack, email);

            browser.get(stack.baseUrl() + "/partner?reference=" + reference);
            check.run("inbox, searched");
            assertThat(browser.findElements(By.cssSelector("article"))).hasSize(1);
            browser.get(stack.baseUrl() + "/partner?handling=someday");
            check.run("inbox with errors");
            assertThat(browser.findElements(By.cssSelector(".error-summary a[href='#handling']"))).hasSize(1);

            browser.get(stack.baseUrl() + "/partner?reference=" + reference);
            browser.findElement(By.cssSelector("#story-" + storyId + " h2 a")).click();
            new WebDriverWait(browser, Chromium.WAIT).until(ExpectedConditions.urlContains("/partner/inbox/" + storyId));
            check.run("story");
            assertThat(browser.findElement(By.id("text")).getText()).isEqualTo(text);

            browser.findElement(By.id("handling-in-progress")).click();
            Chromium.submit(browser, "form[action$='/handling'] button", "#notice");
            check.run("story, handling saved");
            Chromium.submit(browser, "#assign-me", "#notice");
            assertThat(browser.findElement(By.id("current-assignee")).getText()).isEqualTo("Heledd Responder");

            browser.findElement(By.id("email")).sendKeys("nobody@elsewhere.example");
            Chromium.submit(browser, "form[action$='/assignee'] button[type=submit]:not(#assign-me)", ".error-summary");
            check.run("story, assignee with errors");

            Chromium.submit(browser, "form[action$='/responses'] button", ".error-summary");
            check.run("story, reply with errors");
            browser.findElement(By.id("reply")).sendKeys("Thank you, we have reported the flooding to the council.");
            Chromium.submit(browser, "form[action$='/responses'] button", "#notice");
            check.run("story, reply sent");
            assertThat(browser.findElement(By.id("replies")).getText()).contains("reported the flooding");

            browser.get(stack.baseUrl() + "/partner?assignee=me&handling=in-progress");
            assertThat(browser.findElements(By.cssSelector("#story-" + storyId))).as("assigned to me").hasSize(1);
            JsonNode item = client.get("/partner/stories/" + storyId, "Authorization", "Bearer " + apiKey).json();
            assertThat(item.path("handling").asText()).isEqualTo("in-progress");
            assertThat(item.path("assignee").path("name").asText()).isEqualTo("Heledd Responder");
        }
        Path report = projectRoot.resolve("infrastructure/target/axe-inbox-report.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, (axe.isPresent() ? "axe-core " + Axe.VERSION : "axe-core not installed")
                + ", serious or critical violations: " + problems.size() + "\nchecked:\n  "
                + String.join("\n  ", checked) + "\n" + String.join("\n", problems) + "\n");
        assertThat(checked).hasSize(3 * 8);
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    private interface Check {
        void run(String page) throws IOException;
    }


    private static void awaitShared(String storyId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (client.get("/partner/stories/" + storyId, "Authorization", "Bearer " + apiKey).status() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("story not shared with work-trust");
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
