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

        @Mixin
        ServerSecretOptions serverSecret;

        @Override
        public final Integer call() {
            try (var client = table.client()) {
                byte[] secret = serverSecret.secret(table);
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
