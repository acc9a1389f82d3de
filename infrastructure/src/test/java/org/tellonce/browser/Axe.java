package org.tellonce.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core, run inside the page by the browser test. axe-core comes from the npm registry: .ci/run
 * installs it into infrastructure/target/axe (see README); -Dtellonce.axe=FILE points elsewhere.
 */
final class Axe {
    static final String VERSION = "4.10.2";
    static final Path DEFAULT = Path.of("infrastructure/target/axe/node_modules/axe-core/axe.min.js");
    static final String MISSING = "Accessibility check skipped: axe.min.js not found. Install it with "
            + "`npm install --no-save --prefix infrastructure/target/axe axe-core@" + VERSION + "` (.ci/run does)";
    /** WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices. */
    private static final String RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values:
                ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})
              .then(r => done(JSON.stringify(r.violations)))
              .catch(e => done(JSON.stringify([{id: 'axe-failed', impact: 'critical', help: String(e), nodes: []}])));
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;

    private Axe(String source) {
        this.source = source;
    }

    static Optional<Axe> load(Path projectRoot) throws IOException {
        Path file = Optional.ofNullable(System.getProperty("tellonce.axe")).map(Path::of)
                .orElse(projectRoot.resolve(DEFAULT));
        return Files.isRegularFile(file) ? Optional.of(new Axe(Files.readString(file, StandardCharsets.UTF_8)))
                : Optional.empty();
    }

    /** The serious and critical violations on the page now open, one line each. */
    List<String> seriousViolations(WebDriver driver) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(source);
        String result = (String) js.executeAsyncScript(RUN);
        List<String> found = new ArrayList<>();
        for (JsonNode violation : JSON.readTree(result)) {
            String impact = violation.path("impact").asText();
            if (!impact.equals("serious") && !impact.equals("critical")) {
                continue;
            }
            List<String> targets = new ArrayList<>();
            violation.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
            found.add(violation.path("id").asText() + " (" + impact + "): " + violation.path("help").asText()
                    + " at " + targets);
        }
        return found;
    }
}
