package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tellonce.testing.ProjectFiles;
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

    private static LocalStack start(Path data) {
        return LocalStack.start(new LocalStack.Options(0, 0, data, ProjectFiles.template(), "tellonce"));
    }
}
