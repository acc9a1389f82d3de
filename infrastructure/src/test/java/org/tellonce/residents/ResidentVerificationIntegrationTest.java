package org.tellonce.residents;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.adapters.email.LocalEmailOutbox;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * A resident proves the contact they told their story with (SPEC section 10): a code to their e-mail
 * (the local e-mail outbox) or phone (the SMS outbox), limits on codes and tries, and one answer for
 * contacts we know and contacts we do not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ResidentVerificationIntegrationTest {
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
    void aCodeByEmailOpensASessionOnceAndOnlyTheRightCodeDoes() {
        String email = unique() + "@example.org";
        assertThat(client.postJson(StoryJson.aStory().contact(email).consent("private").json()).status()).isEqualTo(201);

        Response asked = verify(email);
        assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
        assertThat(asked.json().path("sent").asBoolean()).isTrue();
        LocalEmailOutbox.Sent mail = lastEmailTo(email);
        assertThat(mail.email().subject()).isEqualTo("Your TellOnce code");
        String code = codeIn(mail.email().text());

        Response wrong = confirm(email, otherThan(code));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("error").asText()).isEqualTo("wrong_code");

        Instant before = Instant.now();
        Response right = confirm(email, code);
        assertThat(right.status()).as(right.toString()).isEqualTo(200);
        assertThat(right.json().path("residentToken").asText()).hasSizeGreaterThanOrEqualTo(43);
        Instant expires = Instant.parse(right.json().path("expiresAt").asText());
        assertThat(Duration.between(before, expires)).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(31));

        assertThat(confirm(email, code).status()).as("a code works once").isEqualTo(400);
    }

    @Test
    void aPhoneGetsItsCodeBySmsInItsLanguage() {
        String phone = TestPhones.next();
        int before = stack.outbox().sent().size();

        Response asked = verify(phone, "\"language\":\"cy\"");

        assertThat(asked.status()).isEqualTo(202);
        List<LocalOutbox.Sent> sms = stack.outbox().sent().stream().skip(before).filter(s -> s.to().equals(phone)).toList();
        assertThat(sms).hasSize(1);
        assertThat(sms.get(0).body()).startsWith("TellOnce: eich cod yw ");
        assertThat(confirm(TestPhones.national(phone), codeIn(sms.get(0).body())).status())
                .as("the same number written another way").isEqualTo(200);
    }

    @Test
    void aContactNobodyToldAStoryWithGetsExactlyTheSameAnswer() {
        String known = unique() + "@example.org";
        client.postJson(StoryJson.aStory().contact(known).consent("private").json());
        String unknown = unique() + "@example.org";

        Response forKnown = verify(known);
        Response forUnknown = verify(unknown);

        assertThat(forUnknown.status()).isEqualTo(forKnown.status()).isEqualTo(202);
        assertThat(forUnknown.body()).isEqualTo(forKnown.body());
        assertThat(forUnknown.headers().map().keySet()).isEqualTo(forKnown.headers().map().keySet());
    }

    @Test
    void fiveCodesAnHourThen429WithRetryAfter() {
        String email = unique() + "@example.org";
        for (int i = 0; i < 5; i++) {
            assertThat(verify(email).status()).as("code " + (i + 1)).isEqualTo(202);
        }

        Response sixth = verify(email);

        assertThat(sixth.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(sixth.header("retry-after").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 3600L);
        assertThat(emailsTo(email)).as("no sixth code sent").hasSize(5);
        assertThat(verify(unique() + "@example.org").status()).as("another contact is not limited").isEqualTo(202);
    }

    @Test
    void fiveWrongTriesKillTheCode() {
        String email = unique() + "@example.org";
        verify(email);
        String code = codeIn(lastEmailTo(email).email().text());
        for (int i = 0; i < 5; i++) {
            assertThat(confirm(email, otherThan(code)).status()).isEqualTo(400);
        }

        assertThat(confirm(email, code).status()).as("the right code after five wrong ones").isEqualTo(400);
        verify(email);
        assertThat(confirm(email, codeIn(lastEmailTo(email).email().text())).status()).as("a new code works")
                .isEqualTo(200);
    }

    @Test
    void theRightCodeTypedTwiceAtOnceOpensExactlyOneSession() throws Exception {
        String email = unique() + "@example.org";
        verify(email);
        String code = codeIn(lastEmailTo(email).email().text());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return confirm(email, code).status();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(200, 400);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
    }

    @Test
    void codesAreStoredOnlyAsKeyedHashes() {
        String email = unique() + "@example.org";
        verify(email);
        String code = codeIn(lastEmailTo(email).email().text());

        String everything = stack.dynamo().scanPaginator(ScanRequest.builder().tableName(stack.table()).build())
                .items().stream().map(Object::toString).reduce("", String::concat);

        assertThat(everything).doesNotContain(email).doesNotContain("\"" + code + "\"").doesNotContain("=" + code);
    }

    @Test
    void badRequestsAreClear4xxNeverA500() {
        assertThat(post("/residents/verify", "application/json", "{\"contact\":\"not a contact\"}").status())
                .isEqualTo(400);
        assertThat(post("/residents/verify", "application/json", "{\"contact\":42}").status()).isEqualTo(400);
        assertThat(post("/residents/verify", "application/json", "{}").status()).isEqualTo(400);
        assertThat(post("/residents/verify", "application/json", "[1,2]").status()).isEqualTo(400);
        assertThat(post("/residents/verify", "application/json", "{not json").status()).isEqualTo(400);
        assertThat(post("/residents/verify", "text/plain", "{\"contact\":\"a@example.org\"}").status()).isEqualTo(415);
        assertThat(post("/residents/verify", "application/json", "{\"contact\":\"" + "a".repeat(5000) + "\"}").status())
                .isEqualTo(413);
        assertThat(post("/residents/verify/confirm", "application/json", "{\"contact\":\"a@example.org\",\"code\":\"12\"}")
                .status()).isEqualTo(400);
        assertThat(post("/residents/verify/confirm", "application/json", "{\"contact\":\"a@example.org\",\"code\":123456}")
                .status()).isEqualTo(400);
        Response noCodeAsked = post("/residents/verify/confirm", "application/json",
                "{\"contact\":\"" + unique() + "@example.org\",\"code\":\"123456\"}");
        assertThat(noCodeAsked.status()).isEqualTo(400);
        assertThat(noCodeAsked.json().path("error").asText()).isEqualTo("wrong_code");
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static Response verify(String contact, String... more) {
        String extra = more.length == 0 ? "" : "," + String.join(",", more);
        return post("/residents/verify", "application/json", "{\"contact\":\"" + contact + "\"" + extra + "}");
    }

    private static Response confirm(String contact, String code) {
        return post("/residents/verify/confirm", "application/json",
                "{\"contact\":\"" + contact + "\",\"code\":\"" + code + "\"}");
    }

    private static Response post(String path, String contentType, String body) {
        return client.post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<LocalEmailOutbox.Sent> emailsTo(String address) {
        return stack.emailOutbox().sent().stream().filter(s -> s.email().to().equals(address)).toList();
    }

    private static LocalEmailOutbox.Sent lastEmailTo(String address) {
        List<LocalEmailOutbox.Sent> sent = emailsTo(address);
        assertThat(sent).as("an e-mail to the resident").isNotEmpty();
        return sent.get(sent.size() - 1);
    }

    private static String codeIn(String text) {
        Matcher m = CODE.matcher(text);
        assertThat(m.find()).as("a 6-digit code in the message").isTrue();
        return m.group(1);
    }

    private static String otherThan(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private static String unique() {
        return "resident-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
