package org.tellonce.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tellonce.local.SamTemplate;
import org.tellonce.testing.ProjectFiles;

/** {@code tellonce invoke FUNCTION EVENT_FILE}: the sample events of events/ run like 'sam local invoke'. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InvokeCommandIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the last invocation wrote to standard error: the SMS replies the function sent. */
    private static volatile String lastErr = "";

    @Test
    void theSubmitStoryEventIsReceivedWith201() throws Exception {
        JsonNode response = invoke("SubmitStoryFunction");

        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(201);
        assertThat(response.path("headers").path("content-type").asText()).startsWith("application/json");
        JsonNode answer = JSON.readTree(response.path("body").asText());
        assertThat(answer.path("reference").asText()).matches("TO-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}");
        assertThat(answer.path("manageToken").asText()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(answer.path("status").asText()).isEqualTo("received");
        assertThat(answer.path("duplicate").asBoolean()).isFalse();
    }

    @Test
    void theStoryFormEventIsAnsweredWithTheFormPage() throws Exception {
        JsonNode response = invoke("StoryFormFunction");

        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(200);
        assertThat(response.path("headers").path("content-type").asText()).startsWith("text/html");
        assertThat(response.path("body").asText()).contains("<form method=\"post\" action=\"/stories\"");
    }

    /** The sample asks for TO-7QK4MZ, which a fresh table does not hold: 404, as for any unknown story. */
    @Test
    void theResidentStoryEventIsNotFoundInAFreshTable() throws Exception {
        JsonNode response = invoke("ResidentStoryFunction");

        assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(404);
        assertThat(JSON.readTree(response.path("body").asText()).path("error").asText()).isEqualTo("not_found");
    }

    /**
     * Every function of template.yaml runs its events/ sample through {@code tellonce invoke} (a fresh
     * in-memory table each time) and gives the answer that event deserves in an empty table.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("templateFunctions")
    void everyFunctionRunsItsSampleEventAndGivesASensibleAnswer(String function) throws Exception {
        Consumer<String> expectation = SAMPLE_ANSWERS.get(function);
        assertThat(expectation).as("add what " + function + " should answer to its sample event").isNotNull();

        expectation.accept(invokeRaw(function));
    }

    static Stream<String> templateFunctions() {
        return SamTemplate.load(ProjectFiles.template()).functions().stream().map(SamTemplate.Function::logicalId);
    }

    private static final Map<String, Consumer<String>> SAMPLE_ANSWERS = Map.ofEntries(
            Map.entry("StoryFormFunction", out -> assertStatus(out, 200)),
            Map.entry("SubmitStoryFunction", out -> assertStatus(out, 201)),
            // The samples name TO-7QK4MZ, which a fresh table does not hold: 404, as for a wrong token.
            Map.entry("ResidentStoryFunction", out -> assertStatus(out, 404)),
            Map.entry("ConsentFunction", out -> assertStatus(out, 404)),
            Map.entry("EraseStoryFunction", out -> assertStatus(out, 404)),
            // The story page's forms: the sample's manage cookie opens no story in a fresh table.
            Map.entry("ConsentFormFunction", out -> assertStatus(out, 404)),
            Map.entry("EraseStoryFormFunction", out -> assertStatus(out, 404)),
            // The partner inbox: the sample key is not in a fresh table (sign-in page again, 401); the
            // sample session cookie is not signed with this stack's secret (the sign-in page, or 401 for a post).
            Map.entry("PartnerInboxFunction", out -> assertStatus(out, 401)),
            Map.entry("PartnerInboxResponseFunction", out -> assertStatus(out, 401)),
            // The sample key is not in a fresh table: let through marked unauthenticated, so the
            // function can answer 401 (simple responses could only deny with 403).
            Map.entry("PartnerAuthorizerFunction", out -> {
                JsonNode answer = json(out);
                assertThat(answer.has("isAuthorized")).as(out).isTrue();
                assertThat(answer.path("isAuthorized").asBoolean()).as(out).isTrue();
                assertThat(answer.path("context").path("authenticated").asText()).as(out).isEqualTo("false");
            }),
            // The authorizer context names partner "healthwatch", which a fresh table does not hold:
            // an unknown partner is refused with 401 whatever the context says.
            Map.entry("PartnerFeedFunction", out -> assertStatus(out, 401)),
            Map.entry("PartnerResponseFunction", out -> assertStatus(out, 401)),
            // The sample's staff session opens nothing in a fresh table: the page sends the person to sign in.
            Map.entry("PartnerAuditFunction", out -> assertStatus(out, 303)),
            // The moderators' decision: the sample's staff session opens nothing in a fresh table.
            Map.entry("ModerationFunction", out -> assertStatus(out, 401)),
            // A code is asked for: the same 202 whether or not the contact or the staff address is known.
            Map.entry("ResidentVerifyFunction", out -> assertStatus(out, 202)),
            Map.entry("StaffSignInFunction", out -> assertStatus(out, 202)),
            // The sample's staff session cookie opens no session in a fresh table: 401, nothing written.
            Map.entry("PartnerStaffFunction", out -> assertStatus(out, 401)),
            Map.entry("AssistedStoryFunction", out -> assertStatus(out, 401)),
            // The authorizer context names a partner a fresh table does not hold: 401, nothing written.
            Map.entry("PartnerOutcomeFunction", out -> assertStatus(out, 401)),
            // The public outcomes page: empty in a fresh table, but a page all the same.
            Map.entry("OutcomesFunction", out -> assertStatus(out, 200)),
            // The sample's bearer token opens no session in a fresh table.
            Map.entry("ResidentMeFunction", out -> assertStatus(out, 401)),
            // The form asks for a code: the page with the code field.
            Map.entry("ResidentPagesFunction", out -> assertStatus(out, 200)),
            // The story of the record is not in the fresh table: nothing to share, nothing failed.
            Map.entry("FanOutFunction", out -> assertNoBatchItemFailures(out)),
            // A fresh table has no routing questions waiting: the sweep shares nothing.
            Map.entry("SmsRoutingSweepFunction", out -> assertThat(json(out).path("shared").asInt(-1)).as(out)
                    .isZero()),
            // The story answered is not in the fresh table: no SMS, nothing failed.
            Map.entry("ResponseNotifierFunction", out -> assertNoBatchItemFailures(out)),
            // The story of the record is not in the fresh table: no alert, nothing failed.
            Map.entry("SafeguardingAlertFunction", out -> assertNoBatchItemFailures(out)),
            // No partner has a webhook in a fresh table: nothing queued, nothing failed.
            Map.entry("WebhookEventFunction", out -> assertNoBatchItemFailures(out)),
            // The partner of the event has no webhook in a fresh table: nothing sent, the message done.
            Map.entry("WebhookDeliveryFunction", out -> assertNoBatchItemFailures(out)),
            // No partner in a fresh table: no digest, no e-mail.
            Map.entry("StaffDigestFunction", out -> assertThat(json(out).path("emails").asInt(-1)).as(out).isZero()),
            // An SNS subscriber returns nothing; the reply went to the local outbox, which invoke shows apart.
            Map.entry("SmsInboundFunction", out -> {
                assertThat(out).isEqualTo("null");
                assertThat(lastErr.lines().filter(line -> line.startsWith("{")).map(InvokeCommandIntegrationTest::json)
                        .filter(m -> m.path("sms_to").asText().equals("+447700900123")).map(m -> m.path("body").asText()))
                        .anySatisfy(body -> assertThat(body).containsPattern("saved as TO-[2-9A-HJ-NP-Z]{6}"));
            }),
            // The sample carries a valid X-Twilio-Signature for local-twilio-token (see TwilioSignatureTest).
            Map.entry("TwilioWebhookFunction", out -> {
                JsonNode response = json(out);
                assertThat(response.path("statusCode").asInt()).as(out).isEqualTo(200);
                assertThat(response.path("headers").path("content-type").asText()).startsWith("text/xml");
                assertThat(response.path("body").asText())
                        .containsPattern("<Response><Message>TellOnce: thank you, your story is saved as "
                                + "TO-[2-9A-HJ-NP-Z]{6}\\.");
            }));

    private static void assertStatus(String out, int status) {
        assertThat(json(out).path("statusCode").asInt()).as(out).isEqualTo(status);
    }

    private static void assertNoBatchItemFailures(String out) {
        JsonNode answer = json(out);
        assertThat(answer.has("batchItemFailures")).as(out).isTrue();
        assertThat(answer.path("batchItemFailures")).as(out).isEmpty();
    }

    private static JsonNode json(String out) {
        try {
            return JSON.readTree(out);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }

    private static JsonNode invoke(String function) throws Exception {
        return JSON.readTree(invokeRaw(function));
    }

    private static String invokeRaw(String function) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        try {
            exit = TellOnceCommand.run("invoke", function, ProjectFiles.event(function).toString(),
                    "--template", ProjectFiles.template().toString());
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
        lastErr = capturedErr.toString(StandardCharsets.UTF_8);
        originalErr.print(lastErr);
        String out = captured.toString(StandardCharsets.UTF_8).trim();
        assertThat(exit).as(out).isZero();
        return out;
    }
}
