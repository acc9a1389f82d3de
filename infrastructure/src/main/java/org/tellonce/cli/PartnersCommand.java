package org.tellonce.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.core.story.Topics;
import org.tellonce.local.SamTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.tellonce.adapters.dynamo.DynamoWebhookStore;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.webhook.WebhookAddress;
import org.tellonce.core.webhook.WebhookAdmin;
import picocli.CommandLine.Option;

@Command(name = "partners", mixinStandardHelpOptions = true,
        description = "Add and manage partner organisations and their API keys.",
        subcommands = {PartnersCommand.Add.class, PartnersCommand.Update.class, PartnersCommand.ListPartners.class, PartnersCommand.RotateKey.class,
                PartnersCommand.Disable.class, PartnersCommand.Enable.class, PartnersCommand.Webhook.class})
public final class PartnersCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    abstract static class AdminCommand implements Callable<Integer> {
        @Mixin
        TableOptions table;

        @Override
        public final Integer call() {
            try (var client = table.client()) {
                return run(new PartnerAdmin(new DynamoPartnerStore(client, table.table()), configuredTopics()));
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("tellonce: " + e.getMessage());
                return 2;
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                System.err.println("tellonce: DynamoDB said no: " + e.getClass().getSimpleName()
                        + " (is the table there? try --endpoint http://localhost:8000 for the local stack)");
                return 3;
            }
        }

        abstract int run(PartnerAdmin admin);

        /**
         * The topic list partners may take: {@code TOPICS} as the functions get it, else the default of
         * template.yaml's {@code Topics} parameter (the one source of the list).
         */
        static Topics configuredTopics() {
            String topics = System.getenv("TOPICS");
            if (topics == null || topics.isBlank()) {
                topics = SamTemplate.load(SamTemplate.locate(Path.of(""))).parameterDefault("Topics")
                        .orElseThrow(() -> new IllegalStateException("template.yaml has no Topics parameter"));
            }
            return Topics.parse(topics);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a partner; prints its API key once.")
    static final class Add extends AdminCommand {
        @Option(names = "--id", required = true, description = "Short id, e.g. healthwatch-leicester")
        String id;

        @Option(names = "--name", required = true, description = "Name residents see, e.g. \"Healthwatch Leicester\"")
        String name;

        @Option(names = "--topics", defaultValue = "*", description = "Topics it takes: a,b or * for all (default: *)")
        String topics;

        @Option(names = "--areas", defaultValue = "", description = "Postcode districts (LE1), sectors (LE1 5) or area names, "
                + "e.g. LE1,LE2 (default: every area)")
        String areas;

        @Override
        int run(PartnerAdmin admin) {
            PartnerAdmin.Issued issued = admin.add(id, name, split(topics), split(areas));
            System.out.println("Added partner " + issued.partner().id() + " (" + issued.partner().name() + ")");
            System.out.println("  topics: " + String.join(",", issued.partner().topics()));
            System.out.println("  areas:  " + (issued.partner().areas().isEmpty() ? "(all)"
                    : String.join(",", issued.partner().areas())));
            System.out.println("API key (shown once, store it safely):");
            System.out.println(issued.apiKey());
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a partner's name, topics or areas (what is not given stays; the key stays).")
    static final class Update extends AdminCommand {
        @Option(names = "--id", required = true)
        String id;

        @Option(names = "--name", description = "Name residents see")
        String name;

        @Option(names = "--topics", description = "Topics it takes: a,b or * for all")
        String topics;

        @Option(names = "--areas", description = "Postcode districts (LE1), sectors (LE1 5) or area names; '' for every area")
        String areas;

        @Override
        int run(PartnerAdmin admin) {
            Partner partner = admin.update(id, Optional.ofNullable(name), Optional.ofNullable(topics).map(PartnersCommand::split),
                    Optional.ofNullable(areas).map(PartnersCommand::split));
            System.out.println("Updated partner " + partner.id() + " (" + partner.name() + ")");
            System.out.println("  topics: " + String.join(",", partner.topics()));
            System.out.println("  areas:  " + (partner.areas().isEmpty() ? "(all)" : String.join(",", partner.areas())));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List partners (never their keys).")
    static final class ListPartners extends AdminCommand {
        @Override
        int run(PartnerAdmin admin) {
            List<Partner> partners = admin.list();
            System.out.printf("%-28s %-8s %-30s %-20s %s%n", "ID", "ENABLED", "TOPICS", "AREAS", "NAME");
            for (Partner p : partners) {
                System.out.printf("%-28s %-8s %-30s %-20s %s%n", p.id(), p.enabled() ? "yes" : "no",
                        String.join(",", p.topics()), p.areas().isEmpty() ? "(all)" : String.join(",", p.areas()),
                        p.name());
            }
            if (partners.isEmpty()) {
                System.out.println("(no partners yet: tellonce partners add --id ID --name NAME)");
            }
            return 0;
        }
    }

    @Command(name = "rotate-key", mixinStandardHelpOptions = true,
            description = "Issue a new API key; the old one stops working at once.")
    static final class RotateKey extends AdminCommand {
        @Option(names = "--id", required = true)
        String id;

        @Override
        int run(PartnerAdmin admin) {
            PartnerAdmin.Issued issued = admin.rotateKey(id);
            System.out.println("New API key for " + issued.partner().id() + " (shown once; the old key no longer works):");
            System.out.println(issued.apiKey());
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Close the partner's feed (403) and share nothing new with it.")
    static final class Disable extends AdminCommand {
        @Option(names = "--id", required = true)
        String id;

        @Override
        int run(PartnerAdmin admin) {
            admin.setEnabled(id, false);
            System.out.println("Disabled partner " + id);
            return 0;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Open a disabled partner's feed again.")
    static final class Enable extends AdminCommand {
        @Option(names = "--id", required = true)
        String id;

        @Override
        int run(PartnerAdmin admin) {
            admin.setEnabled(id, true);
            System.out.println("Enabled partner " + id);
            return 0;
        }
    }

    @Command(name = "webhook", mixinStandardHelpOptions = true,
            description = "Set the partner's webhook URL (prints its new signing secret once), or remove it with --url none.")
    static final class Webhook implements Callable<Integer> {
        @Mixin
        TableOptions table;

        @Mixin
        ServerSecretOptions serverSecret;

        @Option(names = "--id", required = true)
        String id;

        @Option(names = "--url", required = true, description = "An https URL whose host has only public addresses "
                + "(against the local stack, http://127.0.0.1 and http://localhost too); none removes the webhook")
        String url;

        @Override
        public Integer call() {
            try (var client = table.client()) {
                String name = table.table();
                WebhookAdmin admin = new WebhookAdmin(new DynamoWebhookStore(client, name,
                        FieldCipher.fromSecret(serverSecret.secret(table))), new DynamoPartnerStore(client, name),
                        new WebhookAddress(table.isLocal(), WebhookAddress.Resolver.system()), Clock.systemUTC());
                Optional<WebhookAdmin.Set> set = admin.set(id, url);
                if (set.isEmpty()) {
                    System.out.println("Removed the webhook of " + id + " (it is sent nothing more)");
                    return 0;
                }
                System.out.println("Webhook of " + id + ": " + set.get().url());
                System.out.println("Signing secret (shown once; verify webhook-signature with it, see the README):");
                System.out.println(set.get().secret());
                return 0;
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println("tellonce: " + e.getMessage());
                return 2;
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                System.err.println("tellonce: AWS said no: " + e.getClass().getSimpleName()
                        + " (is the table there? try --endpoint http://localhost:8000 for the local stack)");
                return 3;
            }
        }
    }

    static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
