package org.tellonce.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs after every unit and integration test (failsafe, after surefire): reads every test's
 * captured output and fails if any planted personal data, manage token or API key appears.
 */
class LogPrivacyIT {

    @Test
    void noPlantedPersonalDataTokenOrKeyAppearsInAnyLogOutputOfTheTestRun() throws IOException {
        Path canaries = PrivacyCanaryIntegrationTest.CANARIES;
        // A partial run (-Dtest=...) has nothing planted to look for; the whole suite always plants.
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(canaries),
                "PrivacyCanaryIntegrationTest did not run in this build (a partial run): nothing to scan for");
        List<String> secrets = Files.readAllLines(canaries, StandardCharsets.UTF_8).stream()
                .filter(s -> !s.isBlank()).toList();
        assertThat(secrets).hasSizeGreaterThan(5);

        List<Path> outputs = new ArrayList<>();
        for (Path reports : List.of(Path.of("target", "surefire-reports"), Path.of("..", "functions", "target",
                "surefire-reports"))) {
            if (Files.isDirectory(reports)) {
                try (Stream<Path> files = Files.list(reports)) {
                    files.filter(f -> f.getFileName().toString().endsWith("-output.txt")).forEach(outputs::add);
                }
            }
        }
        assertThat(outputs).as("captured test output").isNotEmpty();
        List<String> leaks = new ArrayList<>();
        for (Path output : outputs) {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    leaks.add(output.getFileName() + " contains a planted value of length " + secret.length());
                }
            }
        }
        assertThat(leaks).as("personal data in logs").isEmpty();
    }
}
