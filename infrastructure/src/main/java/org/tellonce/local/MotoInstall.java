package org.tellonce.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds moto's {@code moto_server}; where there is none, installs the pinned version once into a
 * virtual environment of the project's own ({@code .tellonce/moto-venv}) with pip, saying so.
 */
public final class MotoInstall {
    /** The moto version a first run installs (the one TellOnce is tested with). */
    public static final String VERSION = "5.2.1";
    /** Names the moto_server to use, skipping the search. */
    public static final String MOTO_SERVER_ENV = "TELLONCE_MOTO_SERVER";
    static final String VENV = ".tellonce/moto-venv";
    static final String HOW_TO_INSTALL = "TellOnce runs locally on moto, which is not installed and could not be "
            + "installed here: install it with  pip install 'moto[server]==" + VERSION + "'  (or set "
            + MOTO_SERVER_ENV + " to a moto_server) and run again.";

    private MotoInstall() {
    }

    /** The command that runs moto_server, installing it first if need be. */
    private static volatile List<String> found;

    public static List<String> locate(Path projectRoot) {
        List<String> command = found;
        if (command == null) {
            command = locate(projectRoot, System.getenv(), System.err::println);
            found = command;
        }
        return command;
    }

    static List<String> locate(Path projectRoot, Map<String, String> env, java.util.function.Consumer<String> say) {
        String named = env.get(MOTO_SERVER_ENV);
        if (named != null && !named.isBlank()) {
            return List.of(named);
        }
        Optional<Path> onPath = onPath(env.getOrDefault("PATH", ""));
        if (onPath.isPresent()) {
            return List.of(onPath.get().toString());
        }
        Path venv = projectRoot.toAbsolutePath().resolve(VENV);
        Path server = venv.resolve("bin/moto_server");
        if (Files.isExecutable(server)) {
            return List.of(server.toString());
        }
        say.accept("moto (the local DynamoDB engine) is not installed: installing moto[server]==" + VERSION
                + " into " + venv + " (once; needs Python 3 and the internet)...");
        install(venv, env);
        if (!Files.isExecutable(server)) {
            throw new IllegalStateException(HOW_TO_INSTALL);
        }
        say.accept("moto " + VERSION + " installed.");
        return List.of(server.toString());
    }

    private static Optional<Path> onPath(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate) && worksAt(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * A pyenv shim exists for every installed Python, even one without moto; it fails at once for a
     * version that lacks it. Anything else on PATH is taken as it is.
     */
    private static boolean worksAt(Path candidate) {
        if (!candidate.toString().contains("/shims/")) {
            return true;
        }
        try {
            Process p = new ProcessBuilder(candidate.toString(), "--help").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void install(Path venv, Map<String, String> env) {
        String python = env.getOrDefault("TELLONCE_PYTHON", "python3");
        run(List.of(python, "-m", "venv", venv.toString()), env);
        run(List.of(venv.resolve("bin/pip").toString(), "install", "--disable-pip-version-check", "--quiet",
                "moto[server]==" + VERSION), env);
    }

    private static void run(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            Process p = builder.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                String last = output.strip();
                int cut = last.lastIndexOf('\n');
                throw new IllegalStateException(HOW_TO_INSTALL + " (" + command.get(0).replaceAll(".*/", "")
                        + ": " + (cut < 0 ? last : last.substring(cut + 1)) + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException(HOW_TO_INSTALL + " (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(HOW_TO_INSTALL, e);
        }
    }
}
