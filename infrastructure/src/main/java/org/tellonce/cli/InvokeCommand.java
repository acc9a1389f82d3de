package org.tellonce.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.config.Config;
import org.tellonce.config.EnvNames;
import org.tellonce.local.LambdaInvoker;
import org.tellonce.local.LocalStack;
import org.tellonce.local.MotoServer;
import org.tellonce.local.SamTemplate;
import org.tellonce.local.TableDefinition;
import org.tellonce.wiring.Wiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Run one function of template.yaml on an event file, like 'sam local invoke -e', without Docker.")
public final class InvokeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FUNCTION_NAME", description = "Logical id in template.yaml, e.g. SubmitStoryFunction")
    String function;

    @Parameters(index = "1", paramLabel = "EVENT_FILE", description = "Event JSON, e.g. events/submit-story.json")
    Path eventFile;

    @Option(names = "--endpoint", description = "DynamoDB endpoint, e.g. http://localhost:8000 for a running "
            + "'tellonce local'. Default: a fresh in-memory moto for this one invocation.")
    String endpoint;

    @Option(names = "--table", defaultValue = LocalStack.TABLE, description = "Table name (default: ${DEFAULT-VALUE})")
    String table;

    @Option(names = "--region", defaultValue = "eu-west-2", description = "Region (default: ${DEFAULT-VALUE})")
    String region;

    @Option(names = "--data", defaultValue = ".tellonce",
            description = "Folder of the local stack's data, for its resident key secret (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--template", description = "template.yaml (default: found from the current folder up)")
    Path template;

    @Override
    public Integer call() throws Exception {
        Path templatePath = template != null ? template : SamTemplate.locate(Path.of(""));
        SamTemplate sam = SamTemplate.load(templatePath);
        byte[] event = Files.readAllBytes(eventFile);
        MotoServer ownDynamo = null;
        try {
            String dynamoEndpoint = endpoint;
            if (dynamoEndpoint == null) {
                Path root = templatePath.toAbsolutePath().getParent();
                ownDynamo = MotoServer.start(root == null ? Path.of("") : root, LocalStack.freePort(), null);
                dynamoEndpoint = ownDynamo.endpoint();
            }
            try (var client = AwsClients.newDynamoDb(dynamoEndpoint, Region.of(region), Config.DEFAULT_ATTEMPT_TIMEOUT,
                    DefaultCredentialsProvider.builder().build(), java.util.List.of())) {
                TableDefinition.ensure(client, sam, table);
            }
            // The function runs with its own template.yaml entry's environment, as `sam local invoke` would.
            LocalStack.Options options = new LocalStack.Options(0, 0, endpoint == null ? null : data.toAbsolutePath(),
                    templatePath, table).withEnvironment(java.util.Map.of(EnvNames.AWS_REGION, region));
            String secret = LocalStack.residentKeySecret(options.dataDir());
            LocalOutbox outbox = new LocalOutbox();
            String functionsEndpoint = dynamoEndpoint;
            LambdaInvoker invoker = new LambdaInvoker(sam, id -> new Wiring(Config.from(LocalStack.environment(sam,
                    sam.function(id), options, functionsEndpoint, secret)), Wiring.Overrides.none().withSender(outbox)));
            System.out.println(invoker.invokeJson(function, event));
            // SMS replies would have gone to a phone: the developer sees them here, apart from the answer.
            for (LocalOutbox.Sent sent : outbox.sent()) {
                System.err.println(org.tellonce.http.Json.write(org.tellonce.http.Json.object()
                        .put("sms_to", sent.to()).put("body", sent.body())));
            }
            return 0;
        } finally {
            if (ownDynamo != null) {
                ownDynamo.close();
            }
        }
    }
}
