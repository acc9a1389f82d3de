package org.tellonce.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.cli.TellOnceCommand;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.StackClient;

/**
 * Plants personal data ("canaries") on every path a resident's data takes — web form, JSON, SMS,
 * Twilio, bad input, consent changes, erasure, partner feed and responses — and records them, with
 * the manage tokens and API keys it saw, in target/privacy-canaries.txt. {@code LogPrivacyIT} then
 * scans every test's log output for them: none may appear.
 */
class PrivacyCanaryIntegrationTest {
    static final Path CANARIES = Path.of("target", "privacy-canaries.txt");
    private static final String TEXT = "Canarytext Zq7 my neighbour hurt me";
    private static final String NAME = "Canaryname Qx9";
    private static final String EMAIL = "canary.qx9@example.org";
    private static final String PHONE = "+447700900987";
    private static LocalStack stack;
    private static StackClient client;
    private static final List<String> secrets = new ArrayList<>(List.of(TEXT, NAME, EMAIL, PHONE, "7700900987"));

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        client = new StackClient(stack.baseUrl());
    }

    @AfterAll
    static void stop() throws IOException {
        stack.close();
        Files.createDirectories(CANARIES.getParent());
        Files.write(CANARIES, secrets, StandardCharsets.UTF_8);
    }

    @Test
    void personalDataTravelsEveryPathWithoutReachingTheLogs() throws Exception {
        String key = apiKey();
        secrets.add(key);

        var json = client.postJson("{\"story\":\"" + TEXT + " (json)\",\"topics\":[\"health\"],\"name\":\"" + NAME
                + "\",\"contact\":\"" + EMAIL + "\",\"consent\":{\"share\":\"identified\"}}", "Idempotency-Key", "canary-1");
        assertThat(json.status()).isEqualTo(201);
        String token = json.json().path("manageToken").asText();
        String reference = json.json().path("reference").asText();
        String storyId = json.json().path("storyId").asText();
        secrets.add(token);

        var form = client.postForm("story=" + enc(TEXT + " (form)") + "&name=" + enc(NAME) + "&contact=" + enc(PHONE)
                + "&consent=anonymous&topics=health");
        assertThat(form.status()).isEqualTo(303);

        // Bad input that still carries personal data.
        assertThat(client.postJson("{\"story\":\"" + TEXT + "\",\"contact\":\"" + NAME + "@@\"}").status()).isEqualTo(400);
        assertThat(client.postJson("{\"story\":\"" + TEXT + "\",\"story\":\"" + EMAIL + "\"}").status()).isEqualTo(400);
        assertThat(client.postJson("{\"story\":\"" + TEXT + "\",\"contact\":\"" + EMAIL + "\"}", "Idempotency-Key",
                "canary-1").status()).isEqualTo(422);

        // SMS, both providers.
        client.post("/_local/sms", "application/json", ("{\"originationNumber\":\"" + PHONE
                + "\",\"destinationNumber\":\"+447700900000\",\"messageBody\":\"" + TEXT + " (sms)\","
                + "\"inboundMessageId\":\"canary-sms-1\"}").getBytes(StandardCharsets.UTF_8));
        client.post("/_local/sms", "application/json", ("{\"originationNumber\":\"" + PHONE
                + "\",\"messageBody\":\"YES\",\"inboundMessageId\":\"canary-sms-2\"}").getBytes(StandardCharsets.UTF_8));
        client.post("/sms/twilio", "application/x-www-form-urlencoded",
                ("From=" + enc(PHONE) + "&Body=" + enc(TEXT) + "&MessageSid=SMcanary").getBytes(StandardCharsets.UTF_8),
                "X-Twilio-Signature", "not-valid");

        // The partner reads and answers; the resident reads, narrows, erases.
        long deadline = System.currentTimeMillis() + 3000;
        while (System.currentTimeMillis() < deadline
                && !client.get("/partner/stories", "Authorization", "Bearer " + key).body().contains(storyId)) {
            Thread.sleep(50);
        }
        assertThat(client.get("/partner/stories/" + storyId, "Authorization", "Bearer " + key).body()).contains(EMAIL);
        assertThat(client.post("/partner/stories/" + storyId + "/responses", "application/json",
                ("{\"text\":\"Reply to " + NAME + "\"}").getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + key).status()).isEqualTo(201);
        assertThat(client.get("/stories/" + reference, "Authorization", "Bearer " + token).status()).isEqualTo(200);
        assertThat(client.get("/stories/" + reference, "Authorization", "Bearer " + token + "x").status()).isEqualTo(404);
        assertThat(client.get("/partner/stories", "Authorization", "Bearer " + key + "x").status()).isEqualTo(401);
        var narrowed = client.send("PUT", "/stories/" + reference + "/consent", "application/json",
                "{\"share\":\"anonymous\",\"partners\":[]}", "Authorization", "Bearer " + token);
        assertThat(narrowed.status()).isEqualTo(200);
        assertThat(client.send("DELETE", "/stories/" + reference, null, null, "Authorization", "Bearer " + token)
                .status()).isEqualTo(204);
        Thread.sleep(500);
    }

    private String apiKey() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            TellOnceCommand.run("partners", "add", "--id", "canary-partner", "--name", "Canary Partner",
                    "--topics", "*", "--endpoint", stack.dynamoEndpoint());
        } finally {
            System.setOut(original);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
