package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tellonce.testing.ProjectFiles;

/**
 * {@code tellonce local} starts moto as its child and leaves none behind when it stops, however it
 * stops; where no moto can be found or installed, it says in one line what to install.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MotoLifecycleIntegrationTest {

    @Test
    void sigtermStopsTellOnceAndItsMotoWithNoOrphan() throws Exception {
        Running local = startLocal();
        assertThat(listening(local.motoPort)).as("moto answers while TellOnce runs").isTrue();

        local.process.destroy();
        assertThat(local.process.waitFor(30, TimeUnit.SECONDS)).as("TellOnce stops on SIGTERM").isTrue();

        assertGone(local);
    }

    @Test
    void evenKill9OfTellOnceLeavesNoMotoBehind() throws Exception {
        Running local = startLocal();

        local.process.destroyForcibly();
        assertThat(local.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertGone(local);
    }

    @Test
    void withoutMotoAndWithoutPyPiTheUserIsToldInOneLineWhatToInstall(@TempDir Path project) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", project.toString());
        env.put("PIP_RETRIES", "0");
        env.put("PIP_TIMEOUT", "5");
        List<String> said = new ArrayList<>();
        List<String> command;
        try {
            command = MotoInstall.locate(project, env, said::add);
        } catch (IllegalStateException refused) {
            // No package index reachable (the build machines): one line on what to install.
            assertThat(refused.getMessage()).startsWith(MotoInstall.HOW_TO_INSTALL).doesNotContain("\n");
            assertThat(said).singleElement().asString().contains("installing moto[server]==" + MotoInstall.VERSION);
            return;
        }
        // A machine that reaches PyPI: moto was installed into the project's own virtual environment.
        assertThat(command).singleElement().asString().startsWith(project.resolve(MotoInstall.VENV).toString());
        assertThat(Files.isExecutable(Path.of(command.get(0)))).isTrue();
    }

    private record Running(Process process, int motoPort, List<ProcessHandle> descendants) {
    }

    private static Running startLocal() throws IOException, InterruptedException {
        int motoPort = LocalStack.freePort();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.tellonce.cli.TellOnceCommand", "local",
                "--in-memory", "--port", Integer.toString(LocalStack.freePort()),
                "--dynamodb-port", Integer.toString(motoPort), "--template", ProjectFiles.template().toString())
                .redirectErrorStream(true);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("Press Ctrl+C")) {
                break;
            }
        }
        assertThat(seen.toString()).as(seen.toString()).contains("TellOnce is running")
                .contains("moto " + MotoInstall.VERSION);
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // The process ended.
            }
        });
        drain.setDaemon(true);
        drain.start();
        List<ProcessHandle> descendants = process.descendants().toList();
        assertThat(descendants).as("moto runs as TellOnce's child").isNotEmpty();
        return new Running(process, motoPort, descendants);
    }

    private static void assertGone(Running local) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline
                && (local.descendants.stream().anyMatch(ProcessHandle::isAlive) || listening(local.motoPort))) {
            Thread.sleep(100);
        }
        assertThat(local.descendants).as("no process of TellOnce's is left").noneMatch(ProcessHandle::isAlive);
        assertThat(listening(local.motoPort)).as("moto's port is free again").isFalse();
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
