package org.tellonce.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tellonce.local.LocalStack;

/**
 * The resident's journeys in a real browser (headless Debian Chromium) against the local stack:
 * the form works without JavaScript, errors are summarised, user text is never markup, and the
 * form can be completed with the keyboard alone. Saves screenshots for the README.
 */
class ResidentBrowserJourneyTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern REFERENCE = Pattern.compile("TO-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}");
    private static final Pattern STORY_URL = Pattern.compile(".*/stories/" + REFERENCE.pattern() + "$");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static Path projectRoot;
    private static LocalStack stack;
    private static final List<Path> profiles = new ArrayList<>();
    /** The resident's browser: JavaScript off, so everything must work as plain HTML. */
    private static WebDriver noJs;
    /** JavaScript on: an injected script would run here; also used for the keyboard journey. */
    private static WebDriver withJs;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser test skipped: needs /usr/bin/chromium and /usr/bin/chromedriver "
                        + "(apt-get install chromium chromium-driver; .ci/run installs them)");
        projectRoot = Path.of(System.getProperty("tellonce.projectRoot")).toAbsolutePath().normalize();
        stack = LocalStack.start(LocalStack.Options.inMemory(projectRoot.resolve("template.yaml")));
        noJs = chromium(false);
        withJs = chromium(true);
    }

    @AfterAll
    static void stop() throws IOException {
        for (WebDriver driver : new WebDriver[] {noJs, withJs}) {
            if (driver != null) {
                driver.quit();
            }
        }
        if (stack != null) {
            stack.close();
        }
        for (Path profile : profiles) {
            deleteTree(profile);
        }
    }

    @Test
    void javascriptIsOffForTheResidentAndOnForTheAttacker() {
        String page = "data:text/html,<title>static</title><script>document.title='script ran'</script>";
        noJs.get(page);
        assertThat(noJs.getTitle()).isEqualTo("static");
        withJs.get(page);
        assertThat(withJs.getTitle()).isEqualTo("script ran");
    }

    @Test
    void residentSendsAStoryWithoutJavaScriptAndSeesItAgainAfterReload() throws IOException {
        noJs.get(stack.baseUrl() + "/");
        assertThat(noJs.getTitle()).isEqualTo("Tell us once – TellOnce");
        assertThat(noJs.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(noJs.findElements(By.tagName("h1"))).hasSize(1);
        assertEveryFieldIsLabelled(noJs);
        assertThat(noJs.findElement(By.cssSelector("label[for=story]")).getText()).isEqualTo("Your story");
        assertThat(noJs.findElement(By.id("consent")).isSelected()).as("private is the default").isTrue();
        screenshot(noJs, "form.png");

        String story = "The bus from Braunstone to the city centre stopped running after 7pm,\n"
                + "so I cannot get home from my evening shift.";
        noJs.findElement(By.id("story")).sendKeys(story);
        noJs.findElement(By.cssSelector("input[name=topics][value=transport]")).click();
        noJs.findElement(By.id("area")).sendKeys("LE3");
        noJs.findElement(By.id("consent-anonymous")).click();
        assertThat(noJs.findElement(By.id("consent-anonymous")).isSelected()).isTrue();
        noJs.findElement(By.cssSelector("button[type=submit]")).click();

        new WebDriverWait(noJs, WAIT).until(ExpectedConditions.urlMatches(STORY_URL.pattern()));
        String reference = assertStoryPage(noJs, story);
        assertThat(noJs.getCurrentUrl()).endsWith("/stories/" + reference);
        assertThat(noJs.findElement(By.id("consent")).getText())
                .isEqualTo("Partner organisations, without your name or contact details.");
        assertThat(noJs.findElement(By.tagName("main")).getText()).contains("Transport", "LE3", "Web form");

        Cookie manage = noJs.manage().getCookieNamed("tellonce_manage");
        assertThat(manage).as("manage cookie").isNotNull();
        assertThat(manage.isHttpOnly()).isTrue();
        assertThat(manage.getPath()).isEqualTo("/stories/" + reference);
        assertThat(manage.getSameSite()).isEqualTo("Strict");
        screenshot(noJs, "story.png");

        noJs.navigate().refresh();
        new WebDriverWait(noJs, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("reference")));
        assertThat(assertStoryPage(noJs, story)).isEqualTo(reference);

        // Another browser (no cookie) must not learn that the story exists.
        withJs.get(stack.baseUrl() + "/stories/" + reference);
        assertThat(withJs.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
        assertThat(withJs.getPageSource()).doesNotContain("Braunstone");
    }

    @Test
    void emptyStoryShowsAnErrorSummaryAndKeepsWhatWasTyped() throws IOException {
        noJs.get(stack.baseUrl() + "/");
        noJs.findElement(By.cssSelector("input[name=topics][value=housing]")).click();
        noJs.findElement(By.id("area")).sendKeys("Leicester");
        noJs.findElement(By.id("name")).sendKeys("Sam O'Neill <test>");
        noJs.findElement(By.id("consent-anonymous")).click();
        noJs.findElement(By.cssSelector("button[type=submit]")).click();

        WebElement summary = new WebDriverWait(noJs, WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error-summary")));
        assertThat(noJs.getTitle()).startsWith("Error: ");
        assertThat(summary.getText()).contains("There is a problem", "Enter your story");
        WebElement link = summary.findElement(By.cssSelector("a[href='#story']"));
        assertThat(noJs.switchTo().activeElement()).as("the summary takes focus").isEqualTo(summary);
        assertThat(noJs.findElement(By.id("story-error")).getText()).contains("Enter your story");
        assertThat(noJs.findElement(By.id("story")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(noJs.findElement(By.id("story")).getAttribute("aria-describedby")).contains("story-error");

        assertThat(noJs.findElement(By.id("area")).getAttribute("value")).isEqualTo("Leicester");
        assertThat(noJs.findElement(By.id("name")).getAttribute("value")).isEqualTo("Sam O'Neill <test>");
        assertThat(noJs.findElement(By.cssSelector("input[name=topics][value=housing]")).isSelected()).isTrue();
        assertThat(noJs.findElement(By.cssSelector("input[name=topics][value=health]")).isSelected()).isFalse();
        assertThat(noJs.findElement(By.id("consent-anonymous")).isSelected()).isTrue();
        assertEveryFieldIsLabelled(noJs);
        screenshot(noJs, "form-error.png");

        link.click();
        assertThat(noJs.switchTo().activeElement().getAttribute("id")).as("the error link moves focus to the field")
                .isEqualTo("story");

        // Fixing the error sends the story, with what was kept.
        noJs.switchTo().activeElement().sendKeys("The damp in our flat has come back every winter for three years.");
        noJs.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(noJs, WAIT).until(ExpectedConditions.urlMatches(STORY_URL.pattern()));
        assertStoryPage(noJs, "The damp in our flat has come back every winter for three years.");
        assertThat(noJs.findElement(By.tagName("main")).getText()).contains("Housing", "Leicester");
    }

    @Test
    void storyTextIsShownAsTextNeverRunAsScript() {
        String story = "<script>document.title='pwned'</script><b>bold</b>";
        withJs.get(stack.baseUrl() + "/");
        withJs.findElement(By.id("story")).sendKeys(story);
        withJs.findElement(By.cssSelector("button[type=submit]")).click();

        new WebDriverWait(withJs, WAIT).until(ExpectedConditions.urlMatches(STORY_URL.pattern()));
        String reference = assertStoryPage(withJs, story);
        assertThat(withJs.getTitle()).isNotEqualTo("pwned").isEqualTo("Your story " + reference + " – TellOnce");
        WebElement text = withJs.findElement(By.id("story-text"));
        assertThat(text.findElements(By.tagName("b"))).isEmpty();
        assertThat(text.findElements(By.tagName("script"))).isEmpty();
        assertThat(withJs.findElement(By.id("consent")).getText()).isEqualTo("Only TellOnce. It is not shared with anyone.");
    }

    @Test
    void keyboardAloneCompletesTheForm() {
        withJs.get(stack.baseUrl() + "/");
        new WebDriverWait(withJs, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("story")));

        // First stop: the skip link, visible while it has focus; Enter skips past the header.
        tab(withJs);
        WebElement skip = withJs.switchTo().activeElement();
        assertThat(skip.getAttribute("href")).endsWith("#main");
        assertThat(skip.getText()).isEqualTo("Skip to main content");
        assertThat(skip.getSize().getWidth()).as("skip link visible on focus").isGreaterThan(50);
        withJs.switchTo().activeElement().sendKeys(Keys.ENTER);
        new WebDriverWait(withJs, WAIT).until(ExpectedConditions.urlContains("#main"));

        List<String> visited = tabUntil(withJs, "story", 5);
        assertThat(visited).as("after skipping, the story is the next stop").containsExactly("story");
        String story = "Nobody answers the phone at the surgery before 8am and all appointments are gone by 8:05.";
        withJs.switchTo().activeElement().sendKeys(story);

        tab(withJs);
        assertThat(withJs.switchTo().activeElement().getAttribute("value")).isEqualTo("health");
        withJs.switchTo().activeElement().sendKeys(Keys.SPACE);
        assertThat(withJs.findElement(By.cssSelector("input[name=topics][value=health]")).isSelected()).isTrue();

        visited = tabUntil(withJs, "button", 30);
        assertThat(visited).as("focus order").containsSubsequence("area", "name", "contact", "consent")
                .doesNotContain("website");
        withJs.switchTo().activeElement().sendKeys(Keys.ENTER);

        new WebDriverWait(withJs, WAIT).until(ExpectedConditions.urlMatches(STORY_URL.pattern()));
        assertStoryPage(withJs, story);
        assertThat(withJs.findElement(By.tagName("main")).getText()).contains("Health");
    }

    private static String assertStoryPage(WebDriver driver, String story) {
        WebElement reference = new WebDriverWait(driver, WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("reference")));
        assertThat(reference.getText()).matches(REFERENCE);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Your story is saved");
        assertThat(driver.findElement(By.id("story-text")).getText()).isEqualTo(story);
        return reference.getText();
    }

    /** Every visible-to-assistive-tech form control has a label naming it, or is a labelled button. */
    private static void assertEveryFieldIsLabelled(WebDriver driver) {
        List<WebElement> controls = driver.findElements(By.cssSelector("input:not([type=hidden]), textarea, select"));
        assertThat(controls).isNotEmpty();
        for (WebElement control : controls) {
            String id = control.getAttribute("id");
            assertThat(id).as("control %s has an id", control.getAttribute("name")).isNotBlank();
            List<WebElement> labels = driver.findElements(By.cssSelector("label[for='" + id + "']"));
            assertThat(labels).as("label for #%s", id).hasSize(1);
            assertThat(labels.get(0).getAttribute("textContent")).as("label text for #%s", id).isNotBlank();
        }
        assertThat(driver.findElement(By.cssSelector("button[type=submit]")).getText()).isEqualTo("Send my story");
    }

    private static void tab(WebDriver driver) {
        new Actions(driver).sendKeys(Keys.TAB).perform();
    }

    /** Tabs until the active element has this id (or tag, for "button"); returns the ids passed. */
    private static List<String> tabUntil(WebDriver driver, String target, int maxTabs) {
        List<String> visited = new ArrayList<>();
        for (int i = 0; i < maxTabs; i++) {
            tab(driver);
            WebElement active = driver.switchTo().activeElement();
            String id = active.getAttribute("id");
            visited.add(id == null || id.isEmpty() ? active.getTagName() : id);
            if (target.equals(id) || target.equals(active.getTagName())) {
                return visited;
            }
        }
        throw new AssertionError("no focus on " + target + " after " + maxTabs + " tabs: " + visited);
    }

    private static WebDriver chromium(boolean javascript) throws IOException {
        Path profile = Files.createTempDirectory("tellonce-chromium-");
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--no-first-run",
                "--window-size=1000,1400", "--user-data-dir=" + profile);
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1000, 1400));
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        return driver;
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        // target/ by default so a test run leaves the work tree clean; -Dtellonce.screenshots=docs/screenshots
        // refreshes the pictures the README shows.
        Path dir = projectRoot.resolve(System.getProperty("tellonce.screenshots", "infrastructure/target/screenshots"));
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
