package org.tellonce.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;

/**
 * Issue #17's moderator in a browser, every page without script and axe-checked in English, Welsh and
 * Polish: a moderator signs in with the e-mailed code, reads the queue (flagged first), opens a story,
 * sees the suggested redactions and approves an edited text; rejects a second story with a reason; each
 * resident's page says what became of their story and that TellOnce's moderators decided it.
 */
class ModerationBrowserTest {
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final String MODERATOR = "mo.moderator@partnership.example";

    private static Path projectRoot;
    private static LocalStack stack;
    private static Chromium browsers;
    private static Http http;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Chromium.available(), Chromium.SKIPPED);
        projectRoot = Path.of(System.getProperty("tellonce.projectRoot")).toAbsolutePath().normalize();
        stack = TestStack.start(Map.of("MODERATION", "all"));
        browsers = new Chromium();
        http = new Http(stack.baseUrl());
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
    void aModeratorApprovesAnEditedStoryAndRejectsAnotherAndTheResidentsAreTold() throws IOException {
        Optional<Axe> axe = Axe.load(projectRoot);
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        Admin admin = new Admin(stack);
        PartnerClient riverside = new PartnerClient(http, admin.addPartner("riverside", "Riverside Council", "*", ""));
        Submitted named = aStory().anonymous().topics("housing").name("Jo Bloggs")
                .text("My name is Jo Bloggs and the damp at 12 Acacia Avenue has made my children ill.").submitTo(http);
        Submitted rude = aStory().anonymous().topics("health")
                .text("The receptionist at the surgery was rude to me again this week.").submitTo(http);
        Submitted flagged = aStory().anonymous().topics("health")
                .text("I have felt suicidal since my support worker stopped coming.").submitTo(http);

        ChromeDriver mo = browsers.start(axe.isPresent(), DESKTOP);
        Check check = (browser, page) -> {
            checked.add(page);
            assertThat(browser.getPageSource()).as(page).doesNotContain("<script");
            if (axe.isPresent()) {
                axe.get().seriousViolations(browser).forEach(v -> problems.add(page + ": " + v));
            }
        };
        admin.addStaff(MODERATOR, "Mo Moderator", "moderator");
        signIn(mo, MODERATOR);

        // The queue, in each language: the flagged story first, no story's text.
        for (String lang : List.of("cy", "pl", "en")) {
            mo.get(stack.baseUrl() + "/moderation?lang=" + lang);
            check.run(mo, "queue (" + lang + ")");
        }
        List<String> order = mo.findElements(By.cssSelector("#queue tbody tr td:first-child a")).stream()
                .map(WebElement::getText).toList();
        assertThat(order).containsSubsequence(flagged.reference(), named.reference(), rude.reference());
        assertThat(order.get(0)).isEqualTo(flagged.reference());
        assertThat(mo.findElement(By.tagName("main")).getText()).doesNotContain("Acacia", "receptionist");

        // One story: the suggestions, and the approve form prefilled with them taken.
        mo.findElement(By.linkText(named.reference())).click();
        for (String lang : List.of("cy", "pl", "en")) {
            mo.get(stack.baseUrl() + "/moderation/stories/" + named.reference() + "?lang=" + lang);
            check.run(mo, "story (" + lang + ")");
        }
        assertThat(mo.findElement(By.id("suggestions")).getText()).contains("Jo Bloggs", "12 Acacia Avenue");
        WebElement text = mo.findElement(By.id("sharedText"));
        assertThat(text.getAttribute("value")).doesNotContain("Jo Bloggs", "Acacia");
        text.clear();
        text.sendKeys("The damp in our home has made my children ill and nobody has come to fix it.");
        Chromium.submit(mo, "#approve", "#notice");
        check.run(mo, "queue after approving");
        assertThat(mo.findElement(By.id("notice")).getText()).isNotBlank();

        // A second story: rejected, the reason first forgotten (the error at the field), then given.
        mo.get(stack.baseUrl() + "/moderation/stories/" + rude.reference());
        Chromium.submit(mo, "#reject", ".error-summary");
        check.run(mo, "story with an error");
        assertThat(mo.findElement(By.id("reason-error")).getText()).isNotBlank();
        mo.findElement(By.id("reason")).sendKeys("It is about one member of staff; please tell the surgery directly.");
        Chromium.submit(mo, "#reject", "#notice");

        Eventually.within(Eventually.FAN_OUT, "the approved story reaches the partner",
                () -> riverside.readFeed().storyIds().contains(named.storyId()));
        assertThat(riverside.readFeed().item(named.storyId()).orElseThrow().get("text").asText())
                .isEqualTo("The damp in our home has made my children ill and nobody has come to fix it.");
        assertThat(riverside.readFeed().storyIds()).doesNotContain(rude.storyId());

        // The residents are told, in each language.
        ChromeDriver resident = browsers.start(axe.isPresent(), DESKTOP);
        resident.get(stack.baseUrl() + "/");
        resident.manage().addCookie(new Cookie("tellonce_manage", named.manageToken(), "/"));
        for (String lang : List.of("cy", "pl", "en")) {
            resident.get(stack.baseUrl() + "/stories/" + named.reference() + "?lang=" + lang);
            check.run(resident, "approved story (" + lang + ")");
        }
        String page = resident.findElement(By.tagName("main")).getText();
        assertThat(page).contains("nobody has come to fix it", "TellOnce moderators approved your story");
        resident.manage().addCookie(new Cookie("tellonce_manage", rude.manageToken(), "/"));
        resident.get(stack.baseUrl() + "/stories/" + rude.reference());
        check.run(resident, "rejected story");
        assertThat(resident.findElement(By.tagName("main")).getText())
                .contains("please tell the surgery directly", "TellOnce moderators decided not to share your story");

        assertThat(checked).hasSize(12);
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    private interface Check {
        void run(ChromeDriver browser, String page) throws IOException;
    }

    private static void signIn(ChromeDriver browser, String email) {
        browser.get(stack.baseUrl() + "/staff/sign-in");
        Chromium.signInAsStaff(browser, stack, email);
    }
}
