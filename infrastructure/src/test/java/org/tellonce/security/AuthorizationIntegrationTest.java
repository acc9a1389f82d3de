package org.tellonce.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Partners;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.SecurityFigures;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Who may see and do what, beyond what the intake tests already show (wrong or missing manage token
 * is a 404; the manage token is stored as a hash; a cross-site form is a 403): partner keys, partner
 * isolation with forged cursors, manage tokens in URLs, pages and logs, and more cross-site forms.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AuthorizationIntegrationTest {
    private static final String NAME = "AuthorizationIntegrationTest";
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static LocalStack stack;
    private static StackClient client;
    private static TableItems table;
    private static String healthKey;
    private static String housingKey;
    private static JsonNode healthStory;
    private static JsonNode privateStory;

    @BeforeAll
    static void start() throws InterruptedException {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        client = new StackClient(stack.baseUrl());
        table = new TableItems(stack);
        healthKey = Partners.add(stack, "health-watch", List.of("health"), List.of());
        housingKey = Partners.add(stack, "housing-trust", List.of("housing"), List.of());
        healthStory = told(StoryJson.aStory().topics("health").consent("anonymous"));
        told(StoryJson.aStory().topics("health").consent("anonymous"));
        JsonNode housingStory = told(StoryJson.aStory().topics("housing").consent("anonymous"));
        privateStory = told(StoryJson.aStory().topics("health", "housing").consent("private"));
        awaitInFeed(healthKey, healthStory.path("storyId").asText());
        awaitInFeed(housingKey, housingStory.path("storyId").asText());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    // --- partner keys ------------------------------------------------------------------------------

    @Test
    void partnerKeysThatDifferOnlyInTheirLastCharacterAreRefused() {
        PartnerAdmin admin = Partners.admin(stack);
        List<String> nearMisses = new ArrayList<>();
        char last = healthKey.charAt(healthKey.length() - 1);
        for (char c : BASE64URL.toCharArray()) {
            if (c != last) {
                nearMisses.add(healthKey.substring(0, healthKey.length() - 1) + c);
            }
        }
        nearMisses.add(healthKey.substring(0, healthKey.length() - 1));
        nearMisses.add(healthKey + "A");
        nearMisses.add(healthKey.toUpperCase());
        nearMisses.add(" " + healthKey.substring(1));

        for (String key : nearMisses) {
            assertThat(admin.authenticate(key)).as("a near miss of a real key").isEmpty();
        }
        for (String key : nearMisses.subList(0, 8)) {
            Response feed = client.get("/partner/stories", "Authorization", Partners.bearer(key));
            assertThat(feed.status()).as(feed.toString()).isEqualTo(401);
            assertThat(feed.body()).doesNotContain(healthStory.path("storyId").asText());
        }
        assertThat(admin.authenticate(healthKey)).map(p -> p.id()).contains("health-watch");
        SecurityFigures.record(NAME, "near_miss_keys_refused", nearMisses.size());
    }

    @Test
    void hashesAreComparedWholeSoOnlyTheExactHashMatches() {
        String hash = PartnerAdmin.hashKey(healthKey);
        String lastDiffers = hash.substring(0, hash.length() - 1) + (hash.endsWith("0") ? "1" : "0");

        assertThat(Hashing.constantTimeEquals(hash, PartnerAdmin.hashKey(healthKey))).isTrue();
        assertThat(Hashing.constantTimeEquals(hash, lastDiffers)).isFalse();
        assertThat(Hashing.constantTimeEquals(hash, hash.substring(0, 63))).isFalse();
        assertThat(Hashing.constantTimeEquals(hash, null)).isFalse();
        assertThat(hash).as("only the SHA-256 is stored").hasSize(64).doesNotContain(healthKey);
        assertThat(rawStrings()).as("the key itself is stored nowhere").noneMatch(v -> v.contains(healthKey));
    }

    // --- partner isolation ------------------------------------------------------------------------

    @Test
    void aPartnerCanNeitherReadNorAnswerAStoryNotSharedWithIt() {
        String shared = healthStory.path("storyId").asText();
        String notShared = privateStory.path("storyId").asText();
        int responsesBefore = responses();

        Response otherReads = client.get("/partner/stories/" + shared, "Authorization", Partners.bearer(housingKey));
        Response otherAnswers = respond(housingKey, shared);
        Response privateRead = client.get("/partner/stories/" + notShared, "Authorization", Partners.bearer(healthKey));
        Response privateAnswer = respond(healthKey, notShared);

        assertThat(otherReads.status()).isEqualTo(404);
        assertThat(otherAnswers.status()).isEqualTo(404);
        assertThat(privateRead.status()).isEqualTo(404);
        assertThat(privateAnswer.status()).isEqualTo(404);
        assertThat(otherReads.body()).isEqualTo(privateRead.body()).doesNotContain("anonymous", "text");
        assertThat(feedIds(housingKey)).doesNotContain(shared, notShared);
        assertThat(feedIds(healthKey)).contains(shared).doesNotContain(notShared);
        assertThat(responses()).as("no response stored").isEqualTo(responsesBefore);
    }

    @Test
    void aStoryWithdrawnAfterSharingCanNoLongerBeReadOrAnswered() throws InterruptedException {
        JsonNode story = told(StoryJson.aStory().topics("health").consent("anonymous"));
        String storyId = story.path("storyId").asText();
        awaitInFeed(healthKey, storyId);

        Response withdrawn = client.send("PUT", "/stories/" + story.path("reference").asText() + "/consent",
                "application/json", "{\"share\":\"private\"}", "Authorization", "Bearer " + story.path("manageToken").asText());

        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(client.get("/partner/stories/" + storyId, "Authorization", Partners.bearer(healthKey)).status())
                .as("at once, before the fan-out removes the share").isEqualTo(404);
        assertThat(respond(healthKey, storyId).status()).isEqualTo(404);
        assertThat(feedIds(healthKey)).doesNotContain(storyId);
    }

    @Test
    void anyEditOfAPartnersCursorOrAnotherPartnersCursorIsRefused400() {
        String cursor = firstCursor(healthKey);
        String housingCursor = firstCursor(housingKey);
        byte[] original = Base64.getUrlDecoder().decode(cursor);
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < cursor.length(); i++) {
            for (char c : new char[] {'A', '_'}) {
                if (cursor.charAt(i) != c) {
                    String edited = cursor.substring(0, i) + c + cursor.substring(i + 1);
                    if (!decodesTo(edited, original)) {
                        forged.add(edited);
                    }
                }
            }
        }
        String token = new String(original, StandardCharsets.UTF_8);
        String mac = token.substring(token.lastIndexOf(':'));
        for (String seq : List.of("0", "1", "2", "3", "99", "-1", "999999999999", "1.0", "01", "+1", " 1")) {
            String edited = "v1:" + seq + mac;
            if (!edited.equals(token)) {
                forged.add(Base64.getUrlEncoder().withoutPadding().encodeToString(edited.getBytes(StandardCharsets.UTF_8)));
            }
        }
        forged.addAll(List.of(cursor.substring(0, cursor.length() - 1), cursor + "A", "", " ", cursor + cursor));

        int refused = 0;
        for (String c : forged) {
            if (c.isBlank()) {
                continue;
            }
            Response page = client.get("/partner/stories?cursor=" + c, "Authorization", Partners.bearer(healthKey));
            assertThat(page.status()).as("edited cursor " + c + ": " + page).isEqualTo(400);
            refused++;
        }
        Response crossed = client.get("/partner/stories?cursor=" + housingCursor, "Authorization",
                Partners.bearer(healthKey));
        Response crossedBack = client.get("/partner/stories?cursor=" + cursor, "Authorization",
                Partners.bearer(housingKey));
        assertThat(crossed.status()).isEqualTo(400);
        assertThat(crossedBack.status()).isEqualTo(400);
        assertThat(client.get("/partner/stories?cursor=" + cursor, "Authorization", Partners.bearer(healthKey))
                .status()).as("the genuine cursor").isEqualTo(200);
        SecurityFigures.record(NAME, "forged_cursors_refused", refused + 2);
    }

    // --- manage tokens -------------------------------------------------------------------------------

    @Test
    void manageTokensCarryAtLeast128RandomBitsAndAreStoredOnlyAsHashes() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            tokens.add(told(StoryJson.aStory()).path("manageToken").asText());
        }

        assertThat(tokens).hasSize(20);
        Set<String> stored = new HashSet<>(rawStrings());
        for (String token : tokens) {
            assertThat(Base64.getUrlDecoder().decode(token).length * 8).as("bits in a manage token")
                    .isGreaterThanOrEqualTo(128);
            assertThat(stored).as("the token itself").noneMatch(v -> v.contains(token));
            assertThat(stored).as("its SHA-256").contains(Hashing.sha256Hex(token));
        }
    }

    @Test
    void theManageTokenAppearsInNoUrlNoPageAndNoLogLine() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> secrets = new ArrayList<>();
        List<Response> answers = new ArrayList<>();
        System.setOut(new PrintStream(new Tee(out, captured), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, captured), true, StandardCharsets.UTF_8));
        try {
            Response json = client.postJson(StoryJson.aStory().topics("health").consent("anonymous").json(),
                    "Idempotency-Key", "auth-" + UUID.randomUUID());
            String token = json.json().path("manageToken").asText();
            String reference = json.json().path("reference").asText();
            secrets.add(token);
            answers.add(json);
            answers.add(client.get("/stories/" + reference, "Authorization", "Bearer " + token));
            answers.add(client.get("/stories/" + reference, "Accept", HTML, "Cookie", "tellonce_manage=" + token));
            answers.add(client.get("/stories/" + reference, "Accept", HTML, "Cookie", "tellonce_manage=" + token + "x"));
            answers.add(client.send("PUT", "/stories/" + reference + "/consent", "application/json",
                    "{\"share\":\"not-a-choice\"}", "Authorization", "Bearer " + token));

            Response form = client.postForm(FormBodies.of("submission", "auth-" + UUID.randomUUID(), "story",
                    StoryTexts.unique("The underpass floods whenever it rains for more than an hour."),
                    "consent", "private"));
            Matcher cookie = Pattern.compile("tellonce_manage=([A-Za-z0-9_-]+);").matcher(
                    String.join("\n", form.setCookies()));
            assertThat(cookie.find()).isTrue();
            String formToken = cookie.group(1);
            secrets.add(formToken);
            answers.add(form);
            String location = form.header("location").orElseThrow();
            answers.add(client.get(location, "Accept", HTML, "Cookie", "tellonce_manage=" + formToken));
            answers.add(client.postForm(FormBodies.of("story", "too short", "consent", "private")));
            answers.add(client.get("/"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        for (Response answer : answers) {
            String headers = answer.headers().map().entrySet().stream()
                    .filter(h -> !h.getKey().equalsIgnoreCase("set-cookie"))
                    .map(h -> h.getKey() + ": " + h.getValue()).reduce("", String::concat);
            for (String token : secrets) {
                assertThat(headers).as("headers other than Set-Cookie").doesNotContain(token);
                assertThat(links(answer.body())).as("links and form actions").noneMatch(l -> l.contains(token));
                assertThat(answer.setCookies()).as("cookie attributes (Path) never carry the token")
                        .allSatisfy(c -> assertThat(c.substring(c.indexOf(';'))).doesNotContain(token));
                if (answer.header("content-type").orElse("").startsWith("text/html")) {
                    assertThat(answer.body()).as("pages").doesNotContain(token);
                }
            }
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("log output of the requests").isNotEmpty();
        for (String token : secrets) {
            assertThat(logs).as("log output").doesNotContain(token);
        }
    }

    // --- cross-site forms -----------------------------------------------------------------------------

    @Test
    void formsFromSiblingSitesOtherPortsOrOtherSchemesAreRefusedAndNothingIsStored() {
        int before = table.count();
        String text = StoryTexts.unique("A story someone else's page tries to post for me.");
        String body = FormBodies.of("submission", "csrf-" + UUID.randomUUID(), "story", text, "consent", "private");
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        String host = stack.baseUrl().replace("http://", "");
        List<String[]> attempts = List.of(
                new String[] {"Sec-Fetch-Site", "same-site"},
                new String[] {"Sec-Fetch-Site", "cross-site", "Origin", stack.baseUrl()},
                new String[] {"Origin", "http://" + host.replace("localhost", "evil.localhost")},
                new String[] {"Origin", "http://localhost:1"},
                new String[] {"Origin", "https://" + host + ".evil.example"},
                new String[] {"Origin", "https://" + host},
                new String[] {"Origin", "ftp://" + host},
                new String[] {"Origin", "null", "Sec-Fetch-Site", "cross-site"});
        for (String[] headers : attempts) {
            Response answer = client.post("/stories", "application/x-www-form-urlencoded", bytes, headers);
            assertThat(answer.status()).as(String.join(" ", headers)).isEqualTo(403);
            assertThat(answer.setCookies()).isEmpty();
        }
        // What a cross-site page can send without a CORS preflight, other than a form: refused as well.
        Response plain = client.post("/stories", "text/plain", bytes, "Origin", "https://evil.example",
                "Sec-Fetch-Site", "cross-site");
        Response multipart = client.post("/stories", "multipart/form-data; boundary=x", ("--x\r\nContent-Disposition:"
                + " form-data; name=\"story\"\r\n\r\nA cross-site story\r\n--x--\r\n").getBytes(StandardCharsets.US_ASCII),
                "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
        Response preflight = client.send("OPTIONS", "/stories", null, null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");

        assertThat(plain.status()).isEqualTo(415);
        assertThat(multipart.status()).isEqualTo(415);
        assertThat(preflight.header("access-control-allow-origin")).as("no CORS grant for JSON posts").isEmpty();
        assertThat(table.storiesTelling(text)).as("the refused story").isEmpty();
        // Nothing added (the fan-out may still be removing share markers of earlier tests meanwhile).
        assertThat(table.count()).isLessThanOrEqualTo(before);
    }

    @Test
    void aStoryIsNotChangedOrErasedByAnotherSitesRequestThatCarriesOnlyTheCookie() {
        JsonNode story = told(StoryJson.aStory().consent("private"));
        String path = "/stories/" + story.path("reference").asText();
        String cookie = "tellonce_manage=" + story.path("manageToken").asText();

        Response erase = client.send("DELETE", path, null, null, "Cookie", cookie, "Sec-Fetch-Site", "cross-site");
        Response change = client.send("PUT", path + "/consent", "application/json", "{\"share\":\"anonymous\"}",
                "Cookie", cookie, "Origin", "https://evil.example");
        Response read = client.get(path, "Cookie", cookie, "Accept", "application/json");

        assertThat(erase.status()).as(erase.toString()).isEqualTo(403);
        assertThat(erase.body()).contains("cross_site");
        assertThat(change.status()).as(change.toString()).isEqualTo(403);
        assertThat(read.status()).as("the story is still there, unchanged").isEqualTo(200);
        assertThat(read.json().path("consent").path("share").asText()).isEqualTo("private");
        // From its own page, or with the token in the header, the same requests work.
        Response ownPage = client.send("PUT", path + "/consent", "application/json", "{\"share\":\"anonymous\"}",
                "Cookie", cookie, "Sec-Fetch-Site", "same-origin");
        Response withToken = client.send("DELETE", path, null, null, "Authorization",
                "Bearer " + story.path("manageToken").asText(), "Sec-Fetch-Site", "cross-site");
        assertThat(ownPage.status()).as(ownPage.toString()).isEqualTo(200);
        assertThat(withToken.status()).as(withToken.toString()).isEqualTo(204);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static JsonNode told(StoryJson story) {
        Response answer = client.postJson(story.json());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json();
    }

    private static void awaitInFeed(String key, String storyId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!feedIds(key).contains(storyId)) {
            assertThat(System.nanoTime()).as("the story reaches the feed").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static List<String> feedIds(String key) {
        List<String> ids = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int page = 0; page < 50; page++) {
            Response answer = client.get("/partner/stories?limit=100" + cursor.map(c -> "&cursor=" + c).orElse(""),
                    "Authorization", Partners.bearer(key));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            answer.json().path("items").forEach(item -> ids.add(item.path("storyId").asText()));
            if (answer.json().path("nextCursor").isNull()) {
                return ids;
            }
            cursor = Optional.of(answer.json().path("nextCursor").asText());
        }
        throw new AssertionError("the feed did not end");
    }

    private static String firstCursor(String key) {
        Response page = client.get("/partner/stories?limit=1", "Authorization", Partners.bearer(key));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("nextCursor").isTextual()).as(page.toString()).isTrue();
        return page.json().path("nextCursor").asText();
    }

    private static boolean decodesTo(String cursor, byte[] original) {
        try {
            return java.util.Arrays.equals(Base64.getUrlDecoder().decode(cursor), original);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Response respond(String key, String storyId) {
        return client.post("/partner/stories/" + storyId + "/responses", "application/json",
                "{\"text\":\"We would like to hear more.\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization", Partners.bearer(key));
    }

    private static int responses() {
        return (int) rawItems().stream().filter(i -> i.get("SK").s().startsWith("RESPONSE#")).count();
    }

    /** Every string anywhere in the table, read raw (no decryption). */
    private static List<String> rawStrings() {
        List<String> values = new ArrayList<>();
        for (Map<String, AttributeValue> item : rawItems()) {
            item.values().forEach(v -> collect(v, values));
        }
        return values;
    }

    private static void collect(AttributeValue value, List<String> into) {
        if (value.s() != null) {
            into.add(value.s());
        }
        if (value.hasL()) {
            value.l().forEach(v -> collect(v, into));
        }
        if (value.hasM()) {
            value.m().values().forEach(v -> collect(v, into));
        }
        if (value.hasSs()) {
            into.addAll(value.ss());
        }
    }

    private static List<Map<String, AttributeValue>> rawItems() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            var page = stack.dynamo().scan(ScanRequest.builder().tableName(stack.table()).consistentRead(true)
                    .exclusiveStartKey(start).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** Every href, src and action in a page. */
    private static List<String> links(String html) {
        List<String> links = new ArrayList<>();
        Matcher m = Pattern.compile("(?i)(href|src|action)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            links.add(m.group(2));
        }
        return links;
    }

    /** Writes to two streams: the real one (surefire keeps it) and the captured copy. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
