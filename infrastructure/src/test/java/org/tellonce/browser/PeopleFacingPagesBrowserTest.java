package org.tellonce.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Residents;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;

/**
 * The people-facing pages in a real browser against the local stack: a resident in Welsh, with
 * JavaScript off, tells a story, changes consent and erases it (with a confirmation step); a
 * partner signs in to its inbox, sees only its stories and replies, and the resident sees the
 * reply; markup in a story or a reply is only ever text; and axe-core finds no serious or critical
 * accessibility problem on any page in English, Welsh or Polish.
 */
class PeopleFacingPagesBrowserTest {
    private static final Pattern REFERENCE = Pattern.compile("TO-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}");
    private static final String STORY_URL = ".*/stories/" + REFERENCE.pattern() + "$";
    private static final Dimension PHONE = new Dimension(412, 915);
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final String HEALTHWATCH = "Healthwatch Leicester";

    private static Path projectRoot;
    private static LocalStack stack;
    private static StackClient client;
    private static PartnerAdmin admin;
    private static Chromium browsers;
    /** Takes health and transport stories. */
    private static String healthwatchKey;
    /** Takes housing stories. */
    private static String councilKey;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Chromium.available(), Chromium.SKIPPED);
        projectRoot = Path.of(System.getProperty("tellonce.projectRoot")).toAbsolutePath().normalize();
        stack = LocalStack.start(LocalStack.Options.inMemory(projectRoot.resolve("template.yaml")));
        client = new StackClient(stack.baseUrl());
        admin = new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()));
        healthwatchKey = admin.add("healthwatch", HEALTHWATCH, List.of("health", "transport"), List.of()).apiKey();
        councilKey = admin.add("council", "Leicester City Council", List.of("housing"), List.of()).apiKey();
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
    void residentTellsAStoryInWelshWithoutJavaScriptThenChangesConsentAndErasesIt() throws IOException {
        ChromeDriver resident = browsers.start(false, PHONE);
        resident.get(stack.baseUrl() + "/");
        assertThat(htmlLang(resident)).isEqualTo("en");
        WebElement cymraeg = resident.findElement(By.cssSelector(".languages a[hreflang=cy]"));
        assertThat(cymraeg.getText()).isEqualTo("Cymraeg");
        assertThat(cymraeg.getAttribute("lang")).isEqualTo("cy");
        cymraeg.click();

        wait(resident).until(ExpectedConditions.urlContains("lang=cy"));
        assertThat(htmlLang(resident)).isEqualTo("cy");
        assertThat(resident.getTitle()).isEqualTo("Dywedwch wrthym unwaith – TellOnce");
        assertThat(resident.findElement(By.tagName("h1")).getText()).isEqualTo("Dywedwch wrthym unwaith");
        assertThat(resident.findElement(By.cssSelector("input[name=language]")).getAttribute("value")).isEqualTo("cy");
        assertThat(resident.findElement(By.cssSelector(".languages [aria-current]")).getText()).isEqualTo("Cymraeg");
        assertThat(resident.manage().getCookieNamed("lang").getValue()).as("the choice is remembered").isEqualTo("cy");
        Chromium.screenshot(resident, projectRoot, "form-cy.png");

        String story = StoryTexts.unique("Mae'r bws i'r ysbyty yn hwyr bob bore, mae'r tŷ yn oer a does dim dŵr poeth.");
        resident.findElement(By.id("story")).sendKeys(story);
        resident.findElement(By.cssSelector("input[name=topics][value=transport]")).click();
        resident.findElement(By.id("area")).sendKeys("LE1");
        resident.findElement(By.id("contact")).sendKeys("heulwen@example.org");
        resident.findElement(By.id("consent-anonymous")).click();
        resident.findElement(By.cssSelector("form[action='/stories'] button[type=submit]")).click();

        wait(resident).until(ExpectedConditions.urlMatches(STORY_URL));
        String reference = resident.findElement(By.id("reference")).getText();
        assertThat(htmlLang(resident)).as("the story page follows the language chosen").isEqualTo("cy");
        assertThat(resident.findElement(By.tagName("h1")).getText()).isEqualTo("Mae eich stori wedi'i chadw");
        assertThat(resident.findElement(By.id("story-text")).getText()).as("ŷ and ŵ survive the round trip")
                .isEqualTo(story);
        assertThat(resident.findElement(By.id("consent")).getText())
                .isEqualTo("Sefydliadau partner, heb eich enw na'ch manylion cyswllt.");
        assertThat(resident.findElement(By.tagName("main")).getText()).contains("Trafnidiaeth", "Ffurflen ar y we");

        JsonNode shared = feedItem(healthwatchKey, reference);
        assertThat(shared.path("language").asText()).as("partners see which language the story is in").isEqualTo("cy");
        resident.navigate().refresh();
        assertThat(resident.findElement(By.id("shared-with")).getText()).isEqualTo(HEALTHWATCH);

        // Withdraw: share with nobody. The form is plain HTML, so it works with JavaScript off.
        resident.findElement(By.id("share")).click();
        resident.findElement(By.cssSelector("form[action$='/consent'] button[type=submit]")).click();
        wait(resident).until(ExpectedConditions.urlContains("notice=consent-saved"));
        assertThat(resident.findElement(By.id("notice")).getText()).isEqualTo("Mae eich dewis wedi'i gadw.");
        assertThat(resident.findElement(By.id("consent")).getText())
                .isEqualTo("TellOnce yn unig. Nid yw'n cael ei rhannu ag unrhyw un.");
        assertThat(resident.findElement(By.id("shared-with")).getText())
                .isEqualTo("Nid oes gan unrhyw sefydliad partner eich stori.");
        assertThat(resident.findElement(By.id("share")).isSelected()).isTrue();
        Chromium.screenshot(resident, projectRoot, "story-cy.png");
        assertThat(client.get("/partner/stories/" + shared.path("storyId").asText(),
                "Authorization", "Bearer " + healthwatchKey).status())
                .as("the partner loses the story at once").isEqualTo(404);

        resident.findElement(By.id("erase")).click();
        wait(resident).until(ExpectedConditions.urlContains("/erase"));
        assertThat(resident.findElement(By.tagName("h1")).getText())
                .isEqualTo("Ydych chi'n siŵr eich bod am ddileu eich stori?");
        assertThat(resident.findElement(By.tagName("main")).getText()).contains(reference);
        Chromium.screenshot(resident, projectRoot, "erase-cy.png");
        resident.findElement(By.cssSelector("button.warning")).click();

        wait(resident).until(ExpectedConditions.urlMatches(".*/erased$"));
        assertThat(resident.findElement(By.tagName("h1")).getText()).isEqualTo("Mae eich stori wedi'i dileu");
        assertThat(resident.manage().getCookieNamed("tellonce_manage")).as("the manage cookie is gone").isNull();
        Chromium.screenshot(resident, projectRoot, "erased-cy.png");

        resident.get(stack.baseUrl() + "/stories/" + reference);
        assertThat(resident.findElement(By.tagName("h1")).getText()).isEqualTo("Heb ddod o hyd i'r dudalen");
        assertThat(resident.getPageSource()).doesNotContain("ysbyty");
    }

    @Test
    void residentTicksOnePartnerOnTheFormWithoutJavaScriptAndOnlyThatPartnerGetsTheStory() throws IOException {
        String chosenName = "Voluntary Action <Leicester> & Rutland";
        // LE3 only, so the other tests' stories (no area, or LE1) never reach it.
        String chosenKey = admin.add("voluntary-action", chosenName, List.of("health"), List.of("LE3")).apiKey();
        admin.add("gone-partner", "Gone Partner", List.of("*"), List.of());
        admin.setEnabled("gone-partner", false);
        ChromeDriver resident = browsers.start(false, PHONE);
        resident.get(stack.baseUrl() + "/");

        List<WebElement> boxes = resident.findElements(By.cssSelector("input[type=checkbox][name=partners]"));
        List<String> labels = boxes.stream().map(box -> resident.findElement(
                By.cssSelector("label[for='" + box.getAttribute("id") + "']")).getText()).toList();
        assertThat(labels).as("the enabled partners, by name, names shown as text")
                .contains(HEALTHWATCH, "Leicester City Council", chosenName).doesNotContain("Gone Partner")
                .isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
        assertThat(boxes).noneMatch(WebElement::isSelected);
        assertThat(resident.findElement(By.cssSelector("fieldset:has(#partners) legend")).getText())
                .isEqualTo("Which partners? (optional)");

        String story = StoryTexts.unique("The GP surgery on Narborough Road has stopped taking new patients.");
        resident.findElement(By.id("story")).sendKeys(story);
        resident.findElement(By.cssSelector("input[name=topics][value=health]")).click();
        resident.findElement(By.id("area")).sendKeys("LE3");
        resident.findElement(By.id("consent-anonymous")).click();
        resident.findElement(By.cssSelector("input[name=partners][value=voluntary-action]")).click();
        Chromium.screenshot(resident, projectRoot, "form-partners.png");
        resident.findElement(By.cssSelector("form[action='/stories'] button[type=submit]")).click();

        wait(resident).until(ExpectedConditions.urlMatches(STORY_URL));
        String reference = resident.findElement(By.id("reference")).getText();
        assertThat(resident.findElement(By.id("consent-partners")).getText()).isEqualTo(chosenName);
        assertThat(feedItem(chosenKey, reference).path("text").asText()).isEqualTo(story);
        resident.navigate().refresh();
        assertThat(resident.findElement(By.id("shared-with")).getText()).isEqualTo(chosenName);
        assertThat(resident.findElement(By.cssSelector("input[name=partners][value=voluntary-action]")).isSelected())
                .as("the story page's consent form shows the choice").isTrue();
        assertThat(client.get("/partner/stories?limit=100", "Authorization", "Bearer " + healthwatchKey).body())
                .as("Healthwatch takes health stories from anywhere, but was not chosen").doesNotContain(reference);
        assertThat(client.get("/partner/stories?limit=100", "Authorization", "Bearer " + councilKey).body())
                .doesNotContain(reference);
    }

    @Test
    void partnerSignsInSeesOnlyItsOwnStoriesAndRepliesAndTheResidentSeesTheReply() throws IOException {
        String earlier = StoryTexts.unique("Last winter the surgery closed its waiting room, so we queued outside.");
        client.postJson(StoryJson.story(earlier).topics("health").contact("sam@example.org")
                .consent("anonymous").json());
        ChromeDriver resident = browsers.start(false, PHONE);
        String text = StoryTexts.unique("Nobody answers the phone at the surgery before 8am, and by 8:05 "
                + "every appointment is gone.");
        String mine = tellInBrowser(resident, text, "health", "anonymous", "sam@example.org");
        // A typed address links nothing until its owner proves it by code; then both stories are proven.
        new Residents(stack).signIn("sam@example.org");
        String housingText = StoryTexts.unique("The damp in our flat has come back every winter for three years.");
        String housing = client.postJson(StoryJson.story(housingText).topics("housing").consent("anonymous").json())
                .json().path("reference").asText();
        JsonNode myItem = feedItem(healthwatchKey, mine);
        String storyId = myItem.path("storyId").asText();
        String housingId = feedItem(councilKey, housing).path("storyId").asText();

        ChromeDriver partner = browsers.start(false, DESKTOP);
        partner.get(stack.baseUrl() + "/partner");
        assertThat(partner.findElement(By.tagName("h1")).getText()).isEqualTo("Partner inbox");
        assertThat(partner.findElement(By.cssSelector("main a[href='/staff/sign-in']")).isDisplayed()).isTrue();
        Chromium.screenshot(partner, projectRoot, "partner-sign-in.png");

        staffSignInInBrowser(partner, "healthwatch", "responder");
        wait(partner).until(ExpectedConditions.textToBe(By.tagName("h1"), "Inbox: " + HEALTHWATCH));
        Cookie session = partner.manage().getCookieNamed("staff_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");

        String inbox = partner.findElement(By.tagName("main")).getText();
        assertThat(inbox).contains(text, mine).doesNotContain(housingText).doesNotContain(housing);
        WebElement article = partner.findElement(By.id("story-" + storyId));
        assertThat(article.findElement(By.tagName("dl")).getText()).contains("Health", "New");
        List<String> references = partner.findElements(By.cssSelector("article h2")).stream().map(WebElement::getText)
                .toList();
        assertThat(references.indexOf("Story " + mine)).as("newest first")
                .isLessThan(references.indexOf("Story " + feedItemByText(healthwatchKey, earlier)));
        Chromium.screenshot(partner, projectRoot, "partner-inbox.png");

        article.findElement(By.cssSelector("h2 a")).click();
        wait(partner).until(ExpectedConditions.urlContains("/partner/inbox/" + storyId));
        assertThat(partner.findElement(By.tagName("main")).getText())
                .as("the resident's earlier story saves them telling it again")
                .contains("Earlier stories from the same person", "Anonymous", "English");
        String reply = "Thank you – we have raised the 8am queue with the practice manager.";
        partner.findElement(By.id("reply")).sendKeys(reply);
        partner.findElement(By.cssSelector("form[action$='/responses'] button[type=submit]")).click();
        wait(partner).until(ExpectedConditions.urlContains("notice=reply-sent"));
        assertThat(partner.findElement(By.id("notice")).getText()).startsWith("Your reply has been sent.");
        assertThat(partner.findElement(By.id("replies")).getText()).contains(reply);
        assertThat(partner.findElement(By.id("current-handling")).getText()).as("a reply moves a new story on")
                .isEqualTo("Responded");

        partner.get(stack.baseUrl() + "/partner");
        new Select(partner.findElement(By.id("topic"))).selectByValue("housing");
        partner.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        wait(partner).until(ExpectedConditions.urlContains("topic=housing"));
        assertThat(partner.findElement(By.id("count")).getText()).startsWith("0 stories");
        assertThat(partner.findElements(By.tagName("article"))).isEmpty();
        partner.findElement(By.linkText("Clear filters")).click();
        wait(partner).until(ExpectedConditions.visibilityOfElementLocated(By.id("story-" + storyId)));

        resident.navigate().refresh();
        assertThat(resident.findElement(By.id("responses")).getText()).contains(HEALTHWATCH, reply);

        String cookie = "staff_session=" + partner.manage().getCookieNamed("staff_session").getValue();
        StackClient.Response csv = client.get("/partner/export.csv?topic=health", "Cookie", cookie);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type").orElse("")).startsWith("text/csv");
        assertThat(csv.header("content-disposition").orElse("")).startsWith("attachment;");
        assertThat(csv.body()).startsWith("storyId,reference,receivedAt,sharedAt,channel,topics,area,language,name,"
                + "email,phone,text,earlierStories,handling,assignee\r\n").contains(mine, "\r\n").doesNotContain(housing);

        StackClient.Response othersStory = client.post("/partner/inbox/" + housingId + "/responses",
                "application/x-www-form-urlencoded", "text=Hello".getBytes(StandardCharsets.US_ASCII),
                "Cookie", cookie, "Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin", "Accept", "text/html");
        assertThat(othersStory.status()).as("another partner's story").isEqualTo(404);
        assertThat(othersStory.body()).contains("Story not found").doesNotContain(housingText);

        StackClient.Response crossSite = client.post("/partner/inbox/" + storyId + "/responses",
                "application/x-www-form-urlencoded", "text=Hello".getBytes(StandardCharsets.US_ASCII),
                "Cookie", cookie, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
        assertThat(crossSite.status()).isEqualTo(403);

        StackClient.Response forgedPage = client.get("/partner", "Cookie", "staff_session=forged-token-of-nobody");
        assertThat(forgedPage.status()).isEqualTo(401);
        assertThat(forgedPage.body()).as("a forged session gets the way to sign in").contains("Partner inbox")
                .doesNotContain(housingText);
        assertThat(client.get("/partner/export.csv", "Cookie", "staff_session=forged-token-of-nobody").status())
                .isEqualTo(401);

        // A disabled partner's staff stop at once, though their session is open.
        String councilCookie = staffCookie("council");
        assertThat(client.get("/partner", "Cookie", councilCookie).body()).contains(housingText);
        admin.setEnabled("council", false);
        try {
            StackClient.Response closed = client.get("/partner", "Cookie", councilCookie);
            assertThat(closed.status()).isEqualTo(403);
            assertThat(closed.body()).contains("access is closed").doesNotContain(housingText);
        } finally {
            admin.setEnabled("council", true);
        }

        partner.findElement(By.cssSelector("form[action='/staff/sign-out'] button")).click();
        wait(partner).until(ExpectedConditions.urlContains("notice=signedOut"));
        assertThat(partner.manage().getCookieNamed("staff_session")).isNull();
    }

    @Test
    void markupInAStoryOrAReplyIsShownAsTextToTheResidentAndThePartner() throws IOException {
        String story = StoryTexts.unique("<script>document.title='pwned'</script><img src=x "
                + "onerror=\"document.title='pwned'\"> The clinic <b>closed</b> early again.");
        ChromeDriver resident = browsers.start(true, PHONE);
        String reference = tellInBrowser(resident, story, "health", "anonymous", "");
        assertThat(resident.getTitle()).isEqualTo("Your story " + reference + " – TellOnce");
        WebElement text = resident.findElement(By.id("story-text"));
        assertThat(text.getText()).isEqualTo(story);
        assertThat(text.findElements(By.cssSelector("*"))).isEmpty();

        String storyId = feedItem(healthwatchKey, reference).path("storyId").asText();
        ChromeDriver partner = browsers.start(true, DESKTOP);
        staffSignInInBrowser(partner, "healthwatch", "responder");
        assertThat(partner.getTitle()).isEqualTo("Inbox: " + HEALTHWATCH + " – TellOnce");
        assertThat(partner.findElement(By.id("story-" + storyId)).findElements(By.tagName("img"))).isEmpty();
        partner.get(stack.baseUrl() + "/partner/inbox/" + storyId);
        WebElement shown = partner.findElement(By.id("text"));
        assertThat(shown.getText()).isEqualTo(story);
        assertThat(shown.findElements(By.cssSelector("*"))).isEmpty();

        String reply = "<img src=x onerror=\"document.title='pwned'\"> Noted, <i>thanks</i>.";
        partner.findElement(By.id("reply")).sendKeys(reply);
        partner.findElement(By.cssSelector("form[action$='/responses'] button[type=submit]")).click();
        wait(partner).until(ExpectedConditions.urlContains("notice=reply-sent"));
        assertThat(partner.getTitle()).isNotEqualTo("pwned");

        resident.navigate().refresh();
        WebElement responses = resident.findElement(By.id("responses"));
        assertThat(responses.getText()).contains(reply);
        assertThat(responses.findElements(By.tagName("img"))).isEmpty();
        assertThat(responses.findElements(By.tagName("i"))).isEmpty();
        assertThat(resident.getTitle()).isNotEqualTo("pwned");
    }

    @Test
    void everyPageInEveryLanguageHasNoSeriousOrCriticalAccessibilityViolation() throws IOException {
        Optional<Axe> loaded = Axe.load(projectRoot);
        Assumptions.assumeTrue(loaded.isPresent(), Axe.MISSING);
        Axe axe = loaded.get();
        admin.add("closed-partner", "Closed Partner", List.of("other"), List.of()).apiKey();
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (String language : List.of("en", "cy", "pl")) {
            ChromeDriver browser = browsers.start(true, PHONE);
            Check check = (page) -> {
                checked.add(language + " " + page);
                assertThat(htmlLang(browser)).as(page).isEqualTo(language);
                axe.seriousViolations(browser).forEach(v -> problems.add(language + " " + page + ": " + v));
            };
            browser.get(stack.baseUrl() + "/?lang=" + language);
            check.run("story form");
            if (language.equals("pl")) {
                Chromium.screenshot(browser, projectRoot, "form-pl.png");
            }
            browser.findElement(By.cssSelector("form[action='/stories'] button[type=submit]")).click();
            wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error-summary")));
            check.run("story form with errors");

            String story = StoryTexts.unique("The lift in our block has been broken for six weeks (" + language + ").");
            String reference = tellInBrowser(browser, story, "health", "anonymous", "axe-" + language + "@example.org");
            check.run("story page");
            browser.get(stack.baseUrl() + "/");
            browser.findElement(By.id("story")).sendKeys(story);
            browser.findElement(By.id("contact")).sendKeys("axe-" + language + "@example.org");
            browser.findElement(By.cssSelector("form[action='/stories'] button[type=submit]")).click();
            wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reference")));
            check.run("already told us");

            browser.get(stack.baseUrl() + "/stories/" + reference);
            browser.findElement(By.id("share-identified")).click();
            browser.findElement(By.cssSelector("form[action$='/consent'] button[type=submit]")).click();
            wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
            check.run("story page, consent saved");
            feedItem(healthwatchKey, reference);

            ChromeDriver partnerBrowser = browser;
            partnerBrowser.get(stack.baseUrl() + "/partner");
            check.run("partner inbox, signed out");
            staffSignInInBrowser(partnerBrowser, "healthwatch", "responder");
            check.run("partner inbox");
            partnerBrowser.get(stack.baseUrl() + "/partner?from=yesterday");
            wait(partnerBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error-summary")));
            check.run("partner inbox with errors");
            partnerBrowser.get(stack.baseUrl() + "/partner");
            partnerBrowser.findElement(By.cssSelector("article h2 a")).click();
            wait(partnerBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reply")));
            partnerBrowser.findElement(By.cssSelector("form[action$='/responses'] button[type=submit]")).click();
            wait(partnerBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".error-summary")));
            check.run("partner story with errors");
            partnerBrowser.findElement(By.id("reply")).sendKeys("Thank you, we are looking into it.");
            partnerBrowser.findElement(By.cssSelector("form[action$='/responses'] button[type=submit]")).click();
            wait(partnerBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
            check.run("partner story, reply sent");
            partnerBrowser.get(stack.baseUrl() + "/partner");
            partnerBrowser.findElement(By.cssSelector("form[action='/staff/sign-out'] button")).click();
            wait(partnerBrowser).until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
            check.run("partner signed out");
            staffSignInInBrowser(partnerBrowser, "closed-partner", "reader");
            admin.setEnabled("closed-partner", false);
            try {
                partnerBrowser.navigate().refresh();
                check.run("partner disabled");
            } finally {
                admin.setEnabled("closed-partner", true);
            }

            browser.get(stack.baseUrl() + "/stories/" + reference);
            browser.findElement(By.id("erase")).click();
            wait(browser).until(ExpectedConditions.urlContains("/erase"));
            check.run("erase confirmation");
            browser.findElement(By.cssSelector("button.warning")).click();
            wait(browser).until(ExpectedConditions.urlMatches(".*/erased$"));
            check.run("story erased");
            browser.get(stack.baseUrl() + "/stories/TO-222222");
            check.run("page not found");
        }
        Path report = projectRoot.resolve("infrastructure/target/axe-report.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "axe-core " + Axe.VERSION + ", serious or critical violations: " + problems.size()
                + "\nchecked:\n  " + String.join("\n  ", checked) + "\n" + String.join("\n", problems) + "\n");
        assertThat(checked).hasSize(3 * 15);
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    @FunctionalInterface
    private interface Check {
        void run(String page) throws IOException;
    }

    /** Sends a story through the form in this browser; returns its reference (the story page is open). */
    private static String tellInBrowser(WebDriver browser, String story, String topic, String share, String contact) {
        browser.get(stack.baseUrl() + "/");
        browser.findElement(By.id("story")).sendKeys(story);
        browser.findElement(By.cssSelector("input[name=topics][value=" + topic + "]")).click();
        if (!contact.isEmpty()) {
            browser.findElement(By.id("contact")).sendKeys(contact);
        }
        browser.findElement(By.id("consent-" + share)).click();
        browser.findElement(By.cssSelector("form[action='/stories'] button[type=submit]")).click();
        wait(browser).until(ExpectedConditions.urlMatches(STORY_URL));
        return browser.findElement(By.id("reference")).getText();
    }

    /** A new member of the partner's staff signs in on the staff pages, then opens the inbox. */
    private static void staffSignInInBrowser(WebDriver browser, String partnerId, String role) {
        String email = role + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@" + partnerId
                + ".example";
        new Admin(stack).addStaff(email, "Pat Partner", role, "--partner", partnerId);
        browser.manage().deleteCookieNamed("staff_session");
        browser.get(stack.baseUrl() + "/staff/sign-in");
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.cssSelector("form[action='/staff/sign-in'] button")).click();
        wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("code")));
        browser.findElement(By.id("code")).sendKeys(new StaffMembers(stack, new Admin(stack)).lastCodeTo(email));
        browser.findElement(By.cssSelector("form[action='/staff/sign-in/confirm'] button")).click();
        wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[action='/staff/sign-out']")));
        browser.get(stack.baseUrl() + "/partner");
    }

    /** A new responder of the partner signed in over HTTP; returns the Cookie header value. */
    private static String staffCookie(String partnerId) {
        return new StaffMembers(stack, new Admin(stack)).addAndSignIn("responder-"
                + java.util.UUID.randomUUID().toString().substring(0, 8) + "@" + partnerId + ".example",
                "Pat Partner", "responder", partnerId);
    }

    /** The partner's feed item for a story, once the fan-out has shared it (the API, not the inbox). */
    private static JsonNode feedItem(String key, String reference) {
        return waitForItem(key, item -> item.path("reference").asText().equals(reference), reference);
    }

    private static String feedItemByText(String key, String text) {
        return waitForItem(key, item -> item.path("text").asText().equals(text), text).path("reference").asText();
    }

    private static JsonNode waitForItem(String key, java.util.function.Predicate<JsonNode> wanted, String what) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            String cursor = null;
            while (true) {
                String path = "/partner/stories?limit=100"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                JsonNode page = client.get(path, "Authorization", "Bearer " + key).json();
                for (JsonNode item : page.path("items")) {
                    if (wanted.test(item)) {
                        return item;
                    }
                }
                if (page.path("items").isEmpty() || page.path("nextCursor").isNull()) {
                    break;
                }
                cursor = page.path("nextCursor").asText();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not shared in time: " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String htmlLang(WebDriver driver) {
        return driver.findElement(By.tagName("html")).getAttribute("lang");
    }

    private static WebDriverWait wait(WebDriver driver) {
        return new WebDriverWait(driver, Chromium.WAIT);
    }
}
