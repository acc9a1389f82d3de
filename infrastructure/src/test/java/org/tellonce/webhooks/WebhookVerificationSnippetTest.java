package org.tellonce.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.Partners;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.StorySubmission;
import org.tellonce.testing.TestStack;
import org.tellonce.testing.WebhookReceiver;

/**
 * The README's verification snippets for partners (section "Webhooks (partner push)"), taken from the
 * README itself, run against a real delivery of the local stack: the Java class compiled here with the
 * JDK's compiler, the shell lines run with bash. Both must accept the request as it came and refuse it
 * with one character of the body changed, so the README cannot drift from what TellOnce sends.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebhookVerificationSnippetTest {
    private static final String JAVA_MARKER = "<!-- webhook-verify:java";
    private static final String SHELL_MARKER = "<!-- webhook-verify:sh";

    private static LocalStack stack;
    private static WebhookReceiver receiver;
    private static String secret;
    private static WebhookReceiver.Received delivery;

    @BeforeAll
    static void aRealDelivery() {
        stack = TestStack.start();
        Http http = new Http(stack.baseUrl());
        receiver = new WebhookReceiver();
        Partners.add(stack, "snippet-trust", List.of("transport"), List.of());
        Admin.Result set = new Admin(stack).webhook("snippet-trust", receiver.url("/hooks"));
        assertThat(set.exitCode()).as(set.toString()).isZero();
        secret = set.lastLine();
        // Words beyond ASCII, so the snippets must sign the body's UTF-8 bytes as the server does.
        StorySubmission.Submitted story = StorySubmission.aStory().anonymous().topics("transport")
                .text("The 47 bus – again late; the café by the stop says it’s been weeks. Dziękuję!").submitTo(http);
        Eventually.within(Duration.ofSeconds(20), "story.shared arrives", () -> shared(story.storyId()) != null);
        delivery = shared(story.storyId());
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theReadmesJavaSnippetAcceptsARealDeliveryAndRefusesATamperedOne(@TempDir Path dir) throws Exception {
        String source = block(JAVA_MARKER, "java");
        Matcher name = Pattern.compile("public final class (\\w+)").matcher(source);
        assertThat(name.find()).as("the Java snippet declares a public class").isTrue();
        Path file = dir.resolve(name.group(1) + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK runs the tests").isNotNull();
        StringWriter errors = new StringWriter();
        boolean compiled = compiler.getTask(errors, null, null, List.of("-d", dir.toString(), "-Xlint:all", "-Werror"),
                null, compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file)).call();
        assertThat(compiled).as("the README's Java snippet compiles with the JDK alone: " + errors).isTrue();

        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            Method verify = loader.loadClass(name.group(1)).getMethod("verify", String.class, String.class,
                    String.class, String.class, String.class);
            assertThat(javaSays(verify, delivery.body())).as("the request as it came").isTrue();
            assertThat(javaSays(verify, tampered(delivery.body()))).as("one character of the body changed").isFalse();
            assertThat(javaSays(verify, delivery.body() + " ")).as("a space added").isFalse();
            assertThat(invoke(verify, "whsec_" + "A".repeat(44), header("webhook-id"), header("webhook-timestamp"),
                    header("webhook-signature"), delivery.body())).as("another secret").isFalse();
            long old = Long.parseLong(header("webhook-timestamp")) - 600;
            assertThat(invoke(verify, secret, header("webhook-id"), Long.toString(old), header("webhook-signature"),
                    delivery.body())).as("a timestamp 10 minutes old").isFalse();
        }
    }

    @Test
    void theReadmesShellSnippetAcceptsARealDeliveryAndRefusesATamperedOne(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("verify.sh");
        Files.writeString(script, block(SHELL_MARKER, "sh"), StandardCharsets.UTF_8);
        assertThat(shellSays(script, delivery.body())).as("the request as it came").isEqualTo("valid");
        assertThat(shellSays(script, tampered(delivery.body()))).as("one character of the body changed")
                .isEqualTo("invalid");
    }

    /** The fenced block of the given language that follows the marker, in the README's webhooks section. */
    private static String block(String marker, String language) throws IOException {
        String readme = Files.readString(ProjectFiles.root().resolve("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("### Webhooks (partner push)");
        assertThat(section).as("the README has its webhooks section").isNotNegative();
        int at = readme.indexOf(marker, section);
        assertThat(at).as("the README marks its " + language + " snippet with " + marker).isNotNegative();
        String open = "```" + language + "\n";
        int start = readme.indexOf(open, at);
        assertThat(start).as("a ```" + language + " block after " + marker).isNotNegative();
        int end = readme.indexOf("\n```", start + open.length());
        assertThat(end).isPositive();
        return readme.substring(start + open.length(), end + 1);
    }

    private static boolean javaSays(Method verify, String body) throws Exception {
        return invoke(verify, secret, header("webhook-id"), header("webhook-timestamp"), header("webhook-signature"),
                body);
    }

    private static boolean invoke(Method verify, Object... arguments) throws Exception {
        try {
            return (Boolean) verify.invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the README's Java snippet threw", e.getCause());
        }
    }

    private static String shellSays(Path script, String body) throws IOException, InterruptedException {
        ProcessBuilder bash = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        Map<String, String> env = bash.environment();
        env.put("secret", secret);
        env.put("id", header("webhook-id"));
        env.put("ts", header("webhook-timestamp"));
        env.put("sig", header("webhook-signature"));
        env.put("body", body);
        Process process = bash.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the shell snippet ends").isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private static String header(String name) {
        String value = delivery.header(name);
        assertThat(value).as(name).isNotBlank();
        return value;
    }

    /** The body with its first digit changed: still JSON, no longer what was signed. */
    private static String tampered(String body) {
        Matcher digit = Pattern.compile("[0-8]").matcher(body);
        assertThat(digit.find()).isTrue();
        return body.substring(0, digit.start()) + (char) (body.charAt(digit.start()) + 1) + body.substring(digit.end());
    }

    private static WebhookReceiver.Received shared(String storyId) {
        return receiver.received().stream().filter(r -> r.body().contains("\"story.shared\"")
                && r.body().contains(storyId)).findFirst().orElse(null);
    }
}
