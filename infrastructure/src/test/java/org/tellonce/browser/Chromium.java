package org.tellonce.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium for the browser tests, set up as {@link ResidentBrowserJourneyTest} does:
 * the distribution's own chromium and chromedriver, a throw-away profile per browser.
 */
final class Chromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String SKIPPED = "Browser test skipped: needs /usr/bin/chromium and /usr/bin/chromedriver "
            + "(apt-get install chromium chromium-driver; .ci/run installs them)";

    private final List<ChromeDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    static boolean available() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    }

    /** A new browser with its own profile (so its own cookies); JavaScript on or off. */
    ChromeDriver start(boolean javascript, Dimension window) throws IOException {
        Path profile = Files.createTempDirectory("tellonce-chromium-");
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--no-first-run",
                "--hide-scrollbars", "--lang=en-GB", "--window-size=" + window.getWidth() + "," + window.getHeight(),
                "--user-data-dir=" + profile);
        Map<String, Object> prefs = new java.util.HashMap<>(Map.of("intl.accept_languages", "en-GB,en"));
        if (!javascript) {
            prefs.put("profile.managed_default_content_settings.javascript", 2);
        }
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        driver.manage().window().setSize(window);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /**
     * The whole page as PNG (not only the window), through the DevTools protocol, which works with
     * JavaScript off. Saved under target/ unless -Dtellonce.screenshots=DIR (relative to the project).
     */
    static void screenshot(ChromeDriver driver, Path projectRoot, String name) throws IOException {
        Path dir = projectRoot.resolve(System.getProperty("tellonce.screenshots", "infrastructure/target/screenshots"));
        Files.createDirectories(dir);
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of())
                .get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(((Number) size.get("height")).doubleValue(), 8000);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.write(dir.resolve(name), Base64.getDecoder().decode((String) shot.get("data")));
    }

    /**
     * Clicks {@code button} and waits for the next page (not this one) to show {@code thenVisible}. The
     * old page counts as gone once any call on its root fails: a stale element, or Chromium saying the
     * node no longer belongs to the document.
     */
    static void submit(ChromeDriver browser, String button, String thenVisible) {
        WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(By.cssSelector(button)).click();
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(driver -> {
            try {
                page.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return true;
            }
        });
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(thenVisible)));
    }

    @Override
    public void close() throws IOException {
        for (WebDriver driver : drivers) {
            driver.quit();
        }
        for (Path profile : profiles) {
            if (Files.exists(profile)) {
                try (Stream<Path> paths = Files.walk(profile)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /**
     * Signs a member of staff in on the sign-in page the browser shows: the address, then the code from
     * the local e-mail outbox, until the signed-in page (with its sign-out form) is there.
     */
    static void signInAsStaff(ChromeDriver browser, org.tellonce.local.LocalStack stack, String email) {
        browser.findElement(By.id("email")).sendKeys(email);
        submit(browser, "form[action='/staff/sign-in'] button", "#code");
        browser.findElement(By.id("code")).sendKeys(new org.tellonce.testing.StaffMembers(stack,
                new org.tellonce.testing.Admin(stack)).lastCodeTo(email));
        submit(browser, "form[action='/staff/sign-in/confirm'] button", "form[action='/staff/sign-out']");
    }
}
