package org.tellonce.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;

/**
 * A partner admin manages their staff and records a story told to them (SPEC sections 11 and 15) on
 * the pages, in English, Welsh and Polish: each step without script and, where axe-core is installed,
 * with no serious or critical accessibility problem.
 */
class PartnerStaffBrowserTest {
    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");
    private static final Dimension PHONE = new Dimension(412, 915);

    private static Path projectRoot;
    private static LocalStack stack;
    private static Chromium browsers;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Chromium.available(), Chromium.SKIPPED);
        projectRoot = Path.of(System.getProperty("tellonce.projectRoot")).toAbsolutePath().normalize();
        stack = LocalStack.start(LocalStack.Options.inMemory(projectRoot.resolve("template.yaml")));
        new Admin(stack).addPartner("healthwatch", "Healthwatch Leicester", "*", "");
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
    void theStaffPageAndTheAssistedFormWorkWithoutScriptInEveryLanguage() throws IOException {
        Optional<Axe> axe = Axe.load(projectRoot);
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String language : List.of("en", "cy", "pl")) {
            String admin = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
            new Admin(stack).addStaff(admin, "Siân Admin", "partner-admin", "--partner", "healthwatch");
            ChromeDriver browser = browsers.start(axe.isPresent(), PHONE);
            Check check = page -> {
                checked.add(language + " " + page);
                assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as(page).isEqualTo(language);
                assertThat(browser.getPageSource()).as(page).doesNotContain("<script");
                if (axe.isPresent()) {
                    axe.get().seriousViolations(browser).forEach(v -> problems.add(language + " " + page + ": " + v));
                }
            };
            signIn(browser, admin, language);

            browser.get(stack.baseUrl() + "/partner/staff");
            check.run("staff");
            submit(browser, "/partner/staff", ".error-summary");
            check.run("staff with errors");
            String reader = "reader-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
            browser.findElement(By.id("name")).sendKeys("Rhys Reader");
            browser.findElement(By.id("email")).sendKeys(reader);
            submit(browser, "/partner/staff", "#notice");
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("Rhys Reader", reader);
            check.run("staff added");
            browser.findElement(By.cssSelector("form[action='/partner/staff/disable'] button")).click();
            new WebDriverWait(browser, Chromium.WAIT).until(ExpectedConditions.urlContains("notice=disabled"));
            check.run("staff disabled");

            browser.get(stack.baseUrl() + "/partner/assisted");
            check.run("assisted");
            submit(browser, "/partner/assisted-stories", ".error-summary");
            check.run("assisted with errors");
            browser.findElement(By.id("story")).sendKeys("Told in person: the lift at the flats is broken again.");
            browser.findElement(By.id("consentGiven")).click();
            submit(browser, "/partner/assisted-stories", "#recorded");
            assertThat(browser.findElement(By.id("recorded")).getText()).containsPattern("TO-[2-9A-Z]{6}");
            check.run("assisted recorded");
        }
        Path report = projectRoot.resolve("infrastructure/target/axe-partner-staff-report.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, (axe.isPresent() ? "axe-core " + Axe.VERSION : "axe-core not installed")
                + ", serious or critical violations: " + problems.size() + "\nchecked:\n  "
                + String.join("\n  ", checked) + "\n" + String.join("\n", problems) + "\n");
        assertThat(checked).hasSize(3 * 7);
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    private interface Check {
        void run(String page) throws IOException;
    }

    private static void signIn(ChromeDriver browser, String email, String language) {
        browser.get(stack.baseUrl() + "/staff/sign-in?lang=" + language);
        browser.findElement(By.id("email")).sendKeys(email);
        submit(browser, "/staff/sign-in", "#code");
        browser.findElement(By.id("code")).sendKeys(emailedCode(email));
        submit(browser, "/staff/sign-in/confirm", "form[action='/staff/sign-out']");
    }

    private static void submit(ChromeDriver browser, String action, String thenVisible) {
        browser.findElement(By.cssSelector("form[action='" + action + "'] button[type='submit']")).click();
        new WebDriverWait(browser, Chromium.WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(thenVisible)));
    }

    private static String emailedCode(String email) {
        String text = stack.emailOutbox().sent().stream().filter(s -> s.email().to().equals(email))
                .reduce((a, b) -> b).orElseThrow().email().text();
        Matcher m = CODE.matcher(text);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
