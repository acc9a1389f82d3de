package org.tellonce.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.core.story.Story;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StaffMembers;
import org.tellonce.testing.StoredStories;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The partner inbox as a work tool (SPEC section 11): staff open it with their session, page through
 * every shared story, search and filter it, set handling and assignee as their role allows, download
 * the filtered view, and every read and change is in the access log.
 */
class InboxWorkIntegrationTest {
    private static final int HOUSING_STORIES = 60;
    private static final Pattern STORY_ID = Pattern.compile("id=\"story-([0-9a-f-]{36})\"");
    private static final Pattern NEXT = Pattern.compile("id=\"next\" rel=\"next\" href=\"([^\"]+)\"");

    private static LocalStack stack;
    private static Http http;
    private static RawTable table;
    private static PartnerClient inboxTrust;
    private static String responder;
    private static String colleague;
    private static String reader;
    private static String moderator;
    private static String otherResponder;
    private static final List<String> housing = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        table = new RawTable(stack);
        Admin admin = new Admin(stack);
        inboxTrust = new PartnerClient(http, admin.addPartner("inbox-trust", "Inbox Trust", "housing,health", ""));
        admin.addPartner("other-trust", "Other Trust", "transport", "");
        StaffMembers staff = new StaffMembers(stack, admin);
        responder = staff.addAndSignIn("rhian@inbox-trust.example", "Rhian Responder", "responder", "inbox-trust");
        colleague = staff.addAndSignIn("sam@inbox-trust.example", "Sam Colleague", "partner-admin", "inbox-trust");
        reader = staff.addAndSignIn("rob@inbox-trust.example", "Rob Reader", "reader", "inbox-trust");
        moderator = staff.addAndSignIn("mo@partnership.example", "Mo Moderator", "moderator", null);
        otherResponder = staff.addAndSignIn("olu@other-trust.example", "Olu Other", "responder", "other-trust");
        new StoredStories(stack).anonymous(HOUSING_STORIES, "housing").stream().map(Story::storyId)
                .forEach(housing::add);
        Eventually.within(java.time.Duration.ofSeconds(90), HOUSING_STORIES + " stories shared",
                () -> table.sharedFeedEntries("inbox-trust") >= HOUSING_STORIES);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void pagingThroughTheInboxReachesEveryStoryOnce() {
        List<String> seen = new ArrayList<>();
        String href = "/partner?topic=housing";
        int pages = 0;
        while (href != null) {
            Http.Reply page = html(href, responder);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            List<String> ids = storyIds(page.body());
            assertThat(ids).hasSizeLessThanOrEqualTo(25);
            seen.addAll(ids);
            if (pages > 0) {
                assertThat(page.body()).contains("id=\"previous\"");
            }
            href = next(page.body());
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).doesNotHaveDuplicates().containsAll(housing);
        Http.Reply oldPageNumber = html("/partner?topic=housing&page=2", responder);
        assertThat(oldPageNumber.status()).as("pages are reached by their links now").isEqualTo(400);
        assertThat(oldPageNumber.body()).contains("That page does not exist", "href=\"#page\"");
        assertThat(storyIds(oldPageNumber.body())).as("the first page instead").isEqualTo(seen.subList(0, 25));
        assertThat(storyIds(html("/partner?topic=housing&page=1", responder).body())).isEqualTo(seen.subList(0, 25));
    }

    @Test
    void theInboxIsSearchedByReference() {
        Submitted story = shared(aStory().topics("health").area("LE2"));

        Http.Reply found = html("/partner?reference=" + story.reference().toLowerCase(), responder);

        assertThat(storyIds(found.body())).containsExactly(story.storyId());
        Http.Reply wrong = html("/partner?reference=TO-1", responder);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("Enter a reference like TO-7QK4MZ", "href=\"#reference\"");
    }

