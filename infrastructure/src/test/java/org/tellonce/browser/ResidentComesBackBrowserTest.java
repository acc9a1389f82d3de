package org.tellonce.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TestPhones;

/**
 * A resident comes back from another device (SPEC section 10, issue #15), JavaScript off: tells a
 * story on the web with a phone number and another by SMS, opens /me in a fresh browser, proves the
 * number with the code from the outbox, sees both, makes all private, downloads everything and erases
 * all; and axe-core finds no serious or critical problem on the /me pages in English, Welsh, Polish.
 */
class ResidentComesBackBrowserTest {
    private static final Pattern REFERENCE = Pattern.compile("TO-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}");
    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");
    private static final Dimension PHONE = new Dimension(412, 915);

    private static Path projectRoot;
    private static LocalStack stack;
    private static StackClient client;
    private static Chromium browsers;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Chromium.available(), Chromium.SKIPPED);
        projectRoot = Path.of(System.getProperty("tellonce.projectRoot")).toAbsolutePath().normalize();
        stack = LocalStack.start(LocalStack.Options.inMemory(projectRoot.resolve("template.yaml")));
        client = new StackClient(stack.baseUrl());
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
    void aResidentOnAFreshBrowserProvesTheirNumberSeesWebAndSmsStoriesAndManagesThemAll() throws IOException {
        String phone = TestPhones.next();
        ChromeDriver first = browsers.start(false, PHONE);
        first.get(stack.baseUrl() + "/");
        String webStory = StoryTexts.unique("The surgery's phone line is engaged every morning at eight.");
        first.findElement(By.id("story")).sendKeys(webStory);
        first.findElement(By.id("contact")).sendKeys(TestPhones.national(phone));
        first.findElement(By.id("consent-anonymous")).click();
        first.findElement(By.cssSelector("form[action='/stories'] button[type=submit]")).click();
        waitFor(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("reference")));
        String webReference = first.findElement(By.id("reference")).getText();
        String smsReference = textStory(phone, StoryTexts.unique("No hot water in our flats since Monday."));

        ChromeDriver fresh = browsers.start(false, PHONE);
        fresh.get(stack.baseUrl() + "/me");
        assertThat(fresh.findElement(By.tagName("h1")).getText()).isEqualTo("Your stories");
        fresh.findElement(By.id("contact")).sendKeys(phone);
        fresh.findElement(By.cssSelector("form[action='/me/code'] button")).click();
        waitFor(fresh).until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
        fresh.findElement(By.id("code")).sendKeys(codeSentTo(phone));
        fresh.findElement(By.cssSelector("form[action='/me/confirm'] button")).click();
        waitFor(fresh).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.story")));

        String main = fresh.findElement(By.tagName("main")).getText();
        assertThat(main).contains(webReference, smsReference, "Web form", "Text message");
        Cookie session = fresh.manage().getCookieNamed("tellonce_resident");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        Chromium.screenshot(fresh, projectRoot, "me.png");

        fresh.findElement(By.cssSelector("form[action='/me/private'] button")).click();
        waitFor(fresh).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(fresh.findElement(By.id("notice")).getText()).isEqualTo("All your stories are now private.");
        assertThat(fresh.findElements(By.xpath("//dd[text()='Only TellOnce. It is not shared with anyone.']")))
                .hasSize(2);

        // The download link with this browser's own session: everything told, both stories.
        assertThat(fresh.findElement(By.cssSelector("a[href='/residents/me/export']")).getAttribute("download"))
                .isNotNull();
        JsonNode export = client.get("/residents/me/export", "Cookie", "tellonce_resident=" + session.getValue()).json();
        List<String> told = new ArrayList<>();
        export.path("stories").forEach(s -> told.add(s.path("text").asText()));
        assertThat(told).hasSize(2).anyMatch(t -> t.equals(webStory));

        fresh.findElement(By.id("confirm")).click();
        fresh.findElement(By.cssSelector("form[action='/me/erase'] button")).click();
        waitFor(fresh).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertThat(fresh.findElement(By.id("notice")).getText()).isEqualTo("Everything has been erased.");
        assertThat(fresh.manage().getCookieNamed("tellonce_resident")).as("signed out").isNull();
        RawTable table = new RawTable(stack);
        assertThat(table.storyItem(webReference)).doesNotContainKey("text");
        assertThat(table.storyItem(smsReference)).doesNotContainKey("text");
    }

    @Test
    void theMePagesHaveNoSeriousOrCriticalAccessibilityViolationInAnyLanguage() throws IOException {
        Optional<Axe> loaded = Axe.load(projectRoot);
        Assumptions.assumeTrue(loaded.isPresent(), Axe.MISSING);
        Axe axe = loaded.get();
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String language : List.of("en", "cy", "pl")) {
            ChromeDriver browser = browsers.start(true, PHONE);
            String email = "axe-me-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
            client.postJson("{\"story\":\"" + StoryTexts.unique("The park gates are locked all weekend.")
                    + "\",\"contact\":\"" + email + "\",\"consent\":\"private\"}");
            Check check = page -> {
                checked.add(language + " " + page);
                assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as(page).isEqualTo(language);
                axe.seriousViolations(browser).forEach(v -> problems.add(language + " " + page + ": " + v));
            };
            browser.get(stack.baseUrl() + "/me?lang=" + language);
            check.run("contact");
            browser.findElement(By.cssSelector("form[action='/me/code'] button")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error-summary")));
            check.run("contact with errors");
            browser.findElement(By.id("contact")).sendKeys(email);
            browser.findElement(By.cssSelector("form[action='/me/code'] button")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
            check.run("code");
            browser.findElement(By.id("code")).sendKeys("000000");
            browser.findElement(By.cssSelector("form[action='/me/confirm'] button")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error-summary")));
            check.run("code with errors");
            browser.findElement(By.id("code")).sendKeys(emailedCode(email));
            browser.findElement(By.cssSelector("form[action='/me/confirm'] button")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.story")));
            check.run("my stories");
            browser.findElement(By.cssSelector("form[action='/me/notifications'] button")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
            check.run("my stories, saved");
            browser.findElement(By.cssSelector("form[action='/me/erase'] button")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error-summary")));
            check.run("erase with errors");
            browser.findElement(By.cssSelector("form[action='/me/sign-out'] button")).click();
            waitFor(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
            check.run("signed out");
        }
        Path report = projectRoot.resolve("infrastructure/target/axe-me-report.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "axe-core " + Axe.VERSION + ", serious or critical violations: " + problems.size()
                + "\nchecked:\n  " + String.join("\n  ", checked) + "\n" + String.join("\n", problems) + "\n");
        assertThat(checked).hasSize(3 * 8);
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    private interface Check {
        void run(String page) throws IOException;
    }

    private static String textStory(String phone, String text) {
        String body = "{\"originationNumber\":\"" + phone + "\",\"destinationNumber\":\"+447700900000\","
                + "\"messageBody\":\"" + text + "\",\"inboundMessageId\":\"" + UUID.randomUUID() + "\"}";
        assertThat(client.post("/_local/sms", "application/json", body.getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(202);
        Matcher m = REFERENCE.matcher(lastSmsTo(phone));
        assertThat(m.find()).isTrue();
        return m.group();
    }

    private static String lastSmsTo(String phone) {
        List<LocalOutbox.Sent> sent = stack.outbox().sent().stream().filter(s -> s.to().equals(phone)).toList();
        return sent.get(sent.size() - 1).body();
    }

    private static String codeSentTo(String phone) {
        Matcher m = CODE.matcher(lastSmsTo(phone));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String emailedCode(String email) {
        String text = stack.emailOutbox().sent().stream().filter(s -> s.email().to().equals(email))
                .reduce((a, b) -> b).orElseThrow().email().text();
        Matcher m = CODE.matcher(text);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static WebDriverWait waitFor(ChromeDriver driver) {
        return new WebDriverWait(driver, Chromium.WAIT);
    }
}
