package org.tellonce.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts fresh JVMs on the packaged function jar and reads what {@link ColdStartProbe} measured in
 * them. The hello-world child gets the same class path, flags and environment as the real ones.
 */
final class ColdStart {
    /** What one fresh JVM reported. */
    record Sample(int status, long spawnToResponseMs, long jvmStartToResponseMs, long constructMs, long invokeMs,
                  long classes) {
    }

    private static final List<String> PROBE_CLASSES = List.of(
            ColdStartProbe.class.getName(), HelloHandler.class.getName());

    private final String javaCommand;
    private final List<String> jvmFlags;
    private final String classPath;
    private final Map<String, String> environment;
    private final Path probeDir;

    /**
     * @param functionsJar the packaged Lambda artifact (functions/target/functions.jar)
     * @param jvmFlags     the same for every child, e.g. template.yaml's JAVA_TOOL_OPTIONS
     * @param environment  what the functions read (TABLE_NAME, TOPICS, RESIDENT_KEY_SECRET, ...)
     */
    ColdStart(Path functionsJar, List<String> jvmFlags, Map<String, String> environment) {
        this.javaCommand = javaCommand();
        this.jvmFlags = List.copyOf(jvmFlags);
        this.environment = new LinkedHashMap<>(environment);
        this.probeDir = copyProbeClasses();
        this.classPath = functionsJar.toAbsolutePath() + File.pathSeparator + probeDir;
    }

    static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    String describeCommand() {
        return String.join(" ", command(HelloHandler.class.getName(), "submit", 0, null))
                .replace(probeDir.toString(), "<bench classes>");
    }

    List<String> jvmFlags() {
        return jvmFlags;
    }

    /** One fresh JVM, one invocation. */
    Sample run(String handlerClass, String kind, String partnerId) {
        Path stderr = null;
        try {
            stderr = Files.createTempFile("tellonce-probe", ".err");
            long spawnedAt = System.currentTimeMillis();
            ProcessBuilder builder = new ProcessBuilder(command(handlerClass, kind, spawnedAt, partnerId))
                    .redirectError(stderr.toFile());
            Map<String, String> env = builder.environment();
            env.remove("JAVA_TOOL_OPTIONS");
            env.remove("JDK_JAVA_OPTIONS");
            env.remove("_JAVA_OPTIONS");
            env.putAll(environment);
            Process process = builder.start();
            byte[] out;
            try (InputStream in = process.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("The cold-start probe for " + handlerClass + " did not finish");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.startsWith(ColdStartProbe.PREFIX)) {
                    Sample sample = parse(line);
                    if (sample.status() >= 300) {
                        throw new IllegalStateException(handlerClass + " answered " + sample.status()
                                + " in the cold-start probe; its log: " + tail(stderr));
                    }
                    return sample;
                }
            }
            throw new IllegalStateException("The cold-start probe for " + handlerClass + " exited with "
                    + process.exitValue() + " and no result; its output: " + tail(stderr));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException ignored) {
                    // A temp file.
                }
            }
        }
    }

    private List<String> command(String handlerClass, String kind, long spawnedAt, String partnerId) {
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classPath);
        command.add(ColdStartProbe.class.getName());
        command.add(handlerClass);
        command.add(kind);
        command.add(Long.toString(spawnedAt));
        if (partnerId != null) {
            command.add(partnerId);
        }
        return command;
    }

    static Sample parse(String line) {
        Map<String, Long> values = new LinkedHashMap<>();
        Arrays.stream(line.substring(ColdStartProbe.PREFIX.length()).trim().split("\\s+")).forEach(pair -> {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
        });
        return new Sample(values.get("status").intValue(), values.get("spawnToResponseMs"),
                values.get("jvmStartToResponseMs"), values.get("constructMs"), values.get("invokeMs"),
                values.get("classes"));
    }

    private static String tail(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    /** The probe's own classes, alone in a folder: the bench jar would drag its whole class path along. */
    private static Path copyProbeClasses() {
        try {
            Path dir = Files.createTempDirectory("tellonce-bench-probe");
            for (String name : PROBE_CLASSES) {
                String resource = name.replace('.', '/') + ".class";
                try (InputStream in = ColdStart.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("Class file " + resource + " not found");
                    }
                    Path target = dir.resolve(resource);
                    Files.createDirectories(target.getParent());
                    Files.write(target, in.readAllBytes());
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void close() {
        try (var files = Files.walk(probeDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Temp files.
        }
    }
}
