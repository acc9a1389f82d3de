package org.tellonce.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.sms.TwilioSignature;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Partners;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.SecurityFigures;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryJson;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Personal data at rest: after stories by web (JSON and form, with name and e-mail or phone), by SMS
 * (End User Messaging and Twilio) and a partner's response, the whole table read raw holds no story
 * text, name, e-mail, phone number or response text in the clear; those fields hold {@code enc:v1:}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DataAtRestIntegrationTest {
    private static final String NAME = "DataAtRestIntegrationTest";
    private static final String OUR_NUMBER = "+447700900000";
    private static final String JSON_TEXT = "Zorblatt clinic turned my mother away twice this winter";
    private static final String FORM_TEXT = "Quillfeather estate boiler broke and nobody came for weeks";
    private static final String SMS_TEXT = "Vextramore bus route was cut and I cannot reach work";
    private static final String TWILIO_TEXT = "Plimworth food bank closed early on Fridays";
    private static final String RESPONSE_TEXT = "Grendlewick team will call you about the clinic";
    private static final String PERSON = "Ottoline Brackenbury";
    private static final String FORM_PERSON = "Ignatius Wobblestone";
    private static final String EMAIL = "ottoline.brackenbury@example.org";
    private static final String FORM_PHONE = "+447700900731";
    private static final String SMS_PHONE = "+447700900732";
    private static final String TWILIO_PHONE = "+447700900733";
    /** Every personal value told, and the forms a phone number might take at rest. */
    private static final List<String> PERSONAL = List.of(JSON_TEXT, FORM_TEXT, SMS_TEXT, TWILIO_TEXT, RESPONSE_TEXT,
            PERSON, "Brackenbury", FORM_PERSON, "Wobblestone", EMAIL, "ottoline.brackenbury", FORM_PHONE, SMS_PHONE,
            TWILIO_PHONE, "7700900731", "7700900732", "7700900733", "07700 900731", "Zorblatt", "Quillfeather",
            "Vextramore", "Plimworth", "Grendlewick");
    private static final List<String> ENCRYPTED = List.of("text", "name", "email", "phone");

    private static LocalStack stack;

    @BeforeAll
    static void tellEverything() throws InterruptedException {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        StackClient client = new StackClient(stack.baseUrl());
        String key = Partners.add(stack, "at-rest-partner", List.of("*"), List.of());

        Response json = client.postJson(StoryJson.story(JSON_TEXT).topics("health").name(PERSON).contact(EMAIL)
                .consent("identified").json());
        assertThat(json.status()).as(json.toString()).isEqualTo(201);
        Response form = client.postForm(FormBodies.of("submission", "at-rest-1", "story", FORM_TEXT, "name", FORM_PERSON,
                "contact", "07700 900731", "consent", "identified", "topics", "housing"));
        assertThat(form.status()).isEqualTo(303);
        Response sms = client.post("/_local/sms", "application/json", ("{\"originationNumber\":\"" + SMS_PHONE
                + "\",\"destinationNumber\":\"" + OUR_NUMBER + "\",\"messageBody\":\"" + SMS_TEXT
                + "\",\"inboundMessageId\":\"at-rest-sms-1\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(sms.status()).isEqualTo(202);
        Response yes = client.post("/_local/sms", "application/json", ("{\"originationNumber\":\"" + SMS_PHONE
                + "\",\"destinationNumber\":\"" + OUR_NUMBER + "\",\"messageBody\":\"YES\","
                + "\"inboundMessageId\":\"at-rest-sms-2\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(yes.status()).isEqualTo(202);
        String url = stack.baseUrl() + "/sms/twilio";
        String signature = new TwilioSignature(stack.environment("TwilioWebhookFunction").get("TWILIO_AUTH_TOKEN")).sign(url, new TreeMap<>(
                Map.of("Body", List.of(TWILIO_TEXT), "From", List.of(TWILIO_PHONE), "MessageSid", List.of("SMatrest1"),
                        "To", List.of(OUR_NUMBER))));
        Response twilio = client.post("/sms/twilio", "application/x-www-form-urlencoded", FormBodies.of("Body",
                TWILIO_TEXT, "From", TWILIO_PHONE, "MessageSid", "SMatrest1", "To", OUR_NUMBER)
                .getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature", signature);
        assertThat(twilio.status()).isEqualTo(200);

        String storyId = json.json().path("storyId").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!client.get("/partner/stories", "Authorization", Partners.bearer(key)).body().contains(storyId)) {
            assertThat(System.nanoTime()).as("the story reaches the partner").isLessThan(deadline);
            Thread.sleep(50);
        }
        Response answered = client.post("/partner/stories/" + storyId + "/responses", "application/json",
                ("{\"text\":\"" + RESPONSE_TEXT + "\"}").getBytes(StandardCharsets.UTF_8),
                "Authorization", Partners.bearer(key));
        assertThat(answered.status()).isEqualTo(201);
        // The SMS story's share and the resident's view both read fine: the data is there, encrypted.
        Response view = client.get("/stories/" + json.json().path("reference").asText(),
                "Authorization", "Bearer " + json.json().path("manageToken").asText());
        assertThat(view.body()).contains(RESPONSE_TEXT);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRawScanOfTheWholeTableFindsNoPersonalDataInTheClear() {
        List<Map<String, AttributeValue>> items = rawItems();
        List<String> strings = new ArrayList<>();
        items.forEach(item -> item.values().forEach(v -> collect(v, strings)));

        List<String> leaks = new ArrayList<>();
        for (String value : strings) {
            for (String personal : PERSONAL) {
                if (value.toLowerCase().contains(personal.toLowerCase())) {
                    leaks.add("a value holding " + personal.length() + " characters of personal data");
                }
            }
        }
        assertThat(leaks).as("personal data in the clear").isEmpty();

        int encrypted = 0;
        for (Map<String, AttributeValue> item : items) {
            String sk = item.get("SK").s();
            if (sk.equals("STORY") || sk.startsWith("RESPONSE#")) {
                for (String field : ENCRYPTED) {
                    if (item.containsKey(field)) {
                        assertThat(item.get(field).s()).as(field + " of " + sk).startsWith(FieldCipher.PREFIX);
                        encrypted++;
                    }
                }
            }
        }
        // 4 story texts, 1 response, 2 names, 1 e-mail, 3 phones.
        assertThat(encrypted).isGreaterThanOrEqualTo(11);
        SecurityFigures.record(NAME, "items_scanned", items.size());
        SecurityFigures.record(NAME, "encrypted_fields_seen", encrypted);
        SecurityFigures.record(NAME, "plaintext_personal_values_found", leaks.size());
    }

    @Test
    void theAwsCliSeesOnlyCiphertextToo() throws IOException, InterruptedException {
        Assumptions.assumeTrue(awsCliPresent(), "the aws CLI is not installed");
        ProcessBuilder scan = new ProcessBuilder("aws", "dynamodb", "scan", "--endpoint-url", stack.dynamoEndpoint(),
                "--table-name", stack.table(), "--region", "eu-west-2", "--output", "json", "--consistent-read");
        scan.environment().put("AWS_ACCESS_KEY_ID", "local");
        scan.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        scan.environment().put("AWS_DEFAULT_REGION", "eu-west-2");
        scan.environment().put("AWS_PAGER", "");
        scan.redirectErrorStream(true);
        Process process = scan.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("aws dynamodb scan exit code").isZero();
        JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        String all = result.toString().toLowerCase();

        assertThat(result.path("Count").asInt()).as("items the CLI read").isGreaterThan(10);
        for (String personal : PERSONAL) {
            assertThat(all.contains(personal.toLowerCase())).as("a personal value of " + personal.length()
                    + " characters in the CLI's output").isFalse();
        }
        assertThat(all).contains(FieldCipher.PREFIX);
    }

    private static boolean awsCliPresent() {
        try {
            Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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

    private static void collect(AttributeValue value, List<String> into) {
        if (value.s() != null) {
            into.add(value.s());
        }
        if (value.n() != null) {
            into.add(value.n());
        }
        if (value.hasL()) {
            value.l().forEach(v -> collect(v, into));
        }
        if (value.hasM()) {
            value.m().forEach((k, v) -> {
                into.add(k);
                collect(v, into);
            });
        }
        if (value.hasSs()) {
            into.addAll(value.ss());
        }
    }
}
