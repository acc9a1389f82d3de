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
 * A member of staff signs in and out on the pages (SPEC section 11) in English, Welsh and Polish: the
 * e-mail, the code from the outbox, who they are, sign out; each step without script, and, where
 * axe-core is installed, with no serious or critical accessibility problem.
 */
class StaffSignInBrowserTest {
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
    void staffSignInAndOutOnPagesWithoutScriptInEveryLanguage() throws IOException {
        Optional<Axe> axe = Axe.load(projectRoot);
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String language : List.of("en", "cy", "pl")) {
            String email = "staff-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
            new Admin(stack).addStaff(email, "Siân Staff", "moderator");
            // axe-core runs as a script in the page; the pages themselves have none.
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
            check.run("e-mail");
            submit(browser, "/staff/sign-in", ".error-summary");
            check.run("e-mail with errors");
            browser.findElement(By.id("email")).sendKeys(email);
            submit(browser, "/staff/sign-in", "#code");
            check.run("code");
            browser.findElement(By.id("code")).sendKeys(emailedCode(email).equals("000000") ? "111111" : "000000");
            submit(browser, "/staff/sign-in/confirm", ".error-summary");
            check.run("code with errors");
            browser.findElement(By.id("code")).sendKeys(emailedCode(email));
            submit(browser, "/staff/sign-in/confirm", "form[action='/staff/sign-out']");
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("Siân Staff");
            check.run("signed in");
            submit(browser, "/staff/sign-out", "#notice");
            check.run("signed out");
        }
        Path report = projectRoot.resolve("infrastructure/target/axe-staff-report.txt");
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

    private static void submit(ChromeDriver browser, String action, String thenVisible) {
        browser.findElement(By.cssSelector("form[action='" + action + "'] button")).click();
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
