package org.tellonce.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.config.Components;
import org.tellonce.testing.ProjectFiles;

/** {@code tellonce invoke FUNCTION EVENT_FILE}: the sample events of events/ run like 'sam local invoke'. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InvokeCommandIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void forgetTheInvokedEnvironment() {
        Components.reset();
    }

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

    private static JsonNode invoke(String function) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            exit = TellOnceCommand.run("invoke", function, ProjectFiles.event(function).toString(),
                    "--template", ProjectFiles.template().toString());
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8).trim();
        assertThat(exit).as(out).isZero();
        return JSON.readTree(out);
    }
}
