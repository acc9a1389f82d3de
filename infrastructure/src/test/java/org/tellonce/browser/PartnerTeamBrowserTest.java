package org.tellonce.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.StorySubmission.Submitted;

/**
 * Issue #16's whole journey in browsers, each page without script and axe-checked: the admin adds a
 * partner admin; she signs in with the e-mailed code and adds a reader and a responder; the responder
 * takes a story, replies and marks it responded; the reader can read but not reply; the resident's story
 * page says the organisation read and answered it (never who); signing out ends the session on the server.
 */
class PartnerTeamBrowserTest {
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final String PARTNER = "riverside";
    private static final String ADMIN = "ada.admin@riverside.example";
    private static final String READER = "rhys.reader@riverside.example";
    private static final String RESPONDER = "rosa.responder@riverside.example";
    private static final String REPLY = "Thank you. We have asked the highways team to repair the crossing this month.";

    private static Path projectRoot;
    private static LocalStack stack;
    private static Chromium browsers;
    private static Http http;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(Chromium.available(), Chromium.SKIPPED);
        projectRoot = Path.of(System.getProperty("tellonce.projectRoot")).toAbsolutePath().normalize();
        stack = LocalStack.start(LocalStack.Options.inMemory(projectRoot.resolve("template.yaml")));
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
    void aPartnerTeamWorksAStoryAndTheResidentSeesWhichOrganisationReadAndAnsweredIt() throws IOException {
        Optional<Axe> axe = Axe.load(projectRoot);
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        Admin admin = new Admin(stack);
        PartnerClient riverside = new PartnerClient(http, admin.addPartner(PARTNER, "Riverside Council", "*", ""));
        Submitted story = aStory().anonymous().topics("transport").onlyFor(PARTNER)
                .text("The pedestrian crossing by the library has been broken for three weeks.").submitTo(http);
        Eventually.within(Eventually.FAN_OUT, "the story reaches the partner",
                () -> riverside.story(story.storyId()).status() == 200);

        // The admin adds the partner's admin with the command; she signs in and adds her team on the page.
        admin.addStaff(ADMIN, "Ada Admin", "partner-admin", "--partner", PARTNER);
        ChromeDriver ada = browsers.start(axe.isPresent(), DESKTOP);
        Check check = (browser, page) -> {
            checked.add(page);
            assertThat(browser.getPageSource()).as(page).doesNotContain("<script");
            if (axe.isPresent()) {
                axe.get().seriousViolations(browser).forEach(v -> problems.add(page + ": " + v));
            }
        };
        signIn(ada, ADMIN);
        check.run(ada, "signed in");
        ada.get(stack.baseUrl() + "/partner/staff");
        check.run(ada, "staff page");
        addMember(ada, "Rhys Reader", READER, "reader");
        addMember(ada, "Rosa Responder", RESPONDER, "responder");
        check.run(ada, "staff page with the team");
        assertThat(ada.findElement(By.tagName("main")).getText()).contains("Rhys Reader", READER, "Rosa Responder",
                RESPONDER);

        // The responder takes the story, replies and marks it responded.
        ChromeDriver rosa = browsers.start(axe.isPresent(), DESKTOP);
        signIn(rosa, RESPONDER);
        rosa.get(stack.baseUrl() + "/partner");
        check.run(rosa, "inbox");
        rosa.findElement(By.cssSelector("#story-" + story.storyId() + " h2 a")).click();
        new WebDriverWait(rosa, Chromium.WAIT).until(ExpectedConditions.urlContains("/partner/inbox/" + story.storyId()));
        check.run(rosa, "story");
        Chromium.submit(rosa, "#assign-me", "#notice");
        assertThat(rosa.findElement(By.id("current-assignee")).getText()).isEqualTo("Rosa Responder");
        rosa.findElement(By.id("reply")).sendKeys(REPLY);
        Chromium.submit(rosa, "form[action$='/responses'] button", "#notice");
        assertThat(rosa.findElement(By.id("replies")).getText()).contains(REPLY);
        rosa.findElement(By.id("handling-responded")).click();
        Chromium.submit(rosa, "form[action$='/handling'] button", "#notice");
        check.run(rosa, "story, worked");
        String responded = rosa.findElement(By.id("current-handling")).getText();
        assertThat(riverside.story(story.storyId()).json().path("handling").asText()).isEqualTo("responded");
        assertThat(riverside.story(story.storyId()).json().path("assignee").path("name").asText())
                .isEqualTo("Rosa Responder");

        // The reader reads it, but has no reply form, and a reply sent anyway is refused.
        ChromeDriver rhys = browsers.start(axe.isPresent(), DESKTOP);
        signIn(rhys, READER);
        rhys.get(stack.baseUrl() + "/partner/inbox/" + story.storyId());
        check.run(rhys, "story, as the reader");
        assertThat(rhys.findElement(By.id("text")).getText()).contains("pedestrian crossing");
        assertThat(rhys.findElement(By.id("current-handling")).getText()).isEqualTo(responded);
        assertThat(rhys.findElements(By.cssSelector("form[action$='/responses']"))).as("no reply form").isEmpty();
        String readerCookie = "staff_session=" + rhys.manage().getCookieNamed("staff_session").getValue();
        assertThat(http.postJson("/partner/stories/" + story.storyId() + "/responses", "{\"text\":\"From the reader.\"}",
                "Cookie", readerCookie).status()).isEqualTo(403);

        // The resident sees which organisation read and answered the story, never who.
        ChromeDriver resident = browsers.start(axe.isPresent(), DESKTOP);
        resident.get(stack.baseUrl() + "/");
        resident.manage().addCookie(new Cookie("tellonce_manage", story.manageToken(), "/"));
        resident.get(stack.baseUrl() + "/stories/" + story.reference());
        check.run(resident, "the resident's story page");
        String log = resident.findElement(By.id("access-log")).getText();
        assertThat(log).contains("Riverside Council read your story", "Riverside Council replied to your story");
        assertThat(resident.findElement(By.tagName("main")).getText()).contains(REPLY)
                .doesNotContain("Rosa", "Rhys", "Ada", RESPONDER, READER, ADMIN);
        assertThat(http.get("/stories/" + story.reference(), Http.bearer(story.manageToken())).body())
                .contains("\"organisation\":\"Riverside Council\"").doesNotContain("Rosa", RESPONDER);

        // Signing out ends the session on the server: a copy of the cookie opens nothing.
        String responderCookie = "staff_session=" + rosa.manage().getCookieNamed("staff_session").getValue();
        rosa.get(stack.baseUrl() + "/partner");
        Chromium.submit(rosa, "form[action='/staff/sign-out'] button", "main");
        check.run(rosa, "signed out");
        assertThat(http.get("/staff/me", "Cookie", responderCookie).status()).isEqualTo(401);
        assertThat(http.get("/partner/stories/" + story.storyId(), "Cookie", responderCookie).status()).isEqualTo(401);
        assertThat(http.get("/partner/inbox/" + story.storyId(), "Cookie", responderCookie).body())
                .doesNotContain("pedestrian crossing");

        assertThat(checked).hasSize(9);
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    private interface Check {
        void run(ChromeDriver browser, String page) throws IOException;
    }

    private static void signIn(ChromeDriver browser, String email) {
        browser.get(stack.baseUrl() + "/staff/sign-in");
        Chromium.signInAsStaff(browser, stack, email);
    }

    private static void addMember(ChromeDriver browser, String name, String email, String role) {
        browser.findElement(By.id("name")).sendKeys(name);
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.cssSelector("input[name=role][value=" + role + "]")).click();
        Chromium.submit(browser, "form[action='/partner/staff'] button", "#notice");
    }

}
