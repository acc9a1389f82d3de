package org.tellonce.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.adapters.email.LocalEmailOutbox;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.TestStack;

/** Staff sign in with a code sent to their e-mail (SPEC §11), on the local stack. */
class StaffSignInIntegrationTest {
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String HTML = "text/html";

    private static LocalStack stack;
    private static StackClient client;
    private static Admin admin;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        client = new StackClient(stack.baseUrl());
        admin = new Admin(stack);
        admin.addPartner("sign-in-trust", "Sign-in Trust", "*", "");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theSignInPageWorksWithoutScriptInEveryLanguage() {
        for (String lang : new String[] {"en", "cy", "pl"}) {
            Response page = client.get("/staff/sign-in?lang=" + lang, "Accept", HTML);

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<html lang=\"" + lang + "\"", "action=\"/staff/sign-in\"",
                    "<label for=\"email\"").doesNotContain("<script");
        }
    }

    @Test
    void aCodeByEmailOpensAnEightHourSessionBoundToThePerson() {
        String email = staff("responder", "--partner", "sign-in-trust");

        Response sent = requestCode(email);
        Response confirmed = confirm(email, lastCode(email));

        assertThat(sent.status()).isEqualTo(202);
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().path("role").asText()).isEqualTo("responder");
        assertThat(confirmed.json().path("partnerId").asText()).isEqualTo("sign-in-trust");
        Instant expires = Instant.parse(confirmed.json().path("expiresAt").asText());
        assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofHours(8).minusMinutes(1),
                Duration.ofHours(8));
        assertThat(confirmed.setCookies()).singleElement().satisfies(c -> assertThat(c)
                .startsWith("staff_session=").contains("HttpOnly", "Secure", "SameSite=Strict", "Path=/",
                        "Max-Age=28800"));
        Response me = me(cookie(confirmed));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("name").asText()).isEqualTo("Sam Staff");
        assertThat(me.json().path("role").asText()).isEqualTo("responder");
        assertThat(me.json().path("partnerId").asText()).isEqualTo("sign-in-trust");
    }

    @Test
    void unknownAndDisabledAddressesGetTheSameAnswerAndNoEmail() {
        String known = staff("moderator");
        String disabled = staff("safeguarding");
        admin.staff("disable", "--email", disabled);
        String unknown = unique();

        Response toKnown = requestCode(known);
        int sentBefore = outbox().sent().size();
        Response toUnknown = requestCode(unknown);
        Response toDisabled = requestCode(disabled);

        assertThat(toUnknown.status()).isEqualTo(toKnown.status()).isEqualTo(202);
        assertThat(toUnknown.body()).isEqualTo(toKnown.body());
        assertThat(toDisabled.status()).isEqualTo(202);
        assertThat(toDisabled.body()).isEqualTo(toKnown.body());
        assertThat(outbox().sent()).hasSize(sentBefore);
        assertThat(confirm(unknown, "123456").status()).isEqualTo(400);
        assertThat(me("staff_session=" + "A".repeat(43)).status()).isEqualTo(401);
    }

    @Test
    void aWrongCodeIs400() {
        String email = staff("reader", "--partner", "sign-in-trust");
        requestCode(email);
        String right = lastCode(email);

        Response wrong = confirm(email, right.equals("000000") ? "111111" : "000000");

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.setCookies()).isEmpty();
        assertThat(confirm(email, right).status()).isEqualTo(200);
    }

    @Test
    void fiveWrongCodesLockTheAddressFor15MinutesEvenToTheRightCode() {
        String email = staff("partnership-admin");
        requestCode(email);
        String right = lastCode(email);
        String wrong = right.equals("000000") ? "111111" : "000000";

        for (int i = 1; i < 5; i++) {
            assertThat(confirm(email, wrong).status()).as("wrong code " + i).isEqualTo(400);
        }
        Response fifth = confirm(email, wrong);
        Response rightButLocked = confirm(email, right);

        assertThat(fifth.status()).isEqualTo(429);
        assertThat(rightButLocked.status()).isEqualTo(429);
        assertThat(rightButLocked.setCookies()).isEmpty();
        assertThat(Long.parseLong(rightButLocked.header("retry-after").orElseThrow())).isBetween(1L, 900L);
        int sentBefore = outbox().sent().size();
        assertThat(requestCode(email).status()).as("the same answer while locked").isEqualTo(202);
        assertThat(outbox().sent()).as("but no code").hasSize(sentBefore);
    }

    @Test
    void signingOutEndsTheSessionOnTheServer() {
        String email = staff("reader", "--partner", "sign-in-trust");
        String cookie = signIn(email);
        String copied = cookie;

        Response out = client.post("/staff/sign-out", FORM, new byte[0], "Cookie", cookie, "Origin", stack.baseUrl(),
                "Sec-Fetch-Site", "same-origin");

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.setCookies()).anySatisfy(c -> assertThat(c).startsWith("staff_session=;").contains("Max-Age=0"));
        assertThat(me(copied).status()).isEqualTo(401);
    }

    @Test
    void disablingThePersonEndsEveryOneOfTheirSessions() {
        String email = staff("responder", "--partner", "sign-in-trust");
        String laptop = signIn(email);
        String phone = signIn(email);

        assertThat(admin.staff("disable", "--email", email).exitCode()).isZero();

        assertThat(me(laptop).status()).isEqualTo(401);
        assertThat(me(phone).status()).isEqualTo(401);
    }

    @Test
    void changingTheRoleEndsTheirSessions() {
        String email = staff("responder", "--partner", "sign-in-trust");
        String session = signIn(email);

        admin.addStaff(email, "Sam Staff", "reader", "--partner", "sign-in-trust");

        assertThat(me(session).status()).isEqualTo(401);
        assertThat(me(signIn(email)).json().path("role").asText()).isEqualTo("reader");
    }

    @Test
    void theFormsSignInWithoutScript() {
        String email = staff("moderator");

        Response codePage = client.post("/staff/sign-in", FORM, ascii(FormBodies.of("email", email)), sameOrigin());
        Response confirmed = client.post("/staff/sign-in/confirm", FORM,
                ascii(FormBodies.of("email", email, "code", lastCode(email))), sameOrigin());

        assertThat(codePage.status()).isEqualTo(202);
        assertThat(codePage.body()).contains("action=\"/staff/sign-in/confirm\"", "<label for=\"code\"");
        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("location")).contains("/staff/sign-in");
        Response signedIn = client.get("/staff/sign-in", "Cookie", cookie(confirmed), "Accept", HTML);
        assertThat(signedIn.body()).contains("Sam Staff", "action=\"/staff/sign-out\"");
    }

    @Test
    void aFormFromAnotherSiteIsRefused() {
        String email = staff("moderator");
        int sentBefore = outbox().sent().size();

        Response forged = client.post("/staff/sign-in", FORM, ascii(FormBodies.of("email", email)),
                "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site", "Accept", HTML);

        assertThat(forged.status()).isEqualTo(403);
        assertThat(outbox().sent()).hasSize(sentBefore);
    }

    private static String staff(String role, String... more) {
        String email = unique();
        admin.addStaff(email, "Sam Staff", role, more);
        return email;
    }

    private static String signIn(String email) {
        assertThat(requestCode(email).status()).isEqualTo(202);
        Response confirmed = confirm(email, lastCode(email));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        return cookie(confirmed);
    }

    private static Response requestCode(String email) {
        return client.post("/staff/sign-in", JSON, ascii("{\"email\":\"" + email + "\"}"));
    }

    private static Response confirm(String email, String code) {
        return client.post("/staff/sign-in/confirm", JSON,
                ascii("{\"email\":\"" + email + "\",\"code\":\"" + code + "\"}"));
    }

    private static Response me(String cookie) {
        return client.get("/staff/me", "Cookie", cookie);
    }

    private static String lastCode(String email) {
        String text = outbox().sent().stream().filter(s -> s.email().to().equals(email)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no e-mail to the address")).email().text();
        Matcher m = Pattern.compile("\\b([0-9]{6})\\b").matcher(text);
        assertThat(m.find()).as("a code in the e-mail").isTrue();
        return m.group(1);
    }

    private static String cookie(Response response) {
        String set = response.setCookies().get(0);
        return set.substring(0, set.indexOf(';'));
    }

    private static LocalEmailOutbox outbox() {
        return stack.emailOutbox();
    }

    private static String[] sameOrigin() {
        return new String[] {"Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin", "Accept", HTML};
    }

    private static String unique() {
        return "staff-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private static byte[] ascii(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