    @Test
    void eachFilterNarrowsTheViewAndABadValueIsExplainedNeverA500() {
        Submitted health = shared(aStory().topics("health").area("LE5 7"));
        Submitted closed = shared(aStory().topics("health").area("LE9"));
        assertThat(postForm("/partner/inbox/" + closed.storyId() + "/handling", responder, "handling", "closed")
                .status()).isEqualTo(303);
        assertThat(postForm("/partner/inbox/" + health.storyId() + "/responses", responder, "text",
                "We are looking into it.").status()).isEqualTo(303);
        String today = LocalDate.now(ZoneId.of("Europe/London")).toString();

        assertThat(storyIds(html("/partner?handling=closed", responder).body())).contains(closed.storyId())
                .doesNotContain(health.storyId());
        assertThat(storyIds(html("/partner?area=le5", responder).body())).containsExactly(health.storyId());
        assertThat(storyIds(html("/partner?topic=health&area=LE9", responder).body()))
                .containsExactly(closed.storyId());
        assertThat(storyIds(html("/partner?topic=health&from=" + today + "&to=" + today, responder).body()))
                .contains(health.storyId(), closed.storyId());
        assertThat(storyIds(html("/partner?from=2999-01-01", responder).body())).isEmpty();
        assertThat(storyIds(html("/partner?to=2001-01-01", responder).body())).isEmpty();
        assertThat(storyIds(html("/partner?topic=health&unanswered=true", responder).body()))
                .contains(closed.storyId()).doesNotContain(health.storyId());
        assertThat(storyIds(html("/partner?handling=responded&topic=health", responder).body()))
                .as("a reply moves a new story to responded").contains(health.storyId());

        for (String bad : List.of("handling=done", "topic=weather", "from=yesterday", "unanswered=maybe",
                "assignee=someone", "page=-1", "before=not-a-position", "after=bm90LWEtcG9zaXRpb24")) {
            Http.Reply page = html("/partner?" + bad, responder);
            assertThat(page.status()).as(bad).isEqualTo(400);
            assertThat(page.body()).as(bad).contains("There is a problem");
        }
        Http.Reply asJson = http.get("/partner?handling=done", "cookie", responder, "accept", "application/json");
        assertThat(asJson.status()).isEqualTo(400);
        assertThat(asJson.json().path("fields").has("handling")).isTrue();
        Http.Reply positionAsJson = http.get("/partner?before=bm90LWEtcG9zaXRpb24", "cookie", responder, "accept",
                "application/json");
        assertThat(positionAsJson.status()).isEqualTo(400);
        assertThat(positionAsJson.json().path("fields").path("before").asText()).contains("not one this inbox gave you");
        Http.Reply csv = http.get("/partner/export.csv?handling=done", "cookie", responder);
        assertThat(csv.status()).isEqualTo(400);
        assertThat(csv.json().path("fields").has("handling")).isTrue();
        Http.Reply badPosition = http.get("/partner/export.csv?before=bm90LWEtcG9zaXRpb24", "cookie", responder);
        assertThat(badPosition.status()).isEqualTo(400);
        assertThat(badPosition.json().path("fields").has("before")).isTrue();
    }

    @Test
    void aResponderSetsHandlingAndAssigneeAsFormsOrJsonAndTheApiItemShowsThem() {
        Submitted story = shared(aStory().topics("health"));
        String path = "/partner/inbox/" + story.storyId();

        Http.Reply form = postForm(path + "/handling", responder, "handling", "in-progress");
        Http.Reply json = postJson(path + "/assignee", responder, "{\"email\":\"sam@inbox-trust.example\"}");

        assertThat(form.status()).isEqualTo(303);
        assertThat(form.header("location").orElseThrow()).startsWith(path);
        assertThat(json.status()).as(json.toString()).isEqualTo(200);
        assertThat(json.json().path("handling").asText()).isEqualTo("in-progress");
        assertThat(json.json().path("assignee").path("name").asText()).isEqualTo("Sam Colleague");
        JsonNode item = inboxTrust.story(story.storyId()).json();
        assertThat(item.path("handling").asText()).isEqualTo("in-progress");
        assertThat(item.path("assignee").path("name").asText()).isEqualTo("Sam Colleague");
        assertThat(item.has("chosenByResident")).isTrue();
        assertThat(html(path, responder).body()).contains("Sam Colleague", "In progress");

        assertThat(postJson(path + "/handling", responder, "{\"handling\":\"done\"}").status()).isEqualTo(400);
        assertThat(postJson(path + "/assignee", responder, "{\"email\":\"rob@inbox-trust.example\"}").status())
                .as("a reader cannot be given a story to work").isEqualTo(400);
        assertThat(postJson(path + "/assignee", responder, "{\"email\":\"olu@other-trust.example\"}").status())
                .as("another partner's staff").isEqualTo(400);
        Http.Reply unassigned = postJson(path + "/assignee", responder, "{\"email\":\"\"}");
        assertThat(unassigned.status()).isEqualTo(200);
        assertThat(unassigned.json().path("assignee").isNull()).isTrue();
        assertThat(inboxTrust.story(story.storyId()).json().path("assignee").isNull()).isTrue();
    }

