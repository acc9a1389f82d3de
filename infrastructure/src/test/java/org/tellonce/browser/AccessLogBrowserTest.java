package org.tellonce.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import java.io.IOException;
import java.nio.file.Files;
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
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StorySubmission.Submitted;

/**
 * The access log's pages (SPEC section 11) in English, Welsh and Polish: the resident's story page
 * with who read and answered it, and the partner admin's {@code /partner/audit}; without script and,
 * where axe-core is installed, with no serious or critical accessibility problem.
 */
class AccessLogBrowserTest {
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
    void theStoryPagesAccessLogAndThePartnerAdminsAuditReadWellInEveryLanguage() throws IOException {
        Http http = new Http(stack.baseUrl());
        Admin admin = new Admin(stack);
        PartnerClient healthwatch = new PartnerClient(http, admin.addPartner("healthwatch", "Healthwatch Leicester",
                "health", ""));
        StaffMembers staff = new StaffMembers(stack, admin);
        String reader = staff.addAndSignIn("rhian@healthwatch.example", "Rhian Reader", "reader", "healthwatch");
        String partnerAdmin = staff.addAndSignIn("ada@healthwatch.example", "Ada Admin", "partner-admin", "healthwatch");
        Submitted story = aStory().identified().topics("health").contact("resident@example.org")
                .text("The clinic moved and nobody told us where it went.").submitTo(http);
        Eventually.within(Eventually.FAN_OUT, "the story reaches the partner",
                () -> healthwatch.story(story.storyId()).status() == 200);
        assertThat(http.get("/partner/stories/" + story.storyId(), "Cookie", reader).status()).isEqualTo(200);
        assertThat(healthwatch.respond(story.storyId(), "Thank you, we have asked the practice.").status()).isEqualTo(201);

        Optional<Axe> axe = Axe.load(projectRoot);
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String language : List.of("en", "cy", "pl")) {
            ChromeDriver browser = browsers.start(axe.isPresent(), PHONE);
            browser.get(stack.baseUrl() + "/staff/sign-in");
            browser.manage().addCookie(new Cookie("tellonce_manage", story.manageToken(), "/"));
            browser.manage().addCookie(new Cookie("staff_session", partnerAdmin.substring(partnerAdmin.indexOf('=') + 1),
                    "/"));
            for (String page : List.of("/stories/" + story.reference(), "/partner/audit")) {
                browser.get(stack.baseUrl() + page + "?lang=" + language);
                String id = page.startsWith("/stories") ? "access-log" : "audit";
                assertThat(browser.findElements(By.id(id))).as(language + " " + page).isNotEmpty();
                assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
                assertThat(browser.getPageSource()).doesNotContain("<script");
                String main = browser.findElement(By.tagName("main")).getText();
                assertThat(main).contains("Healthwatch Leicester");
                if (page.startsWith("/stories")) {
                    assertThat(main).doesNotContain("Rhian", "Ada");
                } else {
                    assertThat(main).contains("Rhian Reader", story.reference());
                }
                checked.add(language + " " + page);
                if (axe.isPresent()) {
                    axe.get().seriousViolations(browser).forEach(v -> problems.add(language + " " + page + ": " + v));
                }
            }
        }
        Path report = projectRoot.resolve("infrastructure/target/axe-access-log-report.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, (axe.isPresent() ? "axe-core " + Axe.VERSION : "axe-core not installed")
                + ", serious or critical violations: " + problems.size() + "\nchecked:\n  "
                + String.join("\n  ", checked) + "\n" + String.join("\n", problems) + "\n");
        assertThat(checked).hasSize(6);
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }
}
