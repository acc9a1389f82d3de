package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.Residents;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TablePermissions;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TestStack;
import org.tellonce.testing.WebhookReceiver;
import org.tellonce.testing.TwilioRequests;

/**
 * Every function, run on the local stack through the journeys residents and partners make, touches
 * only what its DynamoDB policy in template.yaml allows: each call (each item of a batch or a
 * transaction) is checked as IAM would check it, against the function that made it.
 */
class TablePermissionsIntegrationTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String HTML = "text/html";
    private static final String OUR_NUMBER = "+447700900000";
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private static final TablePermissions PERMISSIONS = TestStack.permissions();
    private static LocalStack stack;
    private static Http http;
    private static StackClient client;

    @BeforeAll
    static void start() {
        stack = TestStack.start(Map.of(), PERMISSIONS);
        http = new Http(stack.baseUrl());
        client = new StackClient(stack.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyFunctionTouchesOnlyWhatItsPolicyAllows() {
        assertThat(client.get("/", "Accept", HTML).status()).isEqualTo(200);
        String key = new Admin(stack).addPartner("every-topic", "Every Topic Trust", "*", "");
        PartnerClient partner = new PartnerClient(http, key);

        // A story told online, shared, read and answered by the partner (API and inbox), the answer texted.
        // An anonymous story whose area is a name: its item reads the partners' configured area names.
        Submitted named = aStory().topics("health").area("Charnwood").anonymous().submitTo(http);
        Eventually.within(WITHIN, "the named-area story reaches the partner",
                () -> partner.story(named.storyId()).status() == 200);
        Submitted told = aStory().topics("health").contact(TestPhones.next()).identified().submitTo(http);
        assertThat(http.get("/stories/" + told.reference(), told.auth()).status()).isEqualTo(200);
        Eventually.within(WITHIN, "the story reaches the partner",
                () -> partner.story(told.storyId()).status() == 200);
        assertThat(partner.page(10, null).status()).isEqualTo(200);
        assertThat(partner.respond(told.storyId(), "We have passed this to the practice.").status()).isEqualTo(201);
        Eventually.within(WITHIN, "the response is texted to the resident",
                () -> functionsCalled().contains("ResponseNotifierFunction"));

        // The partner's responder works the story in the inbox: reads it, sets its handling, takes it, replies.
        String cookie = new StaffMembers(stack, new Admin(stack)).addAndSignIn("rhys@every-topic.example",
                "Rhys Responder", "responder", "every-topic");
        assertThat(client.get("/partner", "Cookie", cookie, "Accept", HTML).status()).isEqualTo(200);
        assertThat(client.get("/partner/export.csv", "Cookie", cookie).status()).isEqualTo(200);
        assertThat(client.get("/partner/inbox/" + told.storyId(), "Cookie", cookie, "Accept", HTML).status())
                .isEqualTo(200);
        assertThat(client.post("/partner/inbox/" + told.storyId() + "/handling", FORM,
                ascii(FormBodies.of("handling", "in-progress")), with(sameOrigin(), "Cookie", cookie)).status())
                .isEqualTo(303);
        assertThat(client.post("/partner/inbox/" + told.storyId() + "/assignee", FORM,
                ascii(FormBodies.of("email", "rhys@every-topic.example")), with(sameOrigin(), "Cookie", cookie))
                .status()).isEqualTo(303);
        Response reply = client.post("/partner/inbox/" + told.storyId() + "/responses", FORM,
                ascii(FormBodies.of("text", "And we have an answer.")), with(sameOrigin(), "Cookie", cookie));
        assertThat(reply.status()).as(reply.toString()).isLessThan(400);
        // Outcomes (SPEC section 13): by the API (an idempotent retry) and by the inbox form; the resident is
        // told through the stream; the public list as JSON and as a page. The erasure below deletes the links.
        String outcome = "{\"title\":\"Evening buses\",\"text\":\"The evening buses run again from May.\","
                + "\"storyIds\":[\"" + told.storyId() + "\"]}";
        String outcomeKey = UUID.randomUUID().toString();
        assertThat(client.post("/partner/outcomes", "application/json", ascii(outcome), "Authorization",
                "Bearer " + key, "Idempotency-Key", outcomeKey).status()).isEqualTo(201);
        assertThat(client.post("/partner/outcomes", "application/json", ascii(outcome), "Authorization",
                "Bearer " + key, "Idempotency-Key", outcomeKey).status()).isEqualTo(200);
        assertThat(client.post("/partner/outcomes", FORM, ascii(FormBodies.of("title", "Practice hours",
                "text", "The practice opens on Saturdays now.", "storyId", told.storyId())),
                with(sameOrigin(), "Cookie", cookie)).status()).isEqualTo(303);
        assertThat(client.post("/partner/outcomes", FORM, ascii(FormBodies.of("title", "x", "text", "short",
                "storyId", told.storyId())), with(sameOrigin(), "Cookie", cookie)).status()).isEqualTo(400);
        assertThat(client.get("/outcomes", "Accept", "application/json").status()).isEqualTo(200);
        assertThat(client.get("/outcomes", "Accept", HTML).status()).isEqualTo(200);
        // The lead (SPEC section 13): claimed and released by API key, claimed again from the inbox and left,
        // so erasure below clears it (the fan-out's unshare, and erasure's own sweep of the partition).
        String[] leadKey = Http.bearer(key);
        assertThat(http.send("POST", "/partner/stories/" + told.storyId() + "/lead", null, leadKey).status())
                .isEqualTo(200);
        assertThat(http.delete("/partner/stories/" + told.storyId() + "/lead", leadKey).status()).isEqualTo(200);
        assertThat(client.post("/partner/inbox/" + told.storyId() + "/lead", FORM,
                ascii(FormBodies.of("lead", "claim")), with(sameOrigin(), "Cookie", cookie)).status()).isEqualTo(303);

        // The resident changes consent (API and form), then erases (form and API): the fan-out unshares.
        assertThat(http.putJson("/stories/" + told.reference() + "/consent", "{\"share\":\"anonymous\"}",
                told.auth()).status()).isEqualTo(200);
        String manage = "tellonce_manage=" + told.manageToken();
        assertThat(client.post("/stories/" + told.reference() + "/consent", FORM,
                ascii(FormBodies.of("consent", "identified")), with(sameOrigin(), "Cookie", manage)).status())
                .isEqualTo(303);
        Submitted other = aStory().topics("housing").identified().contact("someone@example.org").submitTo(http);
        String otherManage = "tellonce_manage=" + other.manageToken();
        assertThat(client.get("/stories/" + other.reference() + "/erase", with(sameOrigin(), "Cookie", otherManage))
                .status()).isEqualTo(200);
        assertThat(client.post("/stories/" + other.reference() + "/erase", FORM, ascii(""),
                with(sameOrigin(), "Cookie", otherManage)).status()).isEqualTo(303);
        assertThat(http.delete("/stories/" + told.reference(), told.auth()).status()).isLessThan(300);
        Eventually.within(WITHIN, "the erased story leaves the feed",
                () -> partner.story(told.storyId()).status() == 404);

        // Stories by text: End User Messaging (with the consent answer) and Twilio.
        String phone = TestPhones.next();
        sms(phone, "The bus to the hospital stopped running on Sundays.");
        sms(phone, "YES");
        sms(phone, "1");
        // The area is never answered: the sweep shares it half an hour on, with the topic it knows.
        Response swept = client.post("/_local/schedule/SmsRoutingSweepFunction", "application/json",
                ascii("{\"time\":\"" + java.time.Instant.now().plus(java.time.Duration.ofMinutes(31)) + "\"}"));
        assertThat(swept.status()).as(swept.toString()).isEqualTo(200);
        sms(phone, "STATUS");
        String unwanted = new Residents(stack).textsStory(phone, "Please erase this second message of mine.");
        sms(phone, "DELETE " + unwanted);
        TwilioRequests.Signed twilio = TwilioRequests.message(LocalStack.LOCAL_TWILIO_TOKEN,
                stack.baseUrl() + "/sms/twilio", "SM" + UUID.randomUUID().toString().replace("-", ""),
                TestPhones.next(), OUR_NUMBER, "The street lights on our road are out.");
        assertThat(client.post("/sms/twilio", FORM, ascii(twilio.body()), "X-Twilio-Signature", twilio.signature())
                .status()).isEqualTo(200);

        // The staff member signs out: the copied cookie opens nothing.
        assertThat(client.post("/staff/sign-out", FORM, ascii(""), with(sameOrigin(), "Cookie", cookie)).status())
                .isLessThan(400);
        assertThat(client.get("/partner/export.csv", "Cookie", cookie).status()).isEqualTo(401);

        // The SMS resident comes back on the web: proves the number, reads, changes and erases with the session.
        String token = new Residents(stack).signIn(phone);
        Response mine = client.get("/residents/me/stories", "Authorization", "Bearer " + token);
        assertThat(mine.status()).isEqualTo(200);
        String smsReference = mine.json().path("stories").get(0).path("reference").asText();
        String bearer = "Bearer " + token;
        assertThat(client.get("/stories/" + smsReference, "Authorization", bearer).status()).isEqualTo(200);
        assertThat(http.putJson("/stories/" + smsReference + "/consent", "{\"share\":\"anonymous\"}",
                "Authorization", bearer).status()).isEqualTo(200);
        assertThat(client.send("PUT", "/residents/me/notifications", "application/json", "{\"replies\":true}",
                "Authorization", bearer).status()).isEqualTo(200);
        assertThat(client.get("/residents/me/export", "Authorization", bearer).status()).isEqualTo(200);
        assertThat(client.send("DELETE", "/stories/" + smsReference, null, null, "Authorization", bearer).status())
                .isEqualTo(204);
        assertThat(client.send("DELETE", "/residents/me", null, null, "Authorization", bearer).status()).isEqualTo(204);
        // And by the pages: the code, the list, all private, all erased.
        String email = "pages-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        aStory().contact(email).anonymous().submitTo(http);
        assertThat(client.post("/me/code", FORM, ascii(FormBodies.of("contact", email)), sameOrigin()).status())
                .isEqualTo(200);
        Response signedIn = client.post("/me/confirm", FORM, ascii(FormBodies.of("contact", email, "code",
                new Residents(stack).lastCodeTo(email))), sameOrigin());
        assertThat(signedIn.status()).isEqualTo(303);
        String me = signedIn.setCookies().get(0);
        me = me.substring(0, me.indexOf(';'));
        assertThat(client.get("/me", "Cookie", me, "Accept", HTML).status()).isEqualTo(200);
        assertThat(client.post("/me/private", FORM, ascii(""), with(sameOrigin(), "Cookie", me)).status()).isEqualTo(303);
        assertThat(client.post("/me/erase", FORM, ascii(FormBodies.of("confirm", "yes")), with(sameOrigin(), "Cookie", me))
                .status()).isEqualTo(303);

        // A member of staff signs in by e-mailed code (one wrong first), checks the session, signs out.
        String staff = "staff-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        new Admin(stack).addStaff(staff, "Sam Staff", "responder", "--partner", "every-topic");
        assertThat(client.get("/staff/sign-in", "Accept", HTML).status()).isEqualTo(200);
        assertThat(client.post("/staff/sign-in", FORM, ascii(FormBodies.of("email", staff)), sameOrigin()).status())
                .isEqualTo(202);
        String staffCode = new Residents(stack).lastCodeTo(staff);
        assertThat(client.post("/staff/sign-in/confirm", FORM, ascii(FormBodies.of("email", staff, "code",
                staffCode.equals("000000") ? "111111" : "000000")), sameOrigin()).status()).isEqualTo(400);
        Response staffIn = client.post("/staff/sign-in/confirm", FORM, ascii(FormBodies.of("email", staff, "code",
                staffCode)), sameOrigin());
        assertThat(staffIn.status()).isEqualTo(303);
        String staffCookie = staffIn.setCookies().get(0);
        staffCookie = staffCookie.substring(0, staffCookie.indexOf(';'));
        assertThat(client.get("/staff/me", "Cookie", staffCookie).status()).isEqualTo(200);
        // The daily digest: the member turns it off and on, gets it, and opts out from its link.
        assertThat(client.get("/staff/sign-in", "Cookie", staffCookie, "Accept", HTML).body()).contains("/staff/digest");
        for (String digest : new String[] {"false", "true"}) {
            assertThat(client.post("/staff/digest", "application/json", ascii("{\"digest\":" + digest + "}"),
                    "Cookie", staffCookie).status()).isEqualTo(200);
        }
        Response digested = client.post("/_local/schedule/StaffDigestFunction", "application/json", ascii(""));
        assertThat(digested.json().path("emails").asInt()).as(digested.toString()).isPositive();
        String digestText = stack.emailOutbox().sent().get(stack.emailOutbox().sent().size() - 1).email().text();
        java.util.regex.Matcher unsubscribe = java.util.regex.Pattern
                .compile("/staff/digest/unsubscribe\\?token=([^\\s]+)").matcher(digestText);
        assertThat(unsubscribe.find()).as(digestText).isTrue();
        assertThat(client.get(unsubscribe.group(), "Accept", HTML).status()).isEqualTo(200);
        assertThat(client.post("/staff/digest/unsubscribe", FORM, ascii(FormBodies.of("token", unsubscribe.group(1))),
                sameOrigin()).status()).isEqualTo(200);
        // The responder records a story told on the phone (the form, then JSON with a phone: texted).
        assertThat(client.get("/partner/assisted", "Cookie", staffCookie, "Accept", HTML).status()).isEqualTo(200);
        Response assisted = client.post("/partner/assisted-stories", FORM, ascii(FormBodies.of("story",
                "Told on the phone: the surgery never answers before ten.", "topics", "health", "consent", "anonymous",
                "consentGiven", "verbal", "language", "en", "submission", "s1")), with(sameOrigin(), "Cookie", staffCookie));
        assertThat(assisted.status()).as(assisted.toString()).isEqualTo(303);
        Response assistedJson = client.post("/partner/assisted-stories", "application/json", ascii(
                "{\"story\":\"Told in person: the lift at the flats has been broken for a month.\","
                        + "\"topics\":[\"housing\"],\"contact\":\"" + TestPhones.next() + "\","
                        + "\"consent\":{\"share\":\"identified\"},\"consentGiven\":\"written\"}"),
                "Cookie", staffCookie, "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(assistedJson.status()).as(assistedJson.toString()).isEqualTo(201);
        // A partner admin lists, adds and disables their own staff (the page and its forms).
        String admin = "admin-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String adminCookie = new StaffMembers(stack, new Admin(stack))
                .addAndSignIn(admin, "Ada Admin", "partner-admin", "every-topic");
        assertThat(client.get("/partner/staff", "Cookie", adminCookie, "Accept", HTML).status()).isEqualTo(200);
        String added = "reader-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        assertThat(client.post("/partner/staff", FORM, ascii(FormBodies.of("email", added, "name", "Rae Reader",
                "role", "reader")), with(sameOrigin(), "Cookie", adminCookie)).status()).isEqualTo(303);
        assertThat(client.post("/partner/staff/disable", FORM, ascii(FormBodies.of("email", added)),
                with(sameOrigin(), "Cookie", adminCookie)).status()).isEqualTo(303);
        assertThat(client.post("/staff/sign-out", FORM, ascii(""), with(sameOrigin(), "Cookie", staffCookie)).status())
                .isEqualTo(303);

        // The partner admin reads the partner's access log (the API's reads above), as a page and as JSON.
        Response audit = client.get("/partner/audit", "Cookie", adminCookie, "Accept", "application/json");
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        assertThat(audit.json().path("entries")).as("the partner's reads").isNotEmpty();
        assertThat(client.get("/partner/audit", "Cookie", adminCookie, "Accept", HTML).status()).isEqualTo(200);

        // A story raising a safeguarding concern is held and the safeguarding staff alerted (the stream); the
        // schedule counts the queue; the resident erases the story, and its alert records with it.
        String guardian = "guard-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        new Admin(stack).addStaff(guardian, "Gwen Guardian", "safeguarding", "--phone", TestPhones.next());
        Submitted flagged = aStory().text("I want to end my life, I can't go on").submitTo(http);
        Eventually.within(WITHIN, "the safeguarding staff are alerted", () -> stack.emailOutbox().sent().stream()
                .anyMatch(s -> s.email().to().equals(guardian) && s.email().text().contains(flagged.reference())));
        Response alertRun = client.post("/_local/schedule/SafeguardingAlertFunction", "application/json", ascii(""));
        assertThat(alertRun.status()).as(alertRun.toString()).isEqualTo(200);
        assertThat(http.delete("/stories/" + flagged.reference(), flagged.auth()).status()).isLessThan(300);
        // A moderator reads the queue, opens a flagged (held) story and approves it with an edited text.

        Submitted held = aStory().text("I have felt suicidal since the home visits stopped last winter.")
                .topics("health").anonymous().submitTo(http);
        String moderator = new StaffMembers(stack, new Admin(stack)).addAndSignIn(
                "mod-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org", "Mo Moderator", "moderator", null);
        Response queue = client.get("/moderation", "Cookie", moderator, "Accept", "application/json");
        assertThat(queue.status()).as(queue.toString()).isEqualTo(200);
        assertThat(client.get("/moderation", "Cookie", moderator, "Accept", HTML).status()).isEqualTo(200);
        assertThat(client.get("/moderation/stories/" + held.reference(), "Cookie", moderator, "Accept", HTML)
                .status()).isEqualTo(200);
        assertThat(client.post("/moderation/stories/" + held.reference() + "/decision", FORM,
                ascii(FormBodies.of("decision", "approve", "sharedText", "The home visits stopped last winter.")),
                with(sameOrigin(), "Cookie", moderator)).status()).isEqualTo(303);

        // Webhooks (SPEC section 14): the partner's endpoint is pushed a share, a response and an outcome (the
        // stream into the queue, the queue into the delivery), then the withdrawal, which the partner confirms.
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Admin.Result hook = new Admin(stack).webhook("every-topic", receiver.url("/hook"));
            assertThat(hook.exitCode()).as(hook.toString()).isZero();
            Submitted pushed = aStory().topics("transport").anonymous()
                    .text("The late bus skips our estate and I walk home in the dark.").submitTo(http);
            Eventually.within(WITHIN, "story.shared is delivered", () -> receiver.received().stream()
                    .anyMatch(r -> r.body().contains("story.shared") && r.body().contains(pushed.storyId())));
            assertThat(partner.respond(pushed.storyId(), "We have asked the operator about the route.").status())
                    .isEqualTo(201);
            assertThat(http.postJson("/partner/outcomes", "{\"title\":\"Route restored\",\"text\":\"The late bus "
                    + "serves the estate again.\",\"storyIds\":[\"" + pushed.storyId() + "\"]}",
                    "Authorization", "Bearer " + key).status()).isEqualTo(201);
            Eventually.within(WITHIN, "response.created and outcome.created are delivered", () -> receiver.received()
                    .stream().filter(r -> r.body().contains(pushed.storyId())
                            && (r.body().contains("response.created") || r.body().contains("outcome.created"))).count() == 2);
            assertThat(http.putJson("/stories/" + pushed.reference() + "/consent", "{\"share\":\"private\"}",
                    pushed.auth()).status()).isEqualTo(200);
            Eventually.within(WITHIN, "story.withdrawn is delivered", () -> receiver.received().stream()
                    .anyMatch(r -> r.body().contains("story.withdrawn") && r.body().contains(pushed.storyId())));
            assertThat(http.postJson("/partner/stories/" + pushed.storyId() + "/deletion-confirmations", "",
                    "Authorization", "Bearer " + key).status()).isEqualTo(204);
        }

        assertThat(PERMISSIONS.refused()).as("calls the template does not allow").isEmpty();
        assertThat(PERMISSIONS.unattributed()).as("calls not made by an invoked function").isEmpty();
        assertThat(functionsCalled()).as("every function was run")
                .isEqualTo(SamTemplate.load(ProjectFiles.template()).functions().stream()
                        .map(SamTemplate.Function::logicalId).collect(Collectors.toCollection(TreeSet::new)));
    }

    private static Set<String> functionsCalled() {
        return PERMISSIONS.calls().stream().map(TablePermissions.Call::function)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void sms(String from, String text) {
        String message = Http.write(Map.of("originationNumber", from, "destinationNumber", OUR_NUMBER,
                "messageBody", text, "inboundMessageId", UUID.randomUUID().toString()));
        assertThat(client.post("/_local/sms", "application/json", ascii(message)).status()).isEqualTo(202);
    }

    private static String[] sameOrigin() {
        return new String[] {"Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin", "Accept", HTML};
    }

    private static String[] with(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] ascii(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
