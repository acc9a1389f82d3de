package org.tellonce.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * The daily digest's pages in English, Welsh and Polish, without script and (where axe-core is
 * installed) with no serious or critical accessibility problem: the on/off form on the signed-in staff
 * page, and the e-mail's opt-out link (its confirm button, what follows, a link that does not work).
 */
class StaffDigestBrowserTest {
    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");
    private static final Pattern UNSUBSCRIBE = Pattern.compile("(/staff/digest/unsubscribe\\?token=[^\\s]+)");
    private static final Dimension PHONE = new Dimension(412, 915);

    private static Path projectRoot;
    private static LocalStack stack;
    private static Chromium browsers;
    private static PartnerClient partner;
    private static LocalDate day = LocalDate.now(ZoneOffset.UTC);

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Chromium.available(), Chromium.SKIPPED);
        projectRoot = Path.of(System.getProperty("tellonce.projectRoot")).toAbsolutePath().normalize();
        stack = LocalStack.start(LocalStack.Options.inMemory(projectRoot.resolve("template.yaml")));
        browsers = new Chromium();
        partner = new PartnerClient(new Http(stack.baseUrl()),
                new Admin(stack).addPartner("digest-pages", "Digest Pages Trust", "*", ""));
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
    void theDigestPagesWorkWithoutScriptInEveryLanguage() throws Exception {
        Optional<Axe> axe = Axe.load(projectRoot);
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String language : List.of("en", "cy", "pl")) {
            String email = "digest-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
            new Admin(stack).addStaff(email, "Siân Staff", "responder", "--partner", "digest-pages");
            ChromeDriver browser = browsers.start(axe.isPresent(), PHONE);
            Check check = page -> {
                checked.add(language + " " + page);
                assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as(page).isEqualTo(language);
                assertThat(browser.getPageSource()).as(page).doesNotContain("<script");
                if (axe.isPresent()) {
                    axe.get().seriousViolations(browser).forEach(v -> problems.add(language + " " + page + ": " + v));
                }
            };
            browser.get(stack.baseUrl() + "/staff/sign-in?lang=" + language);
            browser.findElement(By.id("email")).sendKeys(email);
            submit(browser, "/staff/sign-in", "#code");
            browser.findElement(By.id("code")).sendKeys(emailedCode(email));
            submit(browser, "/staff/sign-in/confirm", "form[action='/staff/digest']");
            check.run("signed in, digest on");
            submit(browser, "/staff/digest", "input[name='digest'][value='true']");
            check.run("digest off");
            submit(browser, "/staff/digest", "input[name='digest'][value='false']");
            check.run("digest on again");

            Submitted story = aStory().topics("health").anonymous().submitTo(new Http(stack.baseUrl()));
            Eventually.within(Eventually.FAN_OUT, "shared", () -> partner.story(story.storyId()).status() == 200);
            runDigest();
            Matcher link = UNSUBSCRIBE.matcher(lastEmailTo(email));
            assertThat(link.find()).isTrue();
            browser.get(stack.baseUrl() + link.group(1) + "&lang=" + language);
            check.run("opt-out link");
            submit(browser, "/staff/digest/unsubscribe", "main a[href='/staff/sign-in']");
            check.run("opted out");
            browser.get(stack.baseUrl() + "/staff/digest/unsubscribe?lang=" + language + "&token=broken");
            check.run("a broken link");
        }
        Path report = projectRoot.resolve("infrastructure/target/axe-digest-report.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, (axe.isPresent() ? "axe-core " + Axe.VERSION : "axe-core not installed")
                + ", serious or critical violations: " + problems.size() + "\nchecked:\n  "
                + String.join("\n  ", checked) + "\n" + String.join("\n", problems) + "\n");
        assertThat(checked).hasSize(3 * 6);
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    private interface Check {
        void run(String page) throws IOException;
    }

    private static void submit(ChromeDriver browser, String action, String thenPresent) {
        browser.findElement(By.cssSelector("form[action='" + action + "'] button")).click();
        new WebDriverWait(browser, Chromium.WAIT)
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(thenPresent)));
    }

    /** The schedule, as if run on the next day (each language's member gets that day's digest). */
    private static void runDigest() throws Exception {
        day = day.plusDays(1);
        HttpResponse<String> run = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.baseUrl() + "/_local/schedule/StaffDigestFunction"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"time\":\"" + day + "T07:00:00Z\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
    }

    private static String lastEmailTo(String email) {
        return stack.emailOutbox().sent().stream().filter(s -> s.email().to().equals(email))
                .reduce((a, b) -> b).orElseThrow().email().text();
    }

    private static String emailedCode(String email) {
        Matcher m = CODE.matcher(lastEmailTo(email));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