    @Test
    void aReaderReadsButMayNotChangeOrReplyAndPartnershipRolesAndOtherPartnersAreRefused() {
        Submitted story = shared(aStory().topics("health"));
        String path = "/partner/inbox/" + story.storyId();

        Http.Reply readersPage = html(path, reader);
        assertThat(readersPage.status()).isEqualTo(200);
        assertThat(readersPage.body()).doesNotContain("/responses\"", "/handling\"");
        assertThat(postForm(path + "/handling", reader, "handling", "closed").status()).isEqualTo(403);
        assertThat(postJson(path + "/assignee", reader, "{\"email\":\"rob@inbox-trust.example\"}").status())
                .isEqualTo(403);
        assertThat(postForm(path + "/responses", reader, "text", "Hello").status()).isEqualTo(403);
        assertThat(html("/partner", moderator).status()).isEqualTo(403);
        assertThat(html(path, moderator).status()).isEqualTo(403);
        assertThat(html(path, otherResponder).status()).isEqualTo(404);
        assertThat(postJson(path + "/handling", otherResponder, "{\"handling\":\"closed\"}").status())
                .isEqualTo(404);
        assertThat(postForm(path + "/handling", responder, "handling", "closed", "sec-fetch-site", "cross-site")
                .status()).as("a cross-site form").isEqualTo(403);
        Http.Reply signedOut = http.get("/partner", "accept", "text/html");
        assertThat(signedOut.status()).isEqualTo(401);
        assertThat(signedOut.body()).contains("href=\"/staff/sign-in\"");
        assertThat(inboxTrust.story(story.storyId()).json().path("handling").asText()).isEqualTo("new");
    }

    @Test
    void aWithdrawnStoryIsNotFoundAndItsShareIsNotBroughtBack() {
        Submitted story = shared(aStory().topics("health"));
        String path = "/partner/inbox/" + story.storyId();
        assertThat(postForm(path + "/handling", responder, "handling", "in-progress").status()).isEqualTo(303);

        assertThat(http.putJson("/stories/" + story.reference() + "/consent", "{\"share\":\"private\"}",
                story.auth()).status()).isEqualTo(200);
        Eventually.within(Eventually.FAN_OUT, "the share taken back",
                () -> !table.shareMarkerExists(story.reference(), "inbox-trust"));

        assertThat(postForm(path + "/handling", responder, "handling", "closed").status()).isEqualTo(404);
        assertThat(postJson(path + "/assignee", responder, "{\"email\":\"rhian@inbox-trust.example\"}").status())
                .isEqualTo(404);
        assertThat(html(path, responder).status()).isEqualTo(404);
        assertThat(table.shareMarkerExists(story.reference(), "inbox-trust")).isFalse();
    }

    @Test
    void assignedToMeShowsOnlyMyStories() {
        Submitted mine = shared(aStory().topics("health"));
        Submitted theirs = shared(aStory().topics("health"));
        assertThat(postForm("/partner/inbox/" + mine.storyId() + "/assignee", responder, "email",
                "rhian@inbox-trust.example").status()).isEqualTo(303);
        assertThat(postForm("/partner/inbox/" + theirs.storyId() + "/assignee", responder, "email",
                "sam@inbox-trust.example").status()).isEqualTo(303);

        assertThat(storyIds(html("/partner?assignee=me", responder).body())).contains(mine.storyId())
                .doesNotContain(theirs.storyId());
        assertThat(storyIds(html("/partner?assignee=me", colleague).body())).contains(theirs.storyId())
                .doesNotContain(mine.storyId());
    }

