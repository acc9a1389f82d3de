package org.tellonce.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tellonce.adapters.aws.Secrets;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.adapters.dynamo.DynamoStaffStore;
import org.tellonce.config.EnvNames;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.staff.StaffAdmin;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.local.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "staff", mixinStandardHelpOptions = true,
        description = "Add, list and disable the staff who sign in with their e-mail.",
        subcommands = {StaffCommand.Add.class, StaffCommand.ListStaff.class, StaffCommand.Disable.class})
public final class StaffCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    abstract static class AdminCommand implements Callable<Integer> {
        @Mixin
        TableOptions table;

        @Option(names = "--data", defaultValue = ".tellonce", description = "The local stack's data folder, for its "
                + "resident key secret (default: ${DEFAULT-VALUE}); RESIDENT_KEY_SECRET overrides it")
        Path data;

        @Option(names = "--secret-parameter", paramLabel = "NAME", description = "In AWS: the stack's "
                + "ResidentKeySecretParameter (an SSM SecureString), read instead of --data")
        String secretParameter;

        @Override
        public final Integer call() {
            try (var client = table.client()) {
                byte[] secret = secret();
                ResidentKeys keys = new ResidentKeys(secret);
                String name = table.table();
                return run(new StaffAdmin(new DynamoStaffStore(client, name, FieldCipher.fromSecret(secret)),
                        new DynamoPartnerStore(client, name), keys));
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("tellonce: " + e.getMessage());
                return 2;
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                System.err.println("tellonce: AWS said no: " + e.getClass().getSimpleName()
                        + " (is the table there? try --endpoint http://localhost:8000 for the local stack)");
                return 3;
            }
        }

        abstract int run(StaffAdmin admin);

        /** The secret staff keys and sealed fields are made with: the functions' own, never a new one. */
        private byte[] secret() {
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

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a member of staff, or replace them (a new role ends their sessions).")
    static final class Add extends AdminCommand {
        @Option(names = "--email", required = true, description = "The address they sign in with")
        String email;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--role", required = true, description = "reader, responder, partner-admin (need --partner); "
                + "moderator, safeguarding, partnership-admin (partnership-wide)")
        String role;

        @Option(names = "--partner", paramLabel = "ID", description = "The partner a reader, responder or partner-admin works for")
        String partner;

        @Option(names = "--phone")
        String phone;

        @Override
        int run(StaffAdmin admin) {
            StaffMember member = admin.add(email, name, role, Optional.ofNullable(partner), Optional.ofNullable(phone));
            System.out.println("Added " + member.email() + " as " + member.role().wire()
                    + member.partnerId().map(p -> " of " + p).orElse(""));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the staff.")
    static final class ListStaff extends AdminCommand {
        @Override
        int run(StaffAdmin admin) {
            List<StaffMember> staff = admin.list();
            System.out.printf("%-36s %-18s %-24s %-8s %s%n", "EMAIL", "ROLE", "PARTNER", "ENABLED", "NAME");
            for (StaffMember m : staff) {
                System.out.printf("%-36s %-18s %-24s %-8s %s%n", m.email(), m.role().wire(), m.partnerId().orElse("-"),
                        m.enabled() ? "yes" : "no", m.name());
            }
            if (staff.isEmpty()) {
                System.out.println("(no staff yet: tellonce staff add --email E --name N --role ROLE)");
            }
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Stop the person signing in; every session of theirs ends at once.")
    static final class Disable extends AdminCommand {
        @Option(names = "--email", required = true)
        String email;

        @Override
        int run(StaffAdmin admin) {
            admin.disable(email);
            System.out.println("Disabled " + email.strip().toLowerCase(java.util.Locale.ROOT) + "; their sessions have ended");
            return 0;
        }
    }
}
