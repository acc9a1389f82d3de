package org.tellonce.core.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's signed Twilio request is what a developer copies first: its signing line, run by the
 * shell with openssl as written, must produce the signature TellOnce accepts for the parameters its
 * curl line sends (it once signed {@code Body=…} and got a 403).
 */
class ReadmeTwilioExampleTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void theReadmesSignedTwilioRequestCarriesAValidSignature() throws Exception {
        String block = twilioBlock();
        String url = find(block, "^URL=(\\S+)$");
        String token = find(block, "-hmac (\\S+)");
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        Matcher p = Pattern.compile("--data-urlencode \"([^=\"]+)=([^\"]*)\"").matcher(block);
        while (p.find()) {
            parameters.put(p.group(1), List.of(p.group(2)));
        }
        assertThat(parameters).containsKeys("Body", "From", "MessageSid", "To");

        String signature = runSigningLines(block);

        assertThat(new TwilioSignature(token).valid(url, parameters, signature))
                .as("README's signature %s for %s", signature, parameters).isTrue();
        assertThat(signature).isEqualTo(new TwilioSignature(token).sign(url, parameters));
    }

    private static String twilioBlock() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```sh\\n(URL=http://localhost:3000/sms/twilio\\n.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("README has the signed Twilio example").isTrue();
        return m.group(1);
    }

    private static String find(String block, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(block);
        assertThat(m.find()).as("%s in README's example", regex).isTrue();
        return m.group(1);
    }

    /** The URL= and SIG= lines exactly as README has them, then the signature they computed. */
    private static String runSigningLines(String block) throws Exception {
        assumeTrue(onPath("openssl") && onPath("base64"), "openssl and base64 are needed to run README's lines");
        String lines = block.substring(0, block.indexOf("curl "));
        Process shell = new ProcessBuilder("sh", "-c", lines + "\nprintf '%s' \"$SIG\"").redirectErrorStream(true).start();
        String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean onPath(String command) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