    @Test
    void theCsvHoldsEveryRowOfTheFilteredViewNotOnlyAPage() {
        Http.Reply csv = http.get("/partner/export.csv?topic=housing", "cookie", responder);

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("x-tellonce-rows")).contains(Integer.toString(HOUSING_STORIES));
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).endsWith(",handling,assignee");
        assertThat(lines).hasSize(HOUSING_STORIES + 1);
        assertThat(csv.header("link")).as("nothing left for a next part").isEmpty();
        assertThat(csv.header("x-tellonce-truncated")).isEmpty();
        assertThat(housing).allMatch(id -> csv.body().contains(id));
        String someone = housing.get(0);
        Http.Reply none = http.get("/partner/export.csv?topic=housing&handling=closed", "cookie", responder);
        assertThat(none.header("x-tellonce-rows")).contains("0");
        assertThat(accessActions(referenceOf(someone))).contains("csv");
    }

    @Test
    void everyReadAndChangeInTheInboxIsInTheAccessLog() {
        Submitted story = shared(aStory().topics("health"));
        String path = "/partner/inbox/" + story.storyId();

        html("/partner?reference=" + story.reference(), reader);
        assertThat(accessActions(story.reference())).containsExactly("read");
        html(path, responder);
        postForm(path + "/handling", responder, "handling", "in-progress");
        postForm(path + "/assignee", responder, "email", "rhian@inbox-trust.example");
        postForm(path + "/responses", responder, "text", "Thank you for telling us.");

        assertThat(accessActions(story.reference())).containsExactlyInAnyOrder("read", "read", "handling", "assign",
                "reply");
        List<Map<String, AttributeValue>> entries = accessItems(story.reference());
        assertThat(entries).allMatch(e -> e.get("partnerId").s().equals("inbox-trust"))
                .allMatch(e -> e.containsKey("staffKey"));
    }

    @Test
    void theApiKeySignInOfTheInboxIsGone() {
        Http.Reply session = http.send("POST", "/partner/session", FormBodies.of("key", inboxTrust.apiKey()),
                "content-type", "application/x-www-form-urlencoded", "origin", stack.baseUrl(),
                "sec-fetch-site", "same-origin");
        Http.Reply signOut = http.send("POST", "/partner/sign-out", "", "content-type",
                "application/x-www-form-urlencoded", "origin", stack.baseUrl(), "sec-fetch-site", "same-origin");

        assertThat(session.status()).isIn(404, 405);
        assertThat(signOut.status()).isIn(404, 405);
        String[] key = Http.bearer(inboxTrust.apiKey());
        assertThat(http.get("/partner", key[0], key[1], "accept", "text/html").status())
                .as("an API key does not open the inbox").isEqualTo(401);
    }

    private static Submitted shared(org.tellonce.testing.StorySubmission submission) {
        Submitted story = submission.anonymous().submitTo(http);
        Eventually.within(java.time.Duration.ofSeconds(10), "the story shared with inbox-trust",
                () -> inboxTrust.story(story.storyId()).status() == 200);
        return story;
    }

    private static Http.Reply html(String path, String cookie) {
        return http.get(path, "cookie", cookie, "accept", "text/html");
    }

    private static Http.Reply postForm(String path, String cookie, String name, String value, String... headers) {
        List<String> all = new ArrayList<>(List.of("content-type", "application/x-www-form-urlencoded",
                "cookie", cookie, "origin", stack.baseUrl(), "accept", "text/html"));
        if (headers.length == 0) {
            all.addAll(List.of("sec-fetch-site", "same-origin"));
        }
        all.addAll(List.of(headers));
        return http.send("POST", path, FormBodies.of(name, value), all.toArray(String[]::new));
    }

    private static Http.Reply postJson(String path, String cookie, String body) {
        return http.send("POST", path, body, "content-type", "application/json", "cookie", cookie,
                "origin", stack.baseUrl(), "sec-fetch-site", "same-origin");
    }

    private static List<String> storyIds(String page) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = STORY_ID.matcher(page);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return List.copyOf(ids);
    }

    private static String next(String page) {
        Matcher m = NEXT.matcher(page);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    private static String referenceOf(String storyId) {
        return inboxTrust.story(storyId).json().path("reference").asText();
    }

    /** The story's access log entries made by staff (the API's own reads are logged too, as {@code api}). */
    private static List<Map<String, AttributeValue>> accessItems(String reference) {
        return table.storyPartition(reference).stream().filter(i -> i.get("SK").s().startsWith("ACCESS#"))
                .filter(i -> i.get("kind").s().equals("staff")).toList();
    }

    private static List<String> accessActions(String reference) {
        return accessItems(reference).stream().map(i -> i.get("action").s()).collect(Collectors.toList());
    }
}
