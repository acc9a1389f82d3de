package org.tellonce.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The figures the reliability and security tests measure (faults injected, redeliveries, fuzz cases,
 * 5xx seen, stories lost, duplicates): printed, and appended to target/security-figures.txt so the
 * last run's numbers can be copied into SECURITY.md. Only counts, never request contents.
 */
public final class SecurityFigures {
    private static final Path FILE = Path.of("target", "security-figures.txt");

    private SecurityFigures() {
    }

    public static void record(String test, String name, long value) {
        String line = "SECURITY-FIGURE " + test + " " + name + "=" + value;
        System.out.println(line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
