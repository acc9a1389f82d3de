package org.tellonce.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.config.EnvNames;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.feed.FeedCursor;
import org.tellonce.core.intake.ContactParser;
import org.tellonce.core.intake.StoryValidator;
import org.tellonce.core.sharing.Redactor;
import org.tellonce.core.sms.TwilioSignature;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Topics;
import org.tellonce.handlers.intake.StoryRequestParser;
import org.tellonce.handlers.sms.SmsInboundHandler;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.FormBody;
import org.tellonce.http.Json;
import org.tellonce.local.LocalStack;
import org.tellonce.local.StreamPoller;
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
 * Seeded hostile input for every route of the local stack and every parser behind them. Each case
 * must be answered 4xx (or 2xx/3xx where the input is in fact acceptable), never 5xx; input that is
 * refused must leave nothing behind. Cases of one kind are generated from a fixed seed first, then
 * sent (four at a time); the number tried and every 5xx are printed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileInputFuzzTest {
    private static final String NAME = "HostileInputFuzzTest";
    private static final long SEED = 0x7E11_0CE5L;
    private static final String OUR_NUMBER = "+447700900000";
    private static final String[] NASTY = {"\u0000", "\u0001", "\u0007", "\u001b", "\u007f", "\u0085", "\u202e",
            "\u202d", "\u2066", "\u2067", "\u2069", "\u200f", "\u200e", "\u200b", "\ufeff", "\ud83d\ude00", "\ud800",
            "\udfff", "\"", "\\", "%", "&", "=", "+", "<script>alert(1)</script>", "'; DROP TABLE x;--", "\r\n",
            "\t", "\u0645\u0631\u062d\u0628\u0627", "\u4f60\u597d", "${jndi:ldap://x}", "../../etc/passwd", "\u00e9",
            "{{7*7}}", "\u2028", "\uffff", "\ufffd"};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC0,
            (byte) 0xAF}, {(byte) 0xC1, (byte) 0x81}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8,
            (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}};
    private static final List<String> TOPICS = List.of("health", "housing", "transport", "money", "other");

    private static LocalStack stack;
    private static StackClient client;
    private static TableItems table;
    private static FieldCipher cipher;
    private static String partnerKey;
    private static String otherKey;
    private static JsonNode shared;
    private static JsonNode mine;
    private static String partnerCursor;
    private static String otherCursor;

    private static final AtomicLong cases = new AtomicLong();
    private static final AtomicLong serverErrors = new AtomicLong();
    private static final ConcurrentLinkedQueue<String> fiveXx = new ConcurrentLinkedQueue<>();

    /** How a case must be answered. */
    private enum Expect {
        /** Anything but a 5xx: the input may be acceptable. */
        BELOW_500,
        /** A 4xx: the input is wrong by construction. */
        REFUSED
    }

    /** One generated request, and the story or response text it carries (null: none). */
    private record Case(String kind, Expect expect, String text, Supplier<Integer> send) {
    }

    /** What came of a batch: the texts of cases that were refused (they must be stored nowhere). */
    private record Outcome(List<String> wrong, List<String> refusedTexts, int accepted) {
    }

    @BeforeAll
    static void start() throws InterruptedException {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        client = new StackClient(stack.baseUrl());
        table = new TableItems(stack);
        cipher = FieldCipher.fromSecret(stack.environment("SubmitStoryFunction").get("RESIDENT_KEY_SECRET").getBytes(StandardCharsets.UTF_8));
        partnerKey = Partners.add(stack, "fuzz-partner", List.of("*"), List.of());
        otherKey = Partners.add(stack, "other-partner", List.of("*"), List.of());
        Response told = client.postJson(StoryJson.aStory().topics("health").consent("anonymous").json());
        assertThat(told.status()).isEqualTo(201);
        shared = told.json();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            Response a = client.get("/partner/stories?limit=1", "Authorization", Partners.bearer(partnerKey));
            Response b = client.get("/partner/stories?limit=1", "Authorization", Partners.bearer(otherKey));
            if (a.body().contains(shared.path("storyId").asText()) && b.body().contains(shared.path("storyId").asText())) {
                partnerCursor = a.json().path("nextCursor").asText();
                otherCursor = b.json().path("nextCursor").asText();
                break;
            }
            assertThat(System.nanoTime()).as("the shared story reaches both feeds").isLessThan(deadline);
            Thread.sleep(50);
        }
        Response private_ = client.postJson(StoryJson.aStory().contact("fuzz.mine@example.org").json());
        assertThat(private_.status()).isEqualTo(201);
        mine = private_.json();
        // From here on every write is the handlers' own, synchronous: counting items tells what was written.
        stack.streamPollers().forEach(StreamPoller::close);
    }

    @AfterAll
    static void stop() {
        SecurityFigures.record(NAME, "fuzz_cases_tried", cases.get());
        SecurityFigures.record(NAME, "fuzz_5xx_seen", serverErrors.get());
        fiveXx.forEach(f -> System.out.println("5xx: " + f));
        if (stack != null) {
            stack.close();
        }
    }

    // --- POST /stories ---------------------------------------------------------------------------

    @Test
    void jsonStoriesOfEveryShapeAreAnswered4xxOr2xxAndRefusedOnesAreStoredNowhere() {
        Random r = new Random(SEED + 1);
        List<Case> batch = new ArrayList<>();
        List<String> honeypots = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String text = storyText(r);
            String json = mutateJson(r, validJson(r, text));
            if (json.contains("\"website\"")) {
                honeypots.add(text);
            }
            byte[] body = r.nextInt(8) == 0 ? withBadUtf8(r, json) : json.getBytes(StandardCharsets.UTF_8);
            String contentType = r.nextInt(10) == 0 ? "application/json; charset=UTF-8" : "application/json";
            List<String> headers = new ArrayList<>();
            int k = r.nextInt(10);
            if (k == 0) {
                headers.addAll(List.of("Idempotency-Key", "fuzz-" + r.nextLong()));
            } else if (k == 1) {
                headers.addAll(List.of("Idempotency-Key", pick(r, List.of(" ", "a b", "x".repeat(300), "\u00e9t\u00e9",
                        "\t", "key\u007f", "ok-" + r.nextInt()))));
            }
            batch.add(new Case("json", Expect.BELOW_500, text,
                    () -> client.post("/stories", contentType, body, headers.toArray(String[]::new)).status()));
        }
        Outcome outcome = run(batch);
        List<String> mustNotBeStored = new ArrayList<>(outcome.refusedTexts());
        mustNotBeStored.addAll(honeypots);
        assertRefusedStoredNowhere(new Outcome(outcome.wrong(), mustNotBeStored, outcome.accepted()));
    }

    @Test
    void jsonThatCannotBeAStoryIsRefusedAndWritesNothing() {
        Random r = new Random(SEED + 2);
        List<Case> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String text = storyText(r);
            String valid = StoryJson.story(text).topics("health").consent("private").json();
            byte[] body = switch (i % 10) {
                case 0 -> utf8("[".repeat(17 + r.nextInt(20_000)));
                case 1 -> utf8("{\"story\":\"" + text + "\",\"topics\":" + "[".repeat(17 + r.nextInt(3000))
                        + "]".repeat(r.nextInt(40)) + "}");
                case 2 -> utf8("{\"story\":\"" + text + "\",\"area\":" + digits(r, 33 + r.nextInt(10_000)) + "}");
                case 3 -> utf8(valid.substring(0, r.nextInt(valid.length())));
                case 4 -> utf8("{\"story\":\"" + text + "\",\"story\":\"" + text + "\"}");
                case 5 -> withBadUtf8(r, valid);
                case 6 -> utf8("{\"story\":\"" + text + "\",\"pad\":\"" + "x".repeat(Math.max(0, 64 * 1024 + 1
                        - text.length() - 21)) + "\"}");
                case 7 -> utf8(pick(r, List.of("", " ", "null", "42", "\"a story as a string\"", "[]", "true",
                        "[" + valid + "]", valid + valid, valid + "x", "{\"story\":NaN}", "{'story':'x'}",
                        "/*c*/" + valid, "{\"story\":\"" + text + "\\ud800\"}")));
                case 8 -> utf8("{\"story\":\"" + text + "\",\"consent\":{\"share\":\"anonymous\",\"partners\":"
                        + "{\"a\":".repeat(20) + "1" + "}".repeat(20) + "}}");
                default -> utf8("{\"story\":\"" + text + "\u0000\u001b[2J" + "\"}");
            };
            batch.add(new Case("json-invalid", Expect.REFUSED, text,
                    () -> client.post("/stories", "application/json", body).status()));
        }
        assertNothingWritten(batch);
    }

    @Test
    void formBodiesOfEveryShapeAreAnswered4xxOr2xxAndRefusedOnesAreStoredNowhere() {
        Random r = new Random(SEED + 3);
        List<Case> batch = new ArrayList<>();
        Set<String> honeypots = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            String text = storyText(r);
            StringBuilder form = new StringBuilder("submission=fuzz-" + r.nextLong() + "&story=" + enc(text)
                    + "&consent=" + pick(r, List.of("private", "anonymous", "identified", "nonsense", "")));
            for (int t = r.nextInt(3); t > 0; t--) {
                form.append("&topics=").append(enc(pick(r, TOPICS)));
            }
            switch (r.nextInt(14)) {
                case 0 -> form.append("&story=").append(enc(text));
                case 1 -> form.append("&x=").append(pick(r, List.of("%", "%G1", "%2", "%%41", "%u0041")));
                case 2 -> form.append("&name=").append(pick(r, List.of("%C3%28", "%FF", "%C0%AF", "%ED%A0%80",
                        "%F8%88%80%80%80")));
                case 3 -> form.insert(form.indexOf("&consent"), enc(pick(r, NASTY)));
                case 4 -> {
                    form.append("&website=").append(enc("http://spam.example"));
                    honeypots.add(text);
                }
                case 5 -> form.append("&f=1".repeat(201));
                case 6 -> form.append("&&&=&==&name");
                case 7 -> form.append("&contact=").append(enc(junk(r, 40)));
                case 8 -> form.append("&area=").append(enc(junk(r, 70)));
                case 9 -> form.append("&pad=").append("x".repeat(64 * 1024));
                case 10 -> form.append("&consent=private");
                case 11 -> form.append("&partners=").append(enc(junk(r, 10)));
                default -> { }
            }
            String body = form.toString();
            boolean crossSite = r.nextInt(12) == 0;
            batch.add(new Case("form", Expect.BELOW_500, text, () -> crossSite
                    ? client.postForm(body, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site").status()
                    : client.postForm(body).status()));
        }
        Outcome outcome = run(batch);
        List<String> mustNotBeStored = new ArrayList<>(outcome.refusedTexts());
        mustNotBeStored.addAll(honeypots);
        assertRefusedStoredNowhere(new Outcome(outcome.wrong(), mustNotBeStored, outcome.accepted()));
    }

    @Test
    void otherMediaTypesAreRefusedAndWriteNothing() {
        Random r = new Random(SEED + 4);
        List<Case> batch = new ArrayList<>();
        List<String> types = List.of("multipart/form-data; boundary=fuzz", "text/plain", "application/xml",
                "application/octet-stream", "image/png", "application/json; charset=latin1",
                "application/json; charset=utf-16", "application/x-www-form-urlencoded; charset=shift_jis",
                "application/json-patch+json", "text/html", "application/javascript", "application/jsonx",
                "*/*", "application", ";", "application/json;charset=\"iso-8859-1\"");
        for (int i = 0; i < 80; i++) {
            String text = storyText(r);
            String type = types.get(i % types.size());
            byte[] body = type.startsWith("multipart")
                    ? utf8("--fuzz\r\nContent-Disposition: form-data; name=\"story\"\r\n\r\n" + text + "\r\n--fuzz--\r\n")
                    : utf8(r.nextBoolean() ? StoryJson.story(text).json() : "story=" + enc(text));
            boolean none = i % 20 == 19;
            batch.add(new Case("media-type", Expect.REFUSED, text,
                    () -> client.post("/stories", none ? null : type, body, "Origin", stack.baseUrl(),
                            "Sec-Fetch-Site", "same-origin").status()));
        }
        assertNothingWritten(batch);
    }

    // --- the resident's own routes -------------------------------------------------------------

    @Test
    void oddReferencesTokensAndConsentBodiesNeverOpenAStoryAndNeverBreak() {
        Random r = new Random(SEED + 5);
        String realReference = mine.path("reference").asText();
        String realToken = mine.path("manageToken").asText();
        List<Case> refused = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String reference = switch (i % 6) {
                case 0 -> realReference;
                case 1 -> realReference.toLowerCase();
                case 2 -> Reference.random(new java.security.SecureRandom()).value();
                case 3 -> enc(junk(r, 30));
                case 4 -> enc(realReference + pick(r, NASTY));
                default -> enc("x".repeat(1 + r.nextInt(2000)));
            };
            String token = switch (r.nextInt(6)) {
                case 0 -> realToken.substring(0, realToken.length() - 1) + (realToken.endsWith("A") ? "B" : "A");
                case 1 -> "";
                case 2 -> "x".repeat(201);
                case 3 -> shared.path("manageToken").asText();
                case 4 -> Base64.getUrlEncoder().encodeToString(utf8(junk(r, 40)));
                default -> realToken + "=";
            };
            String method = pick(r, List.of("GET", "PUT", "DELETE"));
            String path = "/stories/" + reference + (method.equals("PUT") ? "/consent" : "");
            String body = method.equals("PUT") ? pick(r, List.of("{\"share\":\"private\"}", junk(r, 50), "[]")) : null;
            boolean asCookie = r.nextBoolean();
            refused.add(new Case("resident-route", Expect.REFUSED, null, () -> client.send(method, path,
                    body == null ? null : "application/json", body,
                    asCookie ? "Cookie" : "Authorization", asCookie ? "tellonce_manage=" + token : "Bearer " + token)
                    .status()));
        }
        assertNothingWritten(refused);

        List<Case> consent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String body = mutateJson(r, "{\"share\":\"" + pick(r, List.of("private", "anonymous", "identified",
                    "ANONYMOUS ", "public")) + "\",\"partners\":[\"" + pick(r, List.of("fuzz-partner", "x", "A", ""))
                    + "\"]}");
            String type = r.nextInt(10) == 0 ? "text/plain" : "application/json";
            consent.add(new Case("consent", Expect.BELOW_500, null, () -> client.send("PUT", "/stories/"
                    + realReference + "/consent", type, body, "Authorization", "Bearer " + realToken).status()));
        }
        assertThat(run(consent).wrong()).isEmpty();
    }

    // --- the partner API -------------------------------------------------------------------------

    @Test
    void partnerCursorsLimitsKeysAndStoryIdsAreRefusedCleanly() {
        Random r = new Random(SEED + 6);
        List<Case> batch = new ArrayList<>();
        String storyId = shared.path("storyId").asText();
        for (int i = 0; i < 250; i++) {
            String key = switch (r.nextInt(8)) {
                case 0 -> partnerKey.substring(0, partnerKey.length() - 1) + (partnerKey.endsWith("A") ? "B" : "A");
                case 1 -> "tok_" + junk(r, 10).replaceAll("[^A-Za-z0-9]", "a");
                case 2 -> "";
                case 3 -> "x".repeat(1 + r.nextInt(500));
                default -> partnerKey;
            };
            String auth = r.nextInt(10) == 0 ? "Basic " + key : "Bearer " + key;
            String path = switch (i % 5) {
                case 0 -> "/partner/stories?cursor=" + enc(forgedCursor(r));
                case 1 -> "/partner/stories?limit=" + enc(pick(r, List.of("0", "-1", "101", "abc", "1e3", "50.5",
                        digits(r, 40), " 5", "5 ", "0x10", "", "%")));
                case 2 -> "/partner/stories/" + enc(pick(r, List.of(storyId + "x", storyId.toUpperCase(),
                        junk(r, 36), "..", "00000000-0000-0000-0000-000000000000", mine.path("storyId").asText())));
                case 3 -> "/partner/stories?cursor=" + enc(otherCursor);
                default -> "/partner/stories?cursor=" + enc(partnerCursor) + "&limit=" + (1 + r.nextInt(100))
                        + "&cursor=" + enc(junk(r, 5));
            };
            boolean noHeader = r.nextInt(15) == 0;
            batch.add(new Case("partner-read", Expect.BELOW_500, null,
                    () -> (noHeader ? client.get(path) : client.get(path, "Authorization", auth)).status()));
        }
        Outcome outcome = run(batch);
        assertThat(outcome.wrong()).isEmpty();
    }

    @Test
    void partnerResponsesOfEveryShapeAreAnswered4xxOr201AndRefusedOnesAreStoredNowhere() {
        Random r = new Random(SEED + 7);
        List<Case> batch = new ArrayList<>();
        String storyId = shared.path("storyId").asText();
        for (int i = 0; i < 150; i++) {
            String text = "Response " + StoryTexts.unique("we are looking into it") + (r.nextInt(4) == 0
                    ? pick(r, NASTY) : "");
            String json = mutateJson(r, "{\"text\":" + quote(text) + "}");
            String target = switch (r.nextInt(6)) {
                case 0 -> mine.path("storyId").asText();
                case 1 -> enc(junk(r, 36));
                default -> storyId;
            };
            String type = r.nextInt(10) == 0 ? "text/plain" : "application/json";
            String key = r.nextInt(10) == 0 ? otherKey + "x" : partnerKey;
            byte[] body = r.nextInt(12) == 0 ? utf8("{\"text\":\"" + "y".repeat(17_000) + "\"}") : utf8(json);
            batch.add(new Case("partner-response", Expect.BELOW_500, text, () -> client.post("/partner/stories/"
                    + target + "/responses", type, body, "Authorization", Partners.bearer(key)).status()));
        }
        Outcome outcome = run(batch);
        assertThat(outcome.wrong()).isEmpty();
        Set<String> stored = responseTexts();
        assertThat(outcome.refusedTexts()).as("refused responses that were stored anyway")
                .filteredOn(t -> stored.contains(t.strip())).isEmpty();
        assertThat(outcome.accepted()).as("some responses were fine").isPositive();
    }

    // --- SMS ------------------------------------------------------------------------------------

    @Test
    void twilioWebhooksWithoutAValidSignatureAreRefusedAndWriteNothing() {
        Random r = new Random(SEED + 8);
        List<Case> batch = new ArrayList<>();
        String url = stack.baseUrl() + "/sms/twilio";
        TwilioSignature signer = new TwilioSignature(stack.environment("TwilioWebhookFunction").get("TWILIO_AUTH_TOKEN"));
        for (int i = 0; i < 120; i++) {
            String text = storyText(r);
            String body = twilioForm(r, text);
            String signature = switch (i % 5) {
                case 0 -> null;
                case 1 -> "";
                case 2 -> Base64.getEncoder().encodeToString(utf8(junk(r, 20)));
                // Signed for another URL, or by another token.
                case 3 -> parse(body) == null ? "unsignable" : signer.sign(url + "?x=1", parse(body));
                default -> parse(body) == null ? "unsignable" : new TwilioSignature("not-the-token").sign(url, parse(body));
            };
            batch.add(new Case("twilio-unsigned", Expect.REFUSED, text, () -> (signature == null
                    ? client.post("/sms/twilio", "application/x-www-form-urlencoded", utf8(body))
                    : client.post("/sms/twilio", "application/x-www-form-urlencoded", utf8(body),
                    "X-Twilio-Signature", signature)).status()));
        }
        assertNothingWritten(batch);
    }

    @Test
    void signedTwilioWebhooksWithOddParametersAreAnswered4xxOr200() {
        Random r = new Random(SEED + 9);
        List<Case> batch = new ArrayList<>();
        String url = stack.baseUrl() + "/sms/twilio";
        TwilioSignature signer = new TwilioSignature(stack.environment("TwilioWebhookFunction").get("TWILIO_AUTH_TOKEN"));
        for (int i = 0; i < 130; i++) {
            String text = storyText(r);
            String body = twilioForm(r, text);
            Map<String, List<String>> params = parse(body);
            String signature = params == null ? "unsignable" : signer.sign(url, params);
            String type = r.nextInt(15) == 0 ? "application/json" : "application/x-www-form-urlencoded";
            batch.add(new Case("twilio-signed", Expect.BELOW_500, null, () -> client.post("/sms/twilio", type,
                    utf8(body), "X-Twilio-Signature", signature).status()));
        }
        assertThat(run(batch).wrong()).isEmpty();
    }

    @Test
    void snsMessagesOfEveryShapeOnTheLocalSmsRouteNeverBreakAndUnreadableOnesStoreNothing() {
        Random r = new Random(SEED + 10);
        List<Case> batch = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String text = storyText(r);
            boolean goodPhone = r.nextInt(3) > 0;
            String from = goodPhone ? "+4477009005" + String.format("%02d", r.nextInt(60))
                    : pick(r, List.of("", "not a number", "+", "12", junk(r, 15), "+447700900000"));
            if (!goodPhone) {
                dropped.add(text);
            }
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("originationNumber", from);
            message.put("destinationNumber", OUR_NUMBER);
            message.put("messageBody", r.nextInt(6) == 0 ? text + pick(r, NASTY) : text);
            message.put("inboundMessageId", r.nextInt(10) == 0 ? "m".repeat(201 + r.nextInt(300)) : "fuzz-" + r.nextLong());
            if (r.nextInt(8) == 0) {
                message.put(pick(r, List.of("originationNumber", "messageBody", "inboundMessageId")),
                        pick(r, List.<Object>of(1, true, List.of("x"), Map.of("a", 1))));
            }
            if (r.nextInt(8) == 0) {
                message.remove(pick(r, List.of("destinationNumber", "inboundMessageId", "messageBody")));
            }
            String json = Json.write(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(message));
            byte[] body = switch (r.nextInt(12)) {
                case 0 -> utf8(json.substring(0, r.nextInt(json.length())));
                case 1 -> withBadUtf8(r, json);
                case 2 -> utf8("[".repeat(5000));
                case 3 -> utf8(junk(r, 200));
                default -> utf8(mutateJson(r, json));
            };
            batch.add(new Case("sns", Expect.BELOW_500, null,
                    () -> client.post("/_local/sms", "application/json", body).status()));
        }
        batch.add(new Case("sns", Expect.BELOW_500, null, () -> client.get("/_local/sms").status()));
        batch.add(new Case("sns", Expect.BELOW_500, null, () -> client.get("/_local/sms/outbox?limit=abc").status()));
        Outcome outcome = run(batch);
        assertThat(outcome.wrong()).isEmpty();
        Set<String> stored = storyTexts();
        assertThat(dropped).as("messages from no phone number that were stored").filteredOn(stored::contains).isEmpty();
    }

    // --- the local stack itself -------------------------------------------------------------------

    @Test
    void tooManyOrTooLargeHeadersAreAnswered431NotDropped() {
        int port = stack.port();
        String host = "Host: localhost:" + port + "\r\n";
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 199; i++) {
            many.append("X-H").append(i).append(": a\r\n");
        }
        byte[] manyHeaders = RawHttp.bytes("GET / HTTP/1.1\r\n", host, many.toString(), "Connection: close\r\n\r\n");
        byte[] hugeHeader = RawHttp.bytes("GET / HTTP/1.1\r\n", host, "X-Big: " + "a".repeat(1024 * 1024) + "\r\n",
                "Connection: close\r\n\r\n");
        byte[] bigStory = RawHttp.bytes("POST /stories HTTP/1.1\r\n", host, "Content-Type: application/json\r\n",
                "X-Big: " + "a".repeat(20_000) + "\r\n", "Content-Length: 2\r\n", "Connection: close\r\n\r\n", "{}");
        int before = table.count();

        assertThat(RawHttp.status(port, manyHeaders)).isEqualTo(431);
        assertThat(RawHttp.status(port, hugeHeader)).isEqualTo(431);
        assertThat(RawHttp.status(port, bigStory)).isEqualTo(431);
        assertThat(table.count()).isEqualTo(before);
    }

    @Test
    void requestsNoClientShouldSendAreAnswered4xxByTheLocalStackItself() {
        int port = stack.port();
        String host = "Host: localhost:" + port + "\r\n";
        List<byte[]> raw = new ArrayList<>(List.of(
                RawHttp.bytes("GET /stories/%zz HTTP/1.1\r\n", host, "Connection: close\r\n\r\n"),
                RawHttp.bytes("GET /stories/% HTTP/1.1\r\n", host, "Connection: close\r\n\r\n"),
                RawHttp.bytes("GET /stories/TO-%C0%AF HTTP/1.1\r\n", host, "Connection: close\r\n\r\n"),
                RawHttp.bytes("GET /stories/TO-ABC%00DEF HTTP/1.1\r\n", host, "Connection: close\r\n\r\n"),
                RawHttp.bytes("GET /partner/stories/%FF%FE HTTP/1.1\r\n", host, "Authorization: Bearer x\r\n",
                        "Connection: close\r\n\r\n"),
                RawHttp.bytes("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n", host, "Connection: close\r\n\r\n"),
                RawHttp.bytes("GET //stories HTTP/1.1\r\n", host, "Connection: close\r\n\r\n"),
                RawHttp.bytes("POST /stories HTTP/1.1\r\n", host, "Content-Type: application/json\r\n",
                        "Transfer-Encoding: chunked\r\n", "Connection: close\r\n\r\n", "zz\r\nabc\r\n0\r\n\r\n"),
                RawHttp.bytes("POST /stories HTTP/1.1\r\n", host, "Content-Type: application/json\r\n",
                        "Transfer-Encoding: chunked\r\n", "Connection: close\r\n\r\n", "5\r\n{\"st"),
                RawHttp.bytes("POST /stories HTTP/1.1\r\n", host, "Content-Type: application/json\r\n",
                        "Content-Length: 100\r\n", "Connection: close\r\n\r\n", "{\"story\":"),
                RawHttp.bytes("POST /stories HTTP/1.1\r\n", host, "Content-Type: application/json\r\n",
                        "Content-Length: abc\r\n", "Connection: close\r\n\r\n", "{}"),
                RawHttp.bytes("POST /stories HTTP/1.1\r\n", host, "Content-Type: application/json\r\n",
                        "Content-Length: -5\r\n", "Connection: close\r\n\r\n", "{}"),
                RawHttp.bytes("POST /stories HTTP/1.1\r\n", host, "Content-Type: application/json\r\n",
                        "Content-Length: 2\r\n", "Content-Length: 7\r\n", "Connection: close\r\n\r\n", "{}"),
                RawHttp.bytes("GET / HTTP/1.1\r\n", host, "NoColonHeader\r\n", "Connection: close\r\n\r\n"),
                RawHttp.bytes("GET / HTTP/1.1\r\n", host, "X-Bad: a\u0000b\r\n", "Connection: close\r\n\r\n"),
                RawHttp.bytes("GET / HTTP/1.1\r\n", host, "X-Folded: a\r\n  b\r\n", "Connection: close\r\n\r\n"),
                RawHttp.bytes("GET /\u0000 HTTP/1.1\r\n", host, "Connection: close\r\n\r\n"),
                RawHttp.bytes("GET /stories/" + "a".repeat(100_000) + " HTTP/1.1\r\n", host, "Connection: close\r\n\r\n"),
                RawHttp.bytes("GARBAGE\r\n\r\n"),
                RawHttp.bytes("GET / HTTP/9.9\r\n", host, "Connection: close\r\n\r\n"),
                RawHttp.bytes("get / HTTP/1.1\r\n", host, "Connection: close\r\n\r\n"),
                RawHttp.bytes("POST /stories HTTP/1.1\r\n", host, "Content-Type: application/json\r\n",
                        "Content-Length: 12\r\n", "Connection: close\r\n\r\n", "{\"story\":\"\u00ff\u00fe\"}"),
                RawHttp.bytes("PUT /stories/TO-AAAAAA/consent HTTP/1.1\r\n", host, "Content-Type: application/json\r\n",
                        "Cookie: tellonce_manage=\u00ff; ; =; a\r\n", "Content-Length: 2\r\n", "Connection: close\r\n\r\n",
                        "{}"),
                RawHttp.bytes("GET /partner/stories?cursor=%zz&limit=%G0 HTTP/1.1\r\n", host,
                        "Authorization: Bearer " + partnerKey + "\r\n", "Connection: close\r\n\r\n"),
                RawHttp.bytes("POST /_local/sms HTTP/1.1\r\n", host, "Content-Type: application/json\r\n",
                        "Transfer-Encoding: chunked\r\n", "Connection: close\r\n\r\n", "ffffffffffffffff\r\nx")));
        List<Case> batch = new ArrayList<>();
        List<String> noAnswer = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            byte[] request = raw.get(i);
            int index = i;
            batch.add(new Case("raw-http", Expect.BELOW_500, null, () -> {
                int status = RawHttp.status(port, request);
                if (status == RawHttp.NO_ANSWER) {
                    synchronized (noAnswer) {
                        noAnswer.add("raw request " + index);
                    }
                    return 400;
                }
                return status;
            }));
        }
        int before = table.count();
        assertThat(run(batch).wrong()).isEmpty();
        assertThat(table.count()).isEqualTo(before);
        SecurityFigures.record(NAME, "raw_requests_the_jdk_server_closed_without_answer", noAnswer.size());
    }

    @Test
    void unknownRoutesAndMethodsAreNotFoundAndWriteNothing() {
        Random r = new Random(SEED + 11);
        List<Case> batch = new ArrayList<>();
        List<String> paths = List.of("/stories", "/stories/TO-AAAAAA", "/partner/stories", "/sms/twilio", "/",
                "/_local/sms");
        for (int i = 0; i < 60; i++) {
            String method = pick(r, List.of("PATCH", "OPTIONS", "TRACE", "PROPFIND", "GET", "POST", "DELETE"));
            String path = r.nextBoolean() ? pick(r, paths) + "/" + enc(junk(r, 12)) : "/" + enc(junk(r, 20));
            batch.add(new Case("unknown-route", Expect.REFUSED, null, () -> client.send(method, path,
                    "application/json", "{}", "Authorization", Partners.bearer(partnerKey)).status()));
        }
        assertNothingWritten(batch);
    }

    // --- every parser, called directly -------------------------------------------------------------

    @Test
    void everyParserRefusesGarbageWithABadRequestNeverACrash() {
        Random r = new Random(SEED + 12);
        StoryValidator validator = new StoryValidator(Topics.parse(stack.environment("SubmitStoryFunction").get(EnvNames.TOPICS)));
        FeedCursor cursors = new FeedCursor(utf8("k".repeat(32)));
        TwilioSignature twilio = new TwilioSignature("token");
        SmsInboundHandler sms = new SmsInboundHandler(stack.wiring("SmsInboundFunction"));
        List<String> crashes = new ArrayList<>();
        long direct = 0;
        for (int i = 0; i < 1000; i++) {
            String junk = junk(r, 1 + r.nextInt(300));
            byte[] bytes = r.nextBoolean() ? utf8(mutateJson(r, validJson(r, storyText(r)))) : randomBytes(r, 400);
            List<Runnable> calls = List.of(
                    () -> {
                        StoryRequestParser.Parsed parsed = StoryRequestParser.fromJson(bytes);
                        validator.validate(parsed.request());
                    },
                    () -> validator.validate(StoryRequestParser.fromForm(FormBody.parse(utf8(junk))).request()),
                    () -> FormBody.parse(bytes),
                    () -> cursors.decode("fuzz-partner", r.nextBoolean() ? junk : forgedCursor(r)),
                    () -> Reference.parse(junk),
                    () -> ContactParser.parse(junk),
                    () -> twilio.valid("https://x/sms/twilio", Map.of(junk, List.of(junk)), junk),
                    () -> Redactor.mask(r.nextBoolean() ? junk : "0" + digits(r, r.nextInt(5_000))),
                    () -> sms.handleRequest(new SNSEvent().withRecords(List.of(new SNSEvent.SNSRecord()
                            .withSns(new SNSEvent.SNS().withMessage(r.nextBoolean() ? junk
                                    : "{\"originationNumber\":" + quote(junk) + ",\"inboundMessageId\":\"\"}")))), null));
            for (Runnable call : calls) {
                direct++;
                try {
                    call.run();
                } catch (BadRequestException expected) {
                    // The 400 the handlers answer.
                } catch (RuntimeException | StackOverflowError e) {
                    crashes.add(e.getClass().getName());
                }
            }
        }
        cases.addAndGet(direct);
        SecurityFigures.record(NAME, "direct_parser_cases", direct);
        assertThat(crashes).as("parser crashes (each would be a 500)").isEmpty();
    }

    // --- running and checking -----------------------------------------------------------------------

    private static Outcome run(List<Case> batch) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (Case c : batch) {
                answers.add(pool.submit(() -> {
                    try {
                        return c.send().get();
                    } catch (IllegalArgumentException unsendable) {
                        // The JDK client refuses to send this header value at all: nothing reached the stack.
                        return 0;
                    }
                }));
            }
            List<String> wrong = new ArrayList<>();
            List<String> refusedTexts = new ArrayList<>();
            int accepted = 0;
            for (int i = 0; i < batch.size(); i++) {
                Case c = batch.get(i);
                int status = answers.get(i).get(60, TimeUnit.SECONDS);
                if (status == 0) {
                    continue;
                }
                cases.incrementAndGet();
                if (status >= 500) {
                    serverErrors.incrementAndGet();
                    fiveXx.add(c.kind() + " case " + i + " -> " + status);
                    wrong.add(c.kind() + " case " + i + " -> " + status);
                } else if (c.expect() == Expect.REFUSED && (status < 400)) {
                    wrong.add(c.kind() + " case " + i + " accepted with " + status);
                }
                if (status >= 400 && c.text() != null) {
                    refusedTexts.add(c.text());
                } else if (status < 400) {
                    accepted++;
                }
            }
            return new Outcome(wrong, refusedTexts, accepted);
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertNothingWritten(List<Case> batch) {
        int before = table.count();
        Outcome outcome = run(batch);
        assertThat(outcome.wrong()).as("cases answered 5xx or accepted").isEmpty();
        assertThat(table.count()).as("items after refused input").isEqualTo(before);
    }

    private static void assertRefusedStoredNowhere(Outcome outcome) {
        assertThat(outcome.wrong()).as("cases answered 5xx").isEmpty();
        Set<String> stored = storyTexts();
        assertThat(outcome.refusedTexts()).as("refused stories that were stored anyway")
                .filteredOn(t -> stored.contains(t.strip())).isEmpty();
    }

    private static Set<String> storyTexts() {
        Set<String> texts = new HashSet<>();
        table.stories().stream().filter(s -> s.containsKey("text")).forEach(s -> texts.add(table.textOf(s)));
        return texts;
    }

    private static Set<String> responseTexts() {
        Set<String> texts = new HashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            var page = stack.dynamo().scan(ScanRequest.builder().tableName(stack.table()).consistentRead(true)
                    .filterExpression("begins_with(SK, :r)")
                    .expressionAttributeValues(Map.of(":r", AttributeValue.fromS("RESPONSE#")))
                    .exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                texts.add(cipher.open(item.get("text").s(), item.get("PK").s() + "|" + item.get("SK").s() + "|text"));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return texts;
    }

    // --- generators --------------------------------------------------------------------------------

    private static String storyText(Random r) {
        String text = StoryTexts.unique("Fuzzed story about the bus stop near the clinic");
        return switch (r.nextInt(6)) {
            case 0 -> pick(r, NASTY) + text;
            case 1 -> text.replace(" ", pick(r, NASTY));
            default -> text;
        };
    }

    private static String validJson(Random r, String text) {
        StoryJson story = StoryJson.story(text);
        if (r.nextBoolean()) {
            story.topics(pick(r, TOPICS));
        }
        if (r.nextInt(3) == 0) {
            story.area(pick(r, List.of("LE1", "LE1 5TR", "Belgrave", "E1W", "x")));
        }
        if (r.nextInt(3) == 0) {
            story.name(pick(r, List.of("Sam", "Ana Mar\u00eda", "\u202eevil", "x".repeat(101))));
        }
        if (r.nextInt(3) == 0) {
            story.contact(pick(r, List.of("fuzz" + r.nextInt(500) + "@example.org", "07700 900" + (100 + r.nextInt(800)),
                    "not-a-contact", "+44 7700 900123")));
        }
        if (r.nextInt(4) == 0) {
            story.language(pick(r, List.of("en", "cy", "pt-BR", "english", "")));
        }
        story.consent(pick(r, List.of("private", "anonymous", "identified")), r.nextInt(5) == 0 ? "fuzz-partner" : "x");
        if (r.nextInt(20) == 0) {
            story.website("spam");
        }
        return story.json();
    }

    private static String mutateJson(Random r, String json) {
        String out = json;
        int mutations = r.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            out = switch (r.nextInt(14)) {
                case 0 -> out.replaceFirst("\"(story|topics|area|name|contact|language|consent|share|partners|text)\""
                        + ":", "\"$1\":" + pick(r, List.of("123", "-1", "1.5e308", "true", "null", "[]", "{}",
                        "[\"x\",1]", "{\"a\":{}}", "\"" + "x".repeat(6000) + "\"")) + ",\"_was\":");
                case 1 -> out.startsWith("{") ? "{\"story\":\"dup\"," + out.substring(1) : out;
                case 2 -> out.isEmpty() ? out : out.substring(0, r.nextInt(out.length()));
                case 3 -> out.startsWith("{") ? "{\"topics\":" + "[".repeat(10 + r.nextInt(3000)) + "]".repeat(r.nextInt(20))
                        + "," + out.substring(1) : out;
                case 4 -> out.startsWith("{") ? "{\"area\":" + pick(r, List.of("1" + digits(r, 40 + r.nextInt(5000)),
                        "1e99999999", "-0", "0.0000000000000000000000000001")) + "," + out.substring(1) : out;
                case 5 -> out.replaceFirst("#", java.util.regex.Matcher.quoteReplacement(pick(r, List.of("\\u0000",
                        "\\u001b", "\\u202e", "\\ud800", "\\udfff", "\\u2066", "\\ufeff", "\\\\", "\\\"")) + "#"));
                case 6 -> flip(r, out);
                case 7 -> out + pick(r, List.of("}{", ",", "]", " x", "\u0000"));
                case 8 -> "\ufeff" + out;
                case 9 -> pick(r, List.of("[" + out + "]", "\"" + out.replace("\"", "'") + "\"", "null", "42"));
                case 10 -> out.startsWith("{") ? "{\"extra\":{\"deep\":[1,2,{\"x\":null}]}," + out.substring(1) : out;
                case 11 -> out.replace("\"", "'");
                case 12 -> out.replaceFirst(":", ":NaN,\"_x\":");
                default -> out;
            };
        }
        return out;
    }

    private static byte[] withBadUtf8(Random r, String json) {
        byte[] good = utf8(json);
        int at = json.indexOf('#') > 0 ? utf8(json.substring(0, json.indexOf('#'))).length : r.nextInt(good.length + 1);
        byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(good, 0, at);
        out.writeBytes(bad);
        out.write(good, at, good.length - at);
        return out.toByteArray();
    }

    private static String twilioForm(Random r, String text) {
        StringBuilder form = new StringBuilder();
        form.append("From=").append(enc(pick(r, List.of("+447700900600", "+447700900601", OUR_NUMBER, "", "garbage",
                junk(r, 12)))));
        form.append("&To=").append(enc(OUR_NUMBER));
        form.append("&Body=").append(enc(r.nextInt(8) == 0 ? text + pick(r, NASTY) : r.nextInt(20) == 0
                ? "x".repeat(70_000) : text));
        switch (r.nextInt(8)) {
            case 0 -> { }
            case 1 -> form.append("&MessageSid=").append("S".repeat(65));
            case 2 -> form.append("&Body=second");
            case 3 -> form.append("&MessageSid=%zz");
            case 4 -> form.append("&SmsSid=").append(enc("SM" + r.nextLong()));
            case 5 -> form.append("&MessageSid=").append(enc(junk(r, 20)));
            default -> form.append("&MessageSid=").append(enc("SM" + Long.toHexString(r.nextLong())));
        }
        return form.toString();
    }

    private static Map<String, List<String>> parse(String body) {
        try {
            return FormBody.parse(utf8(body)).asMap();
        } catch (BadRequestException e) {
            return null;
        }
    }

    /** A cursor of the partner's, edited, or made up. */
    private static String forgedCursor(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> flip(r, partnerCursor);
            case 1 -> {
                String token = new String(Base64.getUrlDecoder().decode(partnerCursor), StandardCharsets.UTF_8);
                String mac = token.substring(token.lastIndexOf(':'));
                yield Base64.getUrlEncoder().withoutPadding().encodeToString(utf8("v1:" + r.nextInt(1000) + mac));
            }
            case 2 -> Base64.getUrlEncoder().withoutPadding().encodeToString(utf8("v1:" + r.nextInt(10) + ":"
                    + Base64.getUrlEncoder().encodeToString(randomBytes(r, 16))));
            case 3 -> otherCursor;
            default -> junk(r, 1 + r.nextInt(250));
        };
    }

    private static String junk(Random r, int length) {
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            s.append(r.nextInt(3) == 0 ? pick(r, NASTY) : String.valueOf((char) (32 + r.nextInt(95))));
        }
        return s.toString();
    }

    private static String flip(Random r, String s) {
        if (s.isEmpty()) {
            return s;
        }
        char[] chars = s.toCharArray();
        int at = r.nextInt(chars.length);
        chars[at] = (char) (chars[at] == 'A' ? 'B' : 'A');
        return new String(chars);
    }

    private static String digits(Random r, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + r.nextInt(10)));
        }
        return s.toString();
    }

    private static byte[] randomBytes(Random r, int max) {
        byte[] bytes = new byte[r.nextInt(max + 1)];
        r.nextBytes(bytes);
        return bytes;
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    private static String pick(Random r, String[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String quote(String s) {
        return Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
