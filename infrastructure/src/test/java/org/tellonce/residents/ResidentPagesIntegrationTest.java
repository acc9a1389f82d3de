package org.tellonce.residents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TestStack;

/** "Your stories" at /me without JavaScript: the two-step sign-in, the list, and changes to all stories at once. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResidentPagesIntegrationTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");
    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        client = new StackClient(stack.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aResidentSignsInWithACodeSeesTheirStoriesMakesThemAllPrivateAndErasesEverything() {
        String phone = TestPhones.next();
        String reference = client.postJson(StoryJson.aStory().contact(phone).consent("anonymous").json()).json()
                .path("reference").asText();

        Response first = client.get("/me", "Accept", HTML);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("Your stories", "name=\"contact\"", "action=\"/me/code\"");

        Response codeStep = post("/me/code", FormBodies.of("contact", TestPhones.national(phone)));
        assertThat(codeStep.status()).isEqualTo(200);
        assertThat(codeStep.body()).contains("name=\"code\"", "autocomplete=\"one-time-code\"");

        Response wrong = post("/me/confirm", FormBodies.of("contact", TestPhones.national(phone), "code", "000000"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("That code is wrong or no longer works", "href=\"#code\"");

        Response signedIn = post("/me/confirm", FormBodies.of("contact", TestPhones.national(phone), "code", codeSentTo(phone)));
        assertThat(signedIn.status()).isEqualTo(303);
        String setCookie = signedIn.setCookies().get(0);
        assertThat(setCookie).startsWith("tellonce_resident=").contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        Response list = client.get("/me", "Cookie", cookie, "Accept", HTML);
        assertThat(list.body()).contains(reference, "Partner organisations, without your name or contact details.");

        assertThat(post("/me/private", "", "Cookie", cookie).header("location")).contains("/me?notice=private");
        assertThat(client.get("/me?notice=private", "Cookie", cookie, "Accept", HTML).body())
                .contains("All your stories are now private.", "Only TellOnce. It is not shared with anyone.");

        Response unconfirmed = post("/me/erase", "", "Cookie", cookie);
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("Tick the box to confirm");

        Response erased = post("/me/erase", FormBodies.of("confirm", "yes"), "Cookie", cookie);
        assertThat(erased.status()).isEqualTo(303);
        assertThat(erased.setCookies()).anyMatch(c -> c.startsWith("tellonce_resident=;") && c.contains("Max-Age=0"));
        assertThat(client.get("/me", "Cookie", cookie, "Accept", HTML).body()).as("the session ended")
                .contains("name=\"contact\"").doesNotContain(reference);
        assertThat(new RawTable(stack).storyItem(reference)).as("the story is erased").doesNotContainKey("text");
    }

    @Test
    void thePagesSpeakWelshAndPolishAndRefuseOtherSitesAndBadContacts() {
        assertThat(client.get("/me?lang=cy", "Accept", HTML).body()).contains("<html lang=\"cy\"", "Eich straeon");
        assertThat(client.get("/me?lang=pl", "Accept", HTML).body()).contains("<html lang=\"pl\"", "Twoje historie");

        Response crossSite = client.post("/me/code", FORM, FormBodies.of("contact", "a@example.org")
                .getBytes(StandardCharsets.US_ASCII), "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
        assertThat(crossSite.status()).isEqualTo(403);

        Response bad = post("/me/code", FormBodies.of("contact", "not a contact"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Enter the e-mail address or phone number", "aria-invalid=\"true\"");

        Response noSession = post("/me/private", "");
        assertThat(noSession.status()).isEqualTo(303);
        assertThat(noSession.header("location")).contains("/me");
    }

    private static Response post(String path, String form, String... headers) {
        String[] all = new String[headers.length + 6];
        all[0] = "Origin";
        all[1] = stack.baseUrl();
        all[2] = "Sec-Fetch-Site";
        all[3] = "same-origin";
        all[4] = "Accept";
        all[5] = HTML;
        System.arraycopy(headers, 0, all, 6, headers.length);
        return client.post(path, FORM, form.getBytes(StandardCharsets.US_ASCII), all);
    }

    private static String codeSentTo(String phone) {
        List<LocalOutbox.Sent> sent = stack.outbox().sent().stream().filter(s -> s.to().equals(phone)).toList();
        Matcher m = CODE.matcher(sent.get(sent.size() - 1).body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
