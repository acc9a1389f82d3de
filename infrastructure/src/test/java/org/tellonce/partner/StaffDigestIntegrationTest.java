package org.tellonce.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.core.email.EmailSender;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;

/**
 * The daily digest on the local stack: partners' responders get one e-mail a day with the references
 * of the stories newly shared with their organisation, never their text or contact, and can opt out.
 */
class StaffDigestIntegrationTest {
    private static final String PARTNER = "digest-trust";
    private static final String RESPONDER = "responder@digest-trust.example";
    private static final String READER = "reader@digest-trust.example";
    private static final String QUIET = "quiet@digest-trust.example";
    private static final String RESIDENT_NAME = "Rhiannon Residentson";
    private static final String PHONE = "07700 900461";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern UNSUBSCRIBE = Pattern.compile("https?://[^\\s]+(/staff/digest/unsubscribe\\?token=[^\\s]+)");
    private static final Pattern HIDDEN_TOKEN = Pattern.compile("name=\"token\" value=\"([^\"]+)\"");

    private static LocalStack stack;
    private static Http http;
    private static StackClient client;
    private static PartnerClient partner;
    private static PartnerClient toggleTrust;
    private static StaffMembers staff;
    /** A day of its own for each run: the digest goes once per person per UTC day. */
    private static LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);

    @BeforeAll
    static void aPartnerWithAResponderAReaderAndAResponderWhoOptedOut() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        client = new StackClient(stack.baseUrl());
        Admin admin = new Admin(stack);
        partner = new PartnerClient(http, admin.addPartner(PARTNER, "Digest Trust", "housing", ""));
        admin.addPartner("elsewhere", "Elsewhere", "transport", "");
        // Its own partner, so its digest choice never counts in the other test's runs.
        toggleTrust = new PartnerClient(http, admin.addPartner("toggle-trust", "Toggle Trust", "transport", ""));
        staff = new StaffMembers(stack, admin);
        admin.addStaff(RESPONDER, "Rhys Responder", "responder", "--partner", PARTNER);
        admin.addStaff(READER, "Rosa Reader", "reader", "--partner", PARTNER);
        String quiet = staff.addAndSignIn(QUIET, "Quinn Quiet", "responder", PARTNER);
        Response optedOut = client.post("/staff/digest", "application/json",
                "{\"digest\":false}".getBytes(StandardCharsets.UTF_8), "Cookie", quiet);
        assertThat(optedOut.status()).as(optedOut.toString()).isEqualTo(200);
        assertThat(optedOut.json().path("digest").asBoolean(true)).isFalse();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theResponderGetsOneEmailADayWithReferencesOnlyAndCanOptOutFromItsLink() {
        Submitted first = sharedStory();
        Submitted second = sharedStory();

        assertThat(runDigest()).isEqualTo(1);
        List<EmailSender.Email> digests = digestsTo(RESPONDER);
        assertThat(digests).hasSize(1);
        EmailSender.Email email = digests.get(0);
        assertThat(email.subject()).isEqualTo("2 new stories shared with Digest Trust");
        assertThat(email.text()).contains(first.reference(), second.reference(), "Housing",
                stack.baseUrl() + "/partner\n", stack.baseUrl() + "/partner/inbox/" + first.storyId());
        assertThat(email.subject() + email.text()).doesNotContain(RESIDENT_NAME, "Rhiannon", PHONE, "900461",
                "damp", first.story().text(), second.story().text());
        assertThat(digestsTo(READER)).as("a reader gets no digest").isEmpty();
        assertThat(digestsTo(QUIET)).as("opted out").isEmpty();

        assertThat(runDigestAgainSameDay()).as("the same day again: nothing twice").isZero();
        assertThat(runDigest()).as("the next day: nothing new").isZero();
        assertThat(digestsTo(RESPONDER)).hasSize(1);

        Submitted third = sharedStory();
        assertThat(runDigest()).isEqualTo(1);
        List<EmailSender.Email> now = digestsTo(RESPONDER);
        assertThat(now).hasSize(2);
        assertThat(now.get(1).subject()).isEqualTo("1 new story shared with Digest Trust");
        assertThat(now.get(1).text()).contains(third.reference()).doesNotContain(first.reference(), second.reference());

        Matcher link = UNSUBSCRIBE.matcher(now.get(1).text());
        assertThat(link.find()).as(now.get(1).text()).isTrue();
        Response page = client.get(link.group(1), "Accept", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("action=\"/staff/digest/unsubscribe\"", "Stop the daily e-mail")
                .doesNotContain("<script");
        sharedStory();
        assertThat(runDigest()).as("showing the page changed nothing").isEqualTo(1);
        assertThat(digestsTo(RESPONDER)).hasSize(3);

        Matcher token = HIDDEN_TOKEN.matcher(page.body());
        assertThat(token.find()).isTrue();
        Response done = client.post("/staff/digest/unsubscribe", FORM,
                FormBodies.of("token", token.group(1)).getBytes(StandardCharsets.US_ASCII), sameOrigin());
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.body()).contains("Daily e-mail stopped");

        sharedStory();
        assertThat(runDigest()).as("no one wants it now").isZero();
        assertThat(digestsTo(RESPONDER)).hasSize(3);
        assertThat(digestsTo(READER)).isEmpty();
    }

    @Test
    void theOptOutPagesSpeakEveryLanguageAndRefuseAForgedLink() {
        String token = "a".repeat(64) + ".AAAAAAAAAAAAAAAAAAAAAA";
        for (String lang : new String[] {"en", "cy", "pl"}) {
            Response page = client.get("/staff/digest/unsubscribe?lang=" + lang + "&token=" + token, "Accept", "text/html");
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.body()).contains("<html lang=\"" + lang + "\"").doesNotContain("<form method=\"post\" action=\"/staff/digest");
        }
        Response forged = client.post("/staff/digest/unsubscribe", FORM,
                FormBodies.of("token", token).getBytes(StandardCharsets.US_ASCII), sameOrigin());
        assertThat(forged.status()).isEqualTo(400);
    }

    @Test
    void aSignedInMemberTurnsTheDigestOffAndOnFromTheStaffPage() {
        String email = "toggle@toggle-trust.example";
        String cookie = staff.addAndSignIn(email, "Tom Toggle", "partner-admin", "toggle-trust");

        Response page = client.get("/staff/sign-in", "Accept", "text/html", "Cookie", cookie);
        assertThat(page.body()).contains("action=\"/staff/digest\"", "name=\"digest\" value=\"false\"");
        Response off = client.post("/staff/digest", FORM, "digest=false".getBytes(StandardCharsets.US_ASCII),
                concat(sameOrigin(), "Cookie", cookie));
        assertThat(off.status()).isEqualTo(303);
        assertThat(off.header("location")).hasValue("/staff/sign-in?notice=digestOff");
        Response after = client.get("/staff/sign-in?notice=digestOff", "Accept", "text/html", "Cookie", cookie);
        assertThat(after.body()).contains("You will not get the daily e-mail any more.", "name=\"digest\" value=\"true\"");

        Response on = client.post("/staff/digest", "application/json", "{\"digest\":true}".getBytes(StandardCharsets.UTF_8),
                "Cookie", cookie);
        assertThat(on.status()).isEqualTo(200);
        assertThat(client.post("/staff/digest", "application/json", "{\"digest\":\"yes\"}".getBytes(StandardCharsets.UTF_8),
                "Cookie", cookie).status()).isEqualTo(400);
        assertThat(client.post("/staff/digest", "application/json", "{\"digest\":true}".getBytes(StandardCharsets.UTF_8))
                .status()).as("no session").isEqualTo(401);

        // The mail program's own unsubscribe button (RFC 8058): one POST to the header's link, from its server.
        Submitted story = aStory().topics("transport").anonymous().submitTo(http);
        Eventually.within(Eventually.FAN_OUT, "shared with toggle-trust",
                () -> toggleTrust.story(story.storyId()).status() == 200);
        runDigest();
        EmailSender.Email digest = digestsTo(email).get(0);
        String header = digest.headers().get("List-Unsubscribe");
        assertThat(header).startsWith("<" + stack.baseUrl() + "/staff/digest/unsubscribe?token=").endsWith(">");
        assertThat(digest.headers()).containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        Response oneClick = client.post(header.substring(stack.baseUrl().length() + 1, header.length() - 1), FORM,
                "List-Unsubscribe=One-Click".getBytes(StandardCharsets.US_ASCII));
        assertThat(oneClick.status()).as(oneClick.toString()).isEqualTo(200);
        assertThat(client.get("/staff/sign-in", "Accept", "text/html", "Cookie", cookie).body())
                .contains("name=\"digest\" value=\"true\"");
    }

    /** An identified housing story with a name and a phone number, once the fan-out shared it with the partner. */
    private static Submitted sharedStory() {
        Submitted story = aStory().identified().topics("housing").name(RESIDENT_NAME).contact(PHONE)
                .text("The damp in my flat is making my child ill " + System.nanoTime()).submitTo(http);
        Eventually.within(Eventually.FAN_OUT, "story shared with " + PARTNER,
                () -> partner.story(story.storyId()).status() == 200);
        return story;
    }

    /** Runs the schedule on the next day (07:00 UTC); @return how many e-mails it sent. */
    private static int runDigest() {
        day = day.plusDays(1);
        return runDigestAgainSameDay();
    }

    private static int runDigestAgainSameDay() {
        Instant at = day.atTime(7, 0).toInstant(ZoneOffset.UTC);
        Response run = client.post("/_local/schedule/StaffDigestFunction", "application/json",
                ("{\"time\":\"" + at + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json().has("emails")).as(run.toString()).isTrue();
        return run.json().path("emails").asInt();
    }

    private static List<EmailSender.Email> digestsTo(String address) {
        return stack.emailOutbox().sent().stream().map(s -> s.email())
                .filter(e -> e.to().equalsIgnoreCase(address) && e.subject().contains("shared with")).toList();
    }

    private static String[] sameOrigin() {
        return new String[] {"Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin", "Accept", "text/html"};
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
