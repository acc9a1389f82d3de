package org.tellonce.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tellonce.local.LocalStack;
import org.tellonce.local.SamTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Run TellOnce on this machine: every route of template.yaml, the table's stream, and the "
                + "table on moto (moto_server, open source), which this command starts and stops.",
                "moto is found on PATH (or TELLONCE_MOTO_SERVER); without it, the first run installs it into "
                + ".tellonce/moto-venv with pip. --endpoint uses any DynamoDB-compatible endpoint instead "
                + "(LocalStack, a real table)."})
public final class LocalCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "3000", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--dynamodb-port", defaultValue = "8000",
            description = "Port of the moto DynamoDB engine this command starts (default: ${DEFAULT-VALUE})")
    int dynamoPort;

    @Option(names = "--endpoint", description = "Use this DynamoDB-compatible endpoint (and its Streams API) "
            + "instead of starting moto, e.g. http://localhost:4566 for LocalStack")
    String endpoint;

    @Option(names = "--data", defaultValue = ".tellonce",
            description = "Folder for the data (moto's recording, stream positions, the resident key secret), "
                    + "kept across restarts (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--in-memory", description = "Keep nothing: the data is gone when TellOnce stops")
    boolean inMemory;

    @Option(names = "--template", description = "template.yaml to serve (default: found from the current folder up)")
    Path template;

    @Option(names = "--table", defaultValue = LocalStack.TABLE, description = "Table name (default: ${DEFAULT-VALUE})")
    String table;

    @Option(names = "--moderation", description = "Which stories wait for a moderator: off, safeguarding or all "
            + "(default: the template's Moderation parameter, safeguarding)")
    String moderation;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        if (moderation != null && !java.util.Set.of("off", "safeguarding", "all").contains(moderation)) {
            System.err.println("--moderation must be off, safeguarding or all");
            return 2;
        }
        Path templatePath = template != null ? template : SamTemplate.locate(Path.of(""));
        LocalStack.Options options = new LocalStack.Options(port, dynamoPort,
                inMemory ? null : data.toAbsolutePath(), templatePath, table, endpoint);
        LocalStack stack = LocalStack.start(moderation == null ? options
                : options.withEnvironment(java.util.Map.of("MODERATION", moderation)));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "tellonce-shutdown"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("TellOnce is running (ready in " + millis + " ms: " + stack.startupTimings() + ")");
        System.out.println("  Story form:      " + stack.baseUrl() + "/");
        System.out.println("  API:             " + stack.baseUrl());
        System.out.println("  SMS in / outbox: " + stack.baseUrl() + "/_local/sms  " + stack.baseUrl() + "/_local/sms/outbox");
        System.out.println("  E-mail outbox:   " + stack.baseUrl() + "/_local/email/outbox");
        System.out.println("  Webhooks:        " + stack.baseUrl() + "/_local/webhooks");
        System.out.println("  DynamoDB:        " + stack.engine() + "  (table " + stack.table() + ")");
        System.out.println("  Data:            " + (inMemory ? "in memory (lost on stop)" : data.toAbsolutePath()));
        System.out.println("  Template:        " + templatePath.toAbsolutePath());
        System.out.println("  Moderation:      " + (moderation == null ? "the template's default (safeguarding)" : moderation));
        System.out.println("Routes:");
        stack.template().httpRoutes().forEach(r ->
                System.out.println("  " + String.format("%-7s", r.method()) + r.path() + "  -> " + r.functionId()));
        System.out.println("Press Ctrl+C to stop.");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
