package org.tellonce.testing;

import java.nio.file.Path;
import org.tellonce.local.LocalStack;

/** The local stack for one test class: moto in memory, every route of template.yaml, the stream poller. */
public final class TestStack {
    private TestStack() {
    }

    public static LocalStack start() {
        Path root = Path.of(System.getProperty("tellonce.projectRoot", "..")).toAbsolutePath().normalize();
        return LocalStack.start(LocalStack.Options.inMemory(root.resolve("template.yaml")));
    }
}
