package org.tellonce.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.TestStack;

/** A partner admin manages their own partner's staff, and only theirs (SPEC section 11), on the local stack. */
class PartnerStaffIntegrationTest {
    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String HTML = "text/html";

    private static LocalStack stack;
    private static StackClient client;
    private static StaffMembers staff;
    private static String healthwatchKey;

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        client = new StackClient(stack.baseUrl());
        Admin admin = new Admin(stack);
        healthwatchKey = admin.addPartner("healthwatch", "Healthwatch Leicester", "*", "");
        admin.addPartner("council", "Leicester City Council", "*", "");
        staff = new StaffMembers(stack, admin);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anAdminAddsAReaderAndAResponderWhoCanThenSignIn() {
        String admin = adminOf("healthwatch");
        String reader = email("reader");
        String responder = email("responder");

        Response addedReader = add(admin, reader, "Rae Reader", "reader");
        Response addedResponder = add(admin, responder, "Ray Responder", "responder");

        assertThat(addedReader.status()).as(addedReader.toString()).isEqualTo(201);
        assertThat(addedReader.json().path("role").asText()).isEqualTo("reader");
        assertThat(addedReader.json().path("enabled").asBoolean()).isTrue();
        assertThat(addedResponder.status()).isEqualTo(201);
        Response me = client.get("/staff/me", "Cookie", staff.signIn(responder));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("role").asText()).isEqualTo("responder");
        assertThat(me.json().path("partnerId").asText()).isEqualTo("healthwatch");
        assertThat(client.get("/staff/me", "Cookie", staff.signIn(reader)).json().path("role").asText())
                .isEqualTo("reader");
        Response list = client.get("/partner/staff", "Cookie", admin, "Accept", JSON);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("staff").findValuesAsText("email")).contains(reader, responder);
    }

    @Test
    void theAdminCannotGiveAPartnershipRoleNorAddSomeoneWithBadDetails() {
        String admin = adminOf("healthwatch");
        String moderator = email("moderator");

        Response refused = add(admin, moderator, "Mo Moderator", "moderator");
        Response bad = client.post("/partner/staff", JSON, json("{\"email\":\"not-an-address\",\"name\":\"\","
                + "\"role\":\"owner\"}"), "Cookie", admin);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("fields").path("role").asText()).contains("reader");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("fields").fieldNames()).toIterable().containsExactlyInAnyOrder("email", "name",
                "role");
        assertThat(new Admin(stack).staff("list").out()).doesNotContain(moderator);
        assertThat(client.post("/partner/staff", "text/plain", json("email=x"), "Cookie", admin).status())
                .isEqualTo(415);
        assertThat(client.post("/partner/staff", JSON, json("{\"email\":"), "Cookie", admin).status())
                .isEqualTo(400);
    }

    @Test
    void anotherPartnersStaffCannotBeTakenNorDisabledNorSeen() {
        String admin = adminOf("healthwatch");
        String theirs = email("council-responder");
        String theirCookie = staff.addAndSignIn(theirs, "Cal Council", "responder", "council");

        Response taken = add(admin, theirs, "Cal Council", "reader");
        Response disabled = client.post("/partner/staff/disable", JSON, json("{\"email\":\"" + theirs + "\"}"),
                "Cookie", admin);

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body()).doesNotContain("council", "Council");
        assertThat(disabled.status()).isEqualTo(404);
        assertThat(client.get("/staff/me", "Cookie", theirCookie).json().path("partnerId").asText())
                .as("still the council's, still signed in").isEqualTo("council");
        assertThat(client.get("/partner/staff", "Cookie", admin, "Accept", JSON).body()).doesNotContain(theirs);
    }

    @Test
    void disablingAMemberEndsTheirOpenSessionAtOnce() {
        String admin = adminOf("healthwatch");
        String reader = email("leaving");
        add(admin, reader, "Lee Leaving", "reader");
        String readerCookie = staff.signIn(reader);
        assertThat(client.get("/staff/me", "Cookie", readerCookie).status()).isEqualTo(200);

        Response disabled = client.post("/partner/staff/disable", FORM, form("email", reader), "Cookie", admin,
                "Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin", "Accept", HTML);

        assertThat(disabled.status()).isEqualTo(303);
        assertThat(disabled.header("location")).hasValueSatisfying(l -> assertThat(l).contains("notice=disabled"));
        assertThat(client.get("/staff/me", "Cookie", readerCookie).status()).isEqualTo(401);
        assertThat(client.get("/partner/staff", "Cookie", admin, "Accept", JSON).json().path("staff").findValues("email")
                .stream().filter(e -> e.asText().equals(reader)).count()).isEqualTo(1);
    }

    @Test
    void aNewRoleEndsTheMembersSessionsToo() {
        String admin = adminOf("healthwatch");
        String member = email("promoted");
        add(admin, member, "Pat Promoted", "reader");
        String before = staff.signIn(member);

        assertThat(add(admin, member, "Pat Promoted", "responder").status()).isEqualTo(201);

        assertThat(client.get("/staff/me", "Cookie", before).status()).isEqualTo(401);
        assertThat(client.get("/staff/me", "Cookie", staff.signIn(member)).json().path("role").asText())
                .isEqualTo("responder");
    }

    @Test
    void anAdminMayNotDisableThemselves() {
        String email = email("self");
        String admin = staff.addAndSignIn(email, "Sal Self", "partner-admin", "healthwatch");

        Response refused = client.post("/partner/staff/disable", JSON, json("{\"email\":\"" + email + "\"}"),
                "Cookie", admin);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("fields").path("email").asText()).contains("cannot disable yourself");
        assertThat(client.get("/staff/me", "Cookie", admin).status()).isEqualTo(200);
    }

    @Test
    void readersRespondersPartnershipRolesAndApiKeysAreRefused() {
        String reader = staff.addAndSignIn(email("r"), "Rae", "reader", "healthwatch");
        String responder = staff.addAndSignIn(email("s"), "Sue", "responder", "healthwatch");
        String moderator = staff.addAndSignIn(email("m"), "Mo", "moderator", null);

        for (String cookie : new String[] {reader, responder, moderator}) {
            assertThat(client.get("/partner/staff", "Cookie", cookie, "Accept", JSON).status()).isEqualTo(403);
            assertThat(add(cookie, email("x"), "X", "reader").status()).isEqualTo(403);
        }
        Response page = client.get("/partner/staff", "Cookie", reader, "Accept", HTML);
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("<html").doesNotContain("<form method=\"post\" action=\"/partner/staff\"");
        assertThat(client.get("/partner/staff", "Authorization", "Bearer " + healthwatchKey, "Accept", JSON).status())
                .isEqualTo(403);
    }

    @Test
    void withoutASessionJsonIs401AndThePageLinksToSignIn() {
        assertThat(client.get("/partner/staff", "Accept", JSON).status()).isEqualTo(401);
        Response page = client.get("/partner/staff", "Accept", HTML);
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("href=\"/staff/sign-in\"");
    }

    @Test
    void thePageListsTheStaffAndItsFormAddsInEveryLanguage() {
        String admin = adminOf("healthwatch");
        for (String lang : new String[] {"en", "cy", "pl"}) {
            Response page = client.get("/partner/staff?lang=" + lang, "Cookie", admin, "Accept", HTML);

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("<html lang=\"" + lang + "\"", "action=\"/partner/staff\"",
                    "Healthwatch Leicester").doesNotContain("<script");
        }
        String member = email("form");
        Response added = client.post("/partner/staff", FORM, form("email", member, "name", "Fay Form", "role",
                "responder"), "Cookie", admin, "Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin", "Accept", HTML);
        assertThat(added.status()).isEqualTo(303);
        assertThat(client.get("/partner/staff?notice=added", "Cookie", admin, "Accept", HTML).body())
                .contains(member, "Fay Form");
        Response again = client.post("/partner/staff", FORM, form("email", "nope", "name", "Fay", "role", "owner"),
                "Cookie", admin, "Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin", "Accept", HTML);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("error-summary", "href=\"#email\"", "href=\"#role\"");
        Response crossSite = client.post("/partner/staff", FORM, form("email", email("cs"), "name", "C", "role",
                "reader"), "Cookie", admin, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
        assertThat(crossSite.status()).isEqualTo(403);
    }

    @Test
    void staffNamesAndEmailsNeverReachTheLogs() {
        String admin = adminOf("healthwatch");
        String member = email("private");
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            add(admin, member, "Priya Private-Name", "reader");
            add(admin, "bad address", "Priya Private-Name", "owner");
            client.get("/partner/staff", "Cookie", admin, "Accept", HTML);
            client.post("/partner/staff/disable", JSON, json("{\"email\":\"" + member + "\"}"), "Cookie", admin);
        } finally {
            System.setErr(original);
        }

        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("partner_staff_add", "partner_staff_disable");
        assertThat(logged).doesNotContain(member, "Priya", "bad address");
    }

    private static String adminOf(String partnerId) {
        return staff.addAndSignIn(email("admin"), "Ada Admin", "partner-admin", partnerId);
    }

    private static Response add(String cookie, String email, String name, String role) {
        return client.post("/partner/staff", JSON, json("{\"email\":\"" + email + "\",\"name\":\"" + name
                + "\",\"role\":\"" + role + "\"}"), "Cookie", cookie);
    }

    private static String email(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private static byte[] json(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] form(String... fields) {
        return FormBodies.of(fields).getBytes(StandardCharsets.UTF_8);
    }
}
