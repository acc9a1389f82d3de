package org.tellonce.testing;

import java.nio.file.Path;
import java.util.Map;
import org.tellonce.local.LocalStack;

/** The local stack for one test class: moto in memory, every route of template.yaml, the stream poller. */
public final class TestStack {
    private TestStack() {
    }

    public static LocalStack start() {
        return start(Map.of());
    }

    /** With {@code environment} given to every function besides its own (an operator's setting). */
    public static LocalStack start(Map<String, String> environment) {
        Path root = Path.of(System.getProperty("tellonce.projectRoot", "..")).toAbsolutePath().normalize();
        return LocalStack.start(LocalStack.Options.inMemory(root.resolve("template.yaml")).withEnvironment(environment));
    }
}
