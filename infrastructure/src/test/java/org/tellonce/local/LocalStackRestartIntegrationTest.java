package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Partners;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;

/** {@code tellonce local --data DIR}: what was told before a restart is still there after it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalStackRestartIntegrationTest {

    @Test
    void storiesAndTheResidentKeySecretSurviveARestartOnTheSameDataFolder(@TempDir Path data) throws Exception {
        String text = StoryTexts.unique("The library closes at four on Saturdays, too early for working parents.");
        String story = StoryJson.story(text).contact("Parent@Example.org").consent("anonymous").json();
        JsonNode first;
        String secret;
        try (LocalStack stack = start(data)) {
            Response response = new StackClient(stack.baseUrl()).postJson(story);
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            first = response.json();
            Path secretFile = data.resolve(LocalStack.SECRET_FILE);
            secret = Files.readString(secretFile).trim();
            assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
            if (Files.getFileStore(secretFile).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)))
                        .as("only the owner may read the secret").isEqualTo("rw-------");
            }
        }

        try (LocalStack stack = start(data)) {
            StackClient client = new StackClient(stack.baseUrl());
            String reference = first.path("reference").asText();

            Response view = client.get("/stories/" + reference,
                    "Authorization", "Bearer " + first.path("manageToken").asText());
            Response toldAgain = client.postJson(StoryJson.story(text.toLowerCase()).contact("parent@example.org").json());

            assertThat(view.status()).as(view.toString()).isEqualTo(200);
            assertThat(view.json().path("reference").asText()).isEqualTo(reference);
            assertThat(view.json().path("consent").path("share").asText()).isEqualTo("anonymous");
            assertThat(Files.readString(data.resolve(LocalStack.SECRET_FILE)).trim()).isEqualTo(secret);
            assertThat(toldAgain.status()).as(toldAgain.toString()).isEqualTo(200);
            assertThat(toldAgain.json().path("duplicate").asBoolean()).isTrue();
            assertThat(toldAgain.json().path("reference").asText()).isEqualTo(reference);
            assertThat(new TableItems(stack).storiesTelling(text)).hasSize(1);
        }
    }

    /**
     * In AWS the stream's event source mapping keeps its place: a partner added later never receives
     * stories shared before it existed. The local stack keeps its place across a restart too (moto's
     * replay rebuilds the stream with the same sequence numbers; the poller resumes after its checkpoint).
     */
    @Test
    void aRestartNeverHandsOldStreamRecordsToTheFanOutAgain(@TempDir Path data) throws Exception {
        String oldText = StoryTexts.unique("The footpath by the canal floods every time it rains.");
        String oldReference;
        try (LocalStack stack = start(data)) {
            Partners.add(stack, "early-council", List.of("*"), List.of());
            Response told = new StackClient(stack.baseUrl()).postJson(
                    StoryJson.story(oldText).topics("environment").consent("anonymous").json());
            assertThat(told.status()).as(told.toString()).isEqualTo(201);
            oldReference = told.json().path("reference").asText();
            RawTable table = new RawTable(stack);
            Eventually.within(Eventually.FAN_OUT, "the story shared before the restart",
                    () -> table.shareMarkerExists(oldReference, "early-council"));
        }
        assertThat(data.resolve(MotoServer.RECORDING)).as("moto's recording is kept in the data folder").exists();

        try (LocalStack stack = start(data)) {
            RawTable table = new RawTable(stack);
            assertThat(table.shareMarkerExists(oldReference, "early-council")).as("restored with the data").isTrue();
            Partners.add(stack, "late-healthwatch", List.of("*"), List.of());
            Response told = new StackClient(stack.baseUrl()).postJson(
                    StoryJson.story(StoryTexts.unique("The night bus no longer stops at the hospital."))
                            .topics("transport").consent("anonymous").json());
            assertThat(told.status()).as(told.toString()).isEqualTo(201);
            String newReference = told.json().path("reference").asText();
            // The stream is in order: once the new story reached the new partner, the old records were passed.
            Eventually.within(Eventually.FAN_OUT, "the new story shared with the new partner",
                    () -> table.shareMarkerExists(newReference, "late-healthwatch"));

            assertThat(table.shareMarkerExists(oldReference, "late-healthwatch"))
                    .as("a story told before the partner existed is not handed to it by a restart").isFalse();
            assertThat(table.referencesSharedWith("late-healthwatch")).containsExactly(newReference);
        }
    }

    private static LocalStack start(Path data) {
        return LocalStack.start(new LocalStack.Options(0, 0, data, ProjectFiles.template(), "tellonce"));
    }
}
