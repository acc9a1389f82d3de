package org.tellonce.testing;

import java.nio.file.Path;

/** Where the project's own files are: surefire passes the root as {@code tellonce.projectRoot}. */
public final class ProjectFiles {
    private ProjectFiles() {
    }

    public static Path root() {
        String root = System.getProperty("tellonce.projectRoot");
        if (root == null) {
            throw new IllegalStateException("Run the tests through Maven: tellonce.projectRoot is not set");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    public static Path template() {
        return root().resolve("template.yaml");
    }

    public static Path event(String functionLogicalId) {
        return root().resolve("events").resolve(functionLogicalId + ".json");
    }
}
