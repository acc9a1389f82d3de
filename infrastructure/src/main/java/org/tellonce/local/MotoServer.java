package org.tellonce.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * moto ({@code moto_server}, Apache-2.0) as a child process on a port: the open-source DynamoDB and
 * DynamoDB Streams engine of the local stack, the CLI and the tests.
 *
 * <p>With a data folder, moto's own recorder keeps every request in {@value #RECORDING}; on the next
 * start the recording is compacted to the requests that changed something ({@link MotoRecording}) and
 * moto replays it, which rebuilds the tables, their items and their streams. Without a folder nothing
 * is kept.
 *
 * <p>No orphan: the child runs under a small shell that stops it when its standard input closes, which
 * happens when this JVM exits in any way (even {@code kill -9}), and in its own session, so that a
 * Ctrl+C in the terminal reaches TellOnce first and TellOnce stops moto after its own threads.
 */
public final class MotoServer implements AutoCloseable {
    /** moto's recording of the requests, in the data folder. */
    public static final String RECORDING = "moto-recording.jsonl";
    private static final String LOG = "moto.log";
    /** A file: moto started while this system property is set writes its time by action there ({@link MotoProfile}). */
    public static final String PROFILE_PROPERTY = "tellonce.motoProfile";
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    /** Runs moto, and stops it when stdin closes (the JVM went away) or on TERM/INT. */
    private static final String GUARD = "\"$@\" </dev/null & child=$!\n"
            + "trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT HUP\n"
            + "while read -r _; do :; done\n"
            + "kill $child 2>/dev/null\n"
            + "wait $child\n";

    private final Process process;
    private final int port;
    private final Path log;
    private final boolean tempLog;

    private MotoServer(Process process, int port, Path log, boolean tempLog) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.tempLog = tempLog;
    }

    /**
     * Starts moto on the port and waits until it answers; with a data folder, restores what an earlier
     * run recorded there.
     *
     * @param projectRoot where a first run installs moto if it is missing ({@link MotoInstall})
     * @param dataDir     where to keep the recording; null keeps nothing
     */
    public static MotoServer start(Path projectRoot, int port, Path dataDir) {
        return start(MotoInstall.locate(projectRoot), port, dataDir);
    }

    static MotoServer start(List<String> motoCommand, int port, Path dataDir) {
        try {
            Path log;
            boolean tempLog = dataDir == null;
            if (tempLog) {
                log = Files.createTempFile("tellonce-moto-", ".log");
            } else {
                Files.createDirectories(dataDir);
                log = dataDir.resolve(LOG);
            }
            Path recording = dataDir == null ? null : dataDir.toAbsolutePath().resolve(RECORDING);
            boolean restore = recording != null && MotoRecording.compact(recording);
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                command.add("/usr/bin/setsid");
            }
            command.addAll(List.of("/bin/sh", "-c", GUARD, "moto-guard"));
            command.addAll(motoCommand);
            command.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (recording != null) {
                builder.environment().put("MOTO_ENABLE_RECORDING", "True");
                builder.environment().put("MOTO_RECORDER_FILEPATH", recording.toString());
            }
            String profile = System.getProperty(PROFILE_PROPERTY);
            if (profile != null && !profile.isBlank()) {
                // sitecustomize.py totals where moto's time goes, by action, in this file (the bench reads it).
                builder.environment().put("TELLONCE_MOTO_PROFILE", profile);
            }
            // moto needs no credentials; keep the user's real ones out of its process.
            builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
            String pythonPath = builder.environment().get("PYTHONPATH");
            builder.environment().put("PYTHONPATH", patchFolder()
                    + (pythonPath == null || pythonPath.isBlank() ? "" : java.io.File.pathSeparator + pythonPath));
            MotoServer server = new MotoServer(builder.start(), port, log, tempLog);
            try {
                server.awaitReady();
                if (restore) {
                    server.post("/moto-api/recorder/replay-recording", Duration.ofHours(1));
                }
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("moto could not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    private static volatile Path patchFolder;

    /**
     * A folder with TellOnce's {@code sitecustomize.py} for moto's Python: transactions without copying
     * the whole table, and one DynamoDB request at a time (why: the file's comments and PERFORMANCE.md).
     */
    private static synchronized Path patchFolder() throws IOException {
        if (patchFolder == null) {
            Path folder = Files.createTempDirectory("tellonce-moto-patch-");
            Path file = folder.resolve("sitecustomize.py");
            try (var in = MotoServer.class.getResourceAsStream("moto/sitecustomize.py")) {
                if (in == null) {
                    throw new IllegalStateException("sitecustomize.py is missing from the tellonce jar");
                }
                Files.copy(in, file);
            }
            file.toFile().deleteOnExit();
            folder.toFile().deleteOnExit();
            patchFolder = folder;
        }
        return patchFolder;
    }

    /** Whether moto's Python took TellOnce's patch (it says so in its log when it starts). */
    public boolean patched() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains("tellonce: moto's DynamoDB patched");
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(endpoint() + "/moto-api/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server stopped at start on port " + port + ": " + lastLines());
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for moto", e);
            }
            sleep(50);
        }
        throw new IllegalStateException("moto_server did not answer on port " + port + " within "
                + READY_WITHIN.toSeconds() + " s: " + lastLines());
    }

    private void post(String path, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint() + path))
                .timeout(timeout).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto answered " + response.statusCode() + " to " + path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moto did not answer " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + path, e);
        }
    }

    /** The last lines moto printed (its log), for an error message. */
    private String lastLines() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops moto and waits until its port is free again. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Closing stdin is how the guard is told; TERM below does the same.
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : tree) {
            waitGone(child);
        }
        if (tempLog) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // A temp file left behind.
            }
        }
    }

    private static void waitGone(ProcessHandle child) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (child.isAlive() && System.nanoTime() < deadline) {
            sleep(20);
        }
        if (child.isAlive()) {
            child.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
