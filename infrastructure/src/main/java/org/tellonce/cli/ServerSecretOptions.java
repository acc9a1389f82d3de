package org.tellonce.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.tellonce.adapters.aws.Secrets;
import org.tellonce.config.EnvNames;
import org.tellonce.local.LocalStack;
import picocli.CommandLine.Option;

/**
 * {@code --data DIR | --secret-parameter NAME}: the server secret the functions seal fields and make keys
 * with (the local stack's data folder, or the stack's SSM SecureString), for the admin commands that
 * write sealed fields or keys: the functions' own secret, never a new one.
 */
public final class ServerSecretOptions {
    @Option(names = "--data", defaultValue = ".tellonce", description = "The local stack's data folder, for its "
            + "resident key secret (default: ${DEFAULT-VALUE}); RESIDENT_KEY_SECRET overrides it")
    Path data;

    @Option(names = "--secret-parameter", paramLabel = "NAME", description = "In AWS: the stack's "
            + "ResidentKeySecretParameter (an SSM SecureString), read instead of --data")
    String secretParameter;

    byte[] secret(TableOptions table) {
        Optional<String> value = Optional.ofNullable(System.getenv(EnvNames.RESIDENT_KEY_SECRET))
                .filter(v -> !v.isBlank()).or(this::localSecret);
        if (value.isEmpty() && secretParameter == null) {
            throw new IllegalStateException("No resident key secret in " + data.resolve(LocalStack.SECRET_FILE)
                    + ": start 'tellonce local --data " + data + "' first, or give --secret-parameter for AWS");
        }
        try (var ssm = value.isEmpty() ? table.ssm() : null) {
            return new Secrets(() -> ssm).residentKeySecret(value, Optional.ofNullable(secretParameter));
        }
    }

    private Optional<String> localSecret() {
        Path file = data.resolve(LocalStack.SECRET_FILE);
        if (secretParameter != null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
