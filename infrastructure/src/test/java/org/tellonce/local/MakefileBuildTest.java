package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tellonce.testing.ProjectFiles;

/**
 * sam build runs {@code make build-<Function>} for every function, in parallel, each from its own
 * scratch copy: the root Makefile must run Maven once for all of them and give each the same jar.
 * Run here with a stand-in for Maven that counts its runs and takes a second, in a copy of the
 * project's layout.
 */
class MakefileBuildTest {
    private static final String CLASS_ENTRY = "org/tellonce/Handler.class";

    @TempDir
    Path dir;
    private Path project;
    private Path runs;

    @BeforeEach
    void project() throws IOException {
        assumeTrue(onPath("make") && onPath("unzip"), "make and unzip are needed (sam build needs them too)");
        project = Files.createDirectories(dir.resolve("project"));
        Files.copy(ProjectFiles.root().resolve("Makefile"), project.resolve("Makefile"));
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.createDirectories(project.resolve("functions/src/main/java"));
        Files.writeString(project.resolve("functions/pom.xml"), "<project/>");
        Files.writeString(project.resolve("functions/src/main/java/Handler.java"), "class Handler {}");

        Path built = dir.resolve("built.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(built))) {
            zip.putNextEntry(new ZipEntry(CLASS_ENTRY));
            zip.write("the one build".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        runs = dir.resolve("maven-runs");
        Path mvn = dir.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\n"
                + "echo \"$*\" >> '" + runs + "'\n"
                + "sleep 1\n"
                + "mkdir -p functions/target && cp '" + built + "' functions/target/functions.jar\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void buildingTwoFunctionsAtOnceRunsMavenOnceAndGivesBothTheSameJar() throws Exception {
        Process submit = make("SubmitStoryFunction");
        Process fanOut = make("FanOutFunction");
        assertThat(finished(submit)).as(logs()).isZero();
        assertThat(finished(fanOut)).as(logs()).isZero();

        assertThat(Files.readAllLines(runs)).as("Maven runs").hasSize(1);
        assertThat(Files.readAllLines(runs).get(0)).contains("-pl functions", "package");
        byte[] one = Files.readAllBytes(artifacts("SubmitStoryFunction").resolve(CLASS_ENTRY));
        assertThat(one).isEqualTo(Files.readAllBytes(artifacts("FanOutFunction").resolve(CLASS_ENTRY)))
                .asString(StandardCharsets.UTF_8).isEqualTo("the one build");
        assertThat(project.resolve(".sam-build.lock")).as("the lock is let go").doesNotExist();

        assertThat(finished(make("ConsentFunction"))).isZero();
        assertThat(Files.readAllLines(runs)).as("the jar is up to date: no second Maven run").hasSize(1);

        Files.setLastModifiedTime(project.resolve("functions/src/main/java/Handler.java"),
                FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(finished(make("ConsentFunction"))).isZero();
        assertThat(Files.readAllLines(runs)).as("a changed source builds again").hasSize(2);
    }

    /** As sam build runs it: from a scratch directory of its own, with the project's Makefile. */
    private Process make(String function) throws IOException {
        Path scratch = Files.createDirectories(dir.resolve("scratch-" + function + "-" + System.nanoTime()));
        List<String> command = new ArrayList<>(List.of("make", "--makefile", project.resolve("Makefile").toString(),
                "build-" + function, "ARTIFACTS_DIR=" + artifacts(function), "MVN=" + dir.resolve("mvn")));
        return new ProcessBuilder(command).directory(scratch.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("make-" + function + ".log").toFile()).start();
    }

    private Path artifacts(String function) {
        return dir.resolve("artifacts").resolve(function);
    }

    private static int finished(Process process) throws InterruptedException {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("make finishes").isTrue();
        return process.exitValue();
    }

    private String logs() {
        try (var files = Files.list(dir)) {
            StringBuilder out = new StringBuilder();
            for (Path log : files.filter(p -> p.getFileName().toString().startsWith("make-")).toList()) {
                out.append(Files.readString(log));
            }
            return out.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
