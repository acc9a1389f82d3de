package org.tellonce.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.core.partner.PartnerChoice;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.local.LocalStack;
import org.tellonce.local.SamTemplate;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;
import org.tellonce.testing.TestPhones;

/**
 * The browser routes over plain HTTP: the manage cookie opens the resident's forms and nothing else
 * does, a form posted from another site changes nothing, and the partner inbox is served without
 * the API's Lambda authorizer (a browser has no API key to send) but only to a signed-in member of a partner's staff.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeopleFacingPagesIntegrationTest {
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final String FORM = "application/x-www-form-urlencoded";

    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        client = new StackClient(stack.baseUrl());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theBrowserRoutesAreInTheTemplateAndOnlyTheApiUsesTheAuthorizer() {
        List<SamTemplate.HttpRoute> routes = SamTemplate.load(ProjectFiles.template()).httpRoutes();
        // Staff routes that are also JSON APIs (sections 11 and 15) take the authorizer too: an API key
        // there is a partner's key, which the policy refuses (403), not a stranger (401).
        java.util.function.Predicate<SamTemplate.HttpRoute> staffApi = r -> r.path().startsWith("/partner/staff")
                || r.path().startsWith("/partner/assisted") || r.path().equals("/partner/audit")
                || r.path().equals("/partner/outcomes");
        assertThat(routes).filteredOn(r -> r.path().startsWith("/partner") && !r.path().startsWith("/partner/stories")
                        && !staffApi.test(r))
                .extracting(r -> r.method() + " " + r.path())
                .containsExactlyInAnyOrder("GET /partner", "GET /partner/export.csv", "GET /partner/inbox/{storyId}",
                        "POST /partner/inbox/{storyId}/responses", "POST /partner/inbox/{storyId}/handling",
                        "POST /partner/inbox/{storyId}/assignee", "POST /partner/inbox/{storyId}/lead")
                .allSatisfy(route -> assertThat(route).isNotNull());
        assertThat(routes).filteredOn(r -> r.path().startsWith("/partner") && !r.path().startsWith("/partner/stories")
                        && !staffApi.test(r))
                .noneMatch(SamTemplate.HttpRoute::authorized);
        assertThat(routes).filteredOn(staffApi).extracting(r -> r.method() + " " + r.path())
                .containsExactlyInAnyOrder("GET /partner/staff", "POST /partner/staff", "POST /partner/staff/disable",
                        "GET /partner/assisted", "POST /partner/assisted-stories", "GET /partner/audit",
                        "POST /partner/outcomes");
        assertThat(routes).filteredOn(staffApi).allMatch(SamTemplate.HttpRoute::authorized);
        assertThat(routes).filteredOn(r -> r.path().startsWith("/partner/stories")).allMatch(SamTemplate.HttpRoute::authorized);
        assertThat(routes).extracting(r -> r.method() + " " + r.path()).contains("POST /stories/{reference}/consent",
                "GET /stories/{reference}/erase", "POST /stories/{reference}/erase", "GET /stories/{reference}/erased",
                "PUT /stories/{reference}/consent", "DELETE /stories/{reference}");
    }

    @Test
    void theConsentAndEraseFormsAnswer404WithoutTheStorysCookie() {
        Story story = story();
        Story other = story();

        for (String cookie : List.of("", "tellonce_manage=wrong-token", other.cookie())) {
            String[] headers = cookie.isEmpty() ? sameOrigin() : concat(sameOrigin(), "Cookie", cookie);
            assertThat(client.post("/stories/" + story.reference() + "/consent", FORM,
                    ascii("consent=private"), headers).status()).isEqualTo(404);
            assertThat(client.get("/stories/" + story.reference() + "/erase", headers).status()).isEqualTo(404);
            assertThat(client.post("/stories/" + story.reference() + "/erase", FORM, ascii(""), headers).status())
                    .isEqualTo(404);
        }
        assertThat(consent(story)).isEqualTo("anonymous");
        assertThat(client.get("/stories/" + story.reference(), "Authorization", "Bearer " + story.token()).status())
                .isEqualTo(200);
    }

    @Test
    void aFormPostedFromAnotherSiteChangesNothing() {
        Story story = story();
        String[] crossSite = {"Cookie", story.cookie(), "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site",
                "Accept", HTML};

        Response consent = client.post("/stories/" + story.reference() + "/consent", FORM, ascii("consent=private"),
                crossSite);
        Response erase = client.post("/stories/" + story.reference() + "/erase", FORM, ascii(""), crossSite);

        assertThat(consent.status()).isEqualTo(403);
        assertThat(erase.status()).isEqualTo(403);
        assertThat(consent(story)).isEqualTo("anonymous");
    }

    @Test
    void theConsentFormSavesAndGoesBackToTheStoryPage() {
        Story story = story();
        Response saved = client.post("/stories/" + story.reference() + "/consent", FORM,
                ascii(FormBodies.of("consent", "private")), concat(sameOrigin(), "Cookie", story.cookie()));

        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.header("location")).contains("/stories/" + story.reference() + "?notice=consent-saved");
        assertThat(consent(story)).isEqualTo("private");

        Response identifiedWithoutContact = client.post("/stories/" + story.reference() + "/consent", FORM,
                ascii(FormBodies.of("consent", "identified")), concat(sameOrigin(), "Cookie", story.cookie()));
        assertThat(identifiedWithoutContact.status()).isEqualTo(400);
        assertThat(identifiedWithoutContact.body()).contains("There is a problem", "no contact details");
        assertThat(consent(story)).isEqualTo("private");
    }

    @Test
    void theEraseFormErasesAndForgetsTheCookie() {
        Story story = story();
        Response erased = client.post("/stories/" + story.reference() + "/erase", FORM, ascii(""),
                concat(sameOrigin(), "Cookie", story.cookie()));

        assertThat(erased.status()).isEqualTo(303);
        assertThat(erased.header("location")).contains("/stories/" + story.reference() + "/erased");
        assertThat(erased.setCookies()).anyMatch(c -> c.startsWith("tellonce_manage=;") && c.contains("Max-Age=0")
                && c.contains("Path=/stories/" + story.reference()));
        assertThat(client.get("/stories/" + story.reference(), "Authorization", "Bearer " + story.token()).status())
                .isEqualTo(404);
        Response page = client.get("/stories/" + story.reference() + "/erased", "Accept", HTML,
                "Accept-Language", "pl");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"pl\"", "Twoja historia została usunięta");
    }

    @Test
    void thePartnerInboxNeedsASignedInStaffMemberNotAnApiKey() {
        Response signIn = client.get("/partner", "Accept", HTML, "Accept-Language", "cy");
        assertThat(signIn.status()).as("no authorizer stands in front of the inbox").isEqualTo(401);
        assertThat(signIn.body()).contains("<html lang=\"cy\"", "Blwch derbyn partneriaid", "href=\"/staff/sign-in\"");

        String key = new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()))
                .add("pages-test", "Pages Test Partner", List.of("*"), List.of()).apiKey();
        assertThat(client.get("/partner/export.csv", "Authorization", "Bearer " + key).status())
                .as("an API key is not a session").isEqualTo(401);

        String cookie = staff("pages-test");
        Response inbox = client.get("/partner", "Cookie", cookie, "Accept", HTML);
        assertThat(inbox.status()).isEqualTo(200);
        assertThat(inbox.body()).contains("Inbox: Pages Test Partner", "action=\"/staff/sign-out\"");
    }

    @Test
    void signingOutEndsTheStaffSessionOnTheServerSoACopiedCookieOpensNothing() {
        new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()))
                .add("signing-out", "Signing Out Partner", List.of("*"), List.of());
        String session = staff("signing-out");
        Story story = story();

        Response signOut = client.post("/staff/sign-out", FORM, new byte[0], concat(sameOrigin(), "Cookie", session));
        assertThat(signOut.status()).isLessThan(400);

        Response inbox = client.get("/partner", "Cookie", session, "Accept", HTML);
        assertThat(inbox.status()).isEqualTo(401);
        assertThat(inbox.body()).as("the copied cookie gets the way to sign in").contains("href=\"/staff/sign-in\"")
                .doesNotContain("Inbox: Signing Out Partner");
        assertThat(client.get("/partner/export.csv", "Cookie", session).status()).isEqualTo(401);
        Response reply = client.post("/partner/inbox/" + story.storyId() + "/responses", FORM,
                ascii(FormBodies.of("text", "Thank you")), concat(sameOrigin(), "Cookie", session));
        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void theInboxSaysAContactTypedIntoTheFormIsNotVerified() {
        new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()))
                .add("unverified-contacts", "Unverified Contacts Partner", List.of("*"), List.of());
        String phone = TestPhones.next();
        Response told = client.postJson(StoryJson.aStory().contact(TestPhones.national(phone)).consent("identified")
                .json());
        assertThat(told.status()).as(told.toString()).isEqualTo(201);
        String storyPage = "/partner/inbox/" + told.json().path("storyId").asText();
        String session = staff("unverified-contacts");

        Eventually.within(Eventually.FAN_OUT, "the story in the inbox",
                () -> client.get(storyPage, "Cookie", session, "Accept", HTML).status() == 200);

        assertThat(client.get(storyPage, "Cookie", session, "Accept", HTML).body())
                .contains(phone + " (not verified: typed into the form)");
    }

    @Test
    void theStoryFormListsTheEnabledPartnersByNameEscapedAndAPostNamingAnyOtherIsAFormErrorThatStoresNothing() {
        PartnerAdmin admin = new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()));
        admin.add("form-zeta", "Zeta Community Trust", List.of("*"), List.of());
        admin.add("form-alpha", "Alpha <Advice> & Rights", List.of("health"), List.of());
        admin.add("form-closed", "Closed Community Group", List.of("*"), List.of());
        admin.setEnabled("form-closed", false);

        String form = client.get("/", "Accept", HTML).body();
        assertThat(form).contains("value=\"form-alpha\"><label for=", "Alpha &lt;Advice&gt; &amp; Rights")
                .doesNotContain("Alpha <Advice>").doesNotContain("form-closed").doesNotContain("Closed Community Group");
        assertThat(form.indexOf("Alpha &lt;Advice&gt;")).as("by name").isLessThan(form.indexOf("Zeta Community Trust"));
        assertThat(partnerIds(client.get("/", "Accept", HTML).body())).as("the same order every time")
                .isEqualTo(partnerIds(form)).containsSubsequence("form-alpha", "form-zeta");
        assertThat(client.get("/?lang=cy", "Accept", HTML).body()).as("in every language")
                .contains("Pa bartneriaid? (dewisol)", "Zeta Community Trust");

        for (String wrong : List.of("form-closed", "no-such-partner")) {
            String text = StoryTexts.unique("The library in our village is closing on Saturdays from next month.");
            Response refused = client.post("/stories", FORM, ascii(FormBodies.of("story", text, "topics", "health",
                    "consent", "anonymous", "partners", "form-zeta", "partners", wrong, "language", "en",
                    "submission", "form-partners-" + wrong)), sameOrigin());

            assertThat(refused.status()).as(wrong).isEqualTo(400);
            assertThat(refused.body()).contains("There is a problem", "href=\"#partners\"", "Choose partners from the list",
                    "aria-describedby=\"partners-hint partners-error\"")
                    .contains("value=\"form-zeta\" checked").contains(escapeHtml(text));
            assertThat(new TableItems(stack).storiesTelling(text)).as("nothing stored for " + wrong).isEmpty();
        }

        String text = StoryTexts.unique("The footpath by the canal floods every time it rains heavily.");
        Response sent = client.post("/stories", FORM, ascii(FormBodies.of("story", text, "topics", "health",
                "consent", "anonymous", "partners", "form-zeta", "language", "en", "submission", "form-partners-ok")),
                sameOrigin());
        assertThat(sent.status()).isEqualTo(303);
        var stored = new TableItems(stack).storiesTelling(text);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("partners").l()).extracting(v -> v.s()).containsExactly("form-zeta");
    }

    @Test
    void theFormsPartnerListIsKeptForAMinuteButAPostedChoiceIsCheckedAgainstThePartnersAsTheyAreNow() {
        PartnerAdmin admin = new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()));
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-03-12T14:05:00Z"));
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        };
        PartnerDirectory directory = new PartnerDirectory(new DynamoPartnerStore(stack.dynamo(), stack.table()), clock,
                PartnerDirectory.DEFAULT_TTL);
        admin.add("cache-one", "Cache One", List.of("*"), List.of());
        assertThat(directory.choices()).extracting(PartnerChoice::id).contains("cache-one");

        admin.add("cache-two", "Cache Two", List.of("*"), List.of());
        now.set(now.get().plusSeconds(59));
        assertThat(directory.choices()).as("within the minute: the kept list").extracting(PartnerChoice::id)
                .contains("cache-one").doesNotContain("cache-two");

        admin.setEnabled("cache-one", false);
        assertThat(directory.notOffered(List.of("cache-one", "cache-two", "cache-three")))
                .as("a post is checked against the store, not the kept list").containsExactly("cache-one", "cache-three");
        assertThat(directory.notOffered(List.of())).isEmpty();

        now.set(now.get().plusSeconds(61));
        assertThat(directory.choices()).extracting(PartnerChoice::id).contains("cache-two")
                .doesNotContain("cache-one");
    }

    private static List<String> partnerIds(String page) {
        return java.util.regex.Pattern.compile("name=\"partners\" value=\"([^\"]+)\"").matcher(page).results()
                .map(m -> m.group(1)).toList();
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** A responder of the partner, signed in with the e-mailed code: their Cookie header's value. */
    private static String staff(String partnerId) {
        return new StaffMembers(stack, new Admin(stack)).addAndSignIn("responder@" + partnerId + ".example",
                "Pat Responder", "responder", partnerId);
    }

    private record Story(String reference, String token, String storyId) {
        String cookie() {
            return "tellonce_manage=" + token;
        }
    }

    private static Story story() {
        JsonNode answer = client.postJson(StoryJson.aStory().topics("health").consent("anonymous").json()).json();
        return new Story(answer.path("reference").asText(), answer.path("manageToken").asText(),
                answer.path("storyId").asText());
    }

    private static String consent(Story story) {
        return client.get("/stories/" + story.reference(), "Authorization", "Bearer " + story.token())
                .json().path("consent").path("share").asText();
    }

    private static String[] sameOrigin() {
        return new String[] {"Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin", "Accept", HTML};
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] ascii(String body) {
        return body.getBytes(StandardCharsets.US_ASCII);
    }
}
