package org.tellonce.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tellonce.config.AwsClients;
import org.tellonce.config.Components;
import org.tellonce.config.Env;
import org.tellonce.config.EnvNames;
import org.tellonce.crypto.Hashing;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * TellOnce on one machine: DynamoDB Local in this JVM, the table from template.yaml, and every HTTP
 * route of template.yaml served by the real handlers.
 */
public final class LocalStack implements AutoCloseable {
    public static final String SECRET_FILE = "resident-key-secret";
    public static final String LOCAL_TWILIO_TOKEN = "local-twilio-token";

    /**
     * @param port        HTTP port (0: any free port)
     * @param dynamoPort  DynamoDB Local port (0: any free port)
     * @param dataDir     where DynamoDB Local keeps its data; null for in memory
     */
    public record Options(int port, int dynamoPort, Path dataDir, Path template, String table) {
        public static Options inMemory(Path template) {
            return new Options(0, 0, null, template, "tellonce");
        }
    }

    private final Options options;
    private final SamTemplate template;
    private volatile LocalDynamo dynamo;
    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streamsClient;
    private final LocalApiServer api;
    private final List<StreamPoller> pollers;
    private final Map<String, String> environment;
    private String startup = "";

    private LocalStack(Options options, SamTemplate template, LocalDynamo dynamo, DynamoDbClient client,
                       DynamoDbStreamsClient streamsClient, LocalApiServer api, List<StreamPoller> pollers,
                       Map<String, String> environment) {
        this.options = options;
        this.template = template;
        this.dynamo = dynamo;
        this.client = client;
        this.streamsClient = streamsClient;
        this.api = api;
        this.pollers = pollers;
        this.environment = environment;
    }

    public static LocalStack start(Options options) {
        long t0 = System.nanoTime();
        SamTemplate template = SamTemplate.load(options.template());
        DynamoDbStreamsClient streamsClient = null;
        int dynamoPort = options.dynamoPort() == 0 ? freePort() : options.dynamoPort();
        LocalDynamo dynamo = LocalDynamo.start(dynamoPort, options.dataDir());
        long t1 = System.nanoTime();
        try {
            Env.override(Map.of("DYNAMODB_ATTEMPT_TIMEOUT_MS", "15000"));
            DynamoDbClient client = AwsClients.newDynamoDb(dynamo.endpoint());
            boolean created = TableDefinition.ensure(client, template, options.table());
            long t2 = System.nanoTime();
            Map<String, String> environment = environment(template, options, dynamo.endpoint());
            Components.reset();
            Env.override(environment);
            LambdaInvoker invoker = new LambdaInvoker(template);
            LocalApiServer api = new LocalApiServer(options.port(), template.httpRoutes(), invoker,
                    new LocalAuthorizer(invoker));
            streamsClient = DynamoDbStreamsClient.builder()
                    .endpointOverride(java.net.URI.create(dynamo.endpoint()))
                    .region(AwsClients.region())
                    .credentialsProvider(AwsClients.localCredentials())
                    .httpClient(AwsClients.httpClient())
                    .build();
            List<StreamPoller> pollers = new ArrayList<>();
            for (SamTemplate.Function f : template.functions()) {
                for (SamTemplate.Event e : f.events()) {
                    if ("DynamoDB".equals(e.type())) {
                        pollers.add(new StreamPoller(client, streamsClient, options.table(), invoker, f, e,
                                AwsClients.region().id()).start());
                    }
                }
            }
            LocalSms sms = new LocalSms(template, invoker);
            api.addLocalRoute("/_local/sms", sms::inbound);
            api.addLocalRoute("/_local/sms/outbox", sms::outbox);
            org.tellonce.sms.LocalOutbox.clear();
            api.start();
            long t3 = System.nanoTime();
            LocalStack stack = new LocalStack(options, template, dynamo, client, streamsClient, api, pollers, environment);
            stack.startup = String.format("DynamoDB Local %d ms, table %s %d ms, functions and stream %d ms",
                    (t1 - t0) / 1_000_000, created ? "created" : "found", (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
            return stack;
        } catch (IOException | RuntimeException e) {
            if (streamsClient != null) {
                streamsClient.close();
            }
            dynamo.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * The variables template.yaml gives the functions, resolved locally: the table's Ref is the local
     * table, a parameter's Ref its default; plus what only the local stack needs.
     */
    public static Map<String, String> environment(SamTemplate template, Options options, String dynamoEndpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        for (SamTemplate.Function f : template.functions()) {
            f.environment().forEach((name, value) -> env.put(name, resolve(template, value, options.table())));
        }
        env.put(EnvNames.DYNAMODB_ENDPOINT, dynamoEndpoint);
        env.put("DYNAMODB_ATTEMPT_TIMEOUT_MS", "15000");
        env.put(EnvNames.TABLE_NAME, options.table());
        env.put(EnvNames.AWS_REGION, Env.get(EnvNames.AWS_REGION).orElse("eu-west-2"));
        env.put(EnvNames.RESIDENT_KEY_SECRET, residentKeySecret(options.dataDir()));
        // Replies go to the local outbox; Twilio signatures use TWILIO_AUTH_TOKEN (default local-twilio-token).
        env.put(org.tellonce.sms.SmsComponents.SMS_SENDER, "local");
        env.put(org.tellonce.sms.TwilioWebhookHandler.TWILIO_AUTH_TOKEN,
                Env.get(org.tellonce.sms.TwilioWebhookHandler.TWILIO_AUTH_TOKEN).orElse(LOCAL_TWILIO_TOKEN));
        // A partner added with `tellonce partners add` shows on the form at once (in AWS within 60 s).
        env.put(org.tellonce.resident.PartnerDirectory.CACHE_SECONDS,
                Env.get(org.tellonce.resident.PartnerDirectory.CACHE_SECONDS).orElse("0"));
        env.remove("JAVA_TOOL_OPTIONS");
        return env;
    }

    private static String resolve(SamTemplate template, Object value, String table) {
        if (value instanceof Map<?, ?> map && map.get("Ref") != null) {
            String ref = String.valueOf(map.get("Ref"));
            if (ref.equals(template.tableLogicalId())) {
                return table;
            }
            if (template.isParameter(ref)) {
                return template.parameterDefault(ref).orElse("");
            }
            return "local-" + ref;
        }
        if (value instanceof Map<?, ?>) {
            return "local";
        }
        return String.valueOf(value);
    }

    /** Generated once and kept with the data, so resident keys stay the same across restarts. */
    static String residentKeySecret(Path dataDir) {
        if (dataDir == null) {
            return Hashing.randomToken(32);
        }
        Path file = dataDir.resolve(SECRET_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dataDir);
            String secret = Hashing.randomToken(32);
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system.
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the start-up time went. */
    public String startupTimings() {
        return startup;
    }

    public String baseUrl() {
        return "http://localhost:" + api.port();
    }

    public int port() {
        return api.port();
    }

    public String dynamoEndpoint() {
        return dynamo.endpoint();
    }

    public DynamoDbClient dynamo() {
        return client;
    }

    /**
     * Test hook: DynamoDB becomes unreachable (the in-process server stops; its port refuses
     * connections) while the HTTP routes and stream pollers keep running.
     */
    public synchronized void stopDynamo() {
        dynamo.close();
    }

    /** Test hook: DynamoDB Local comes back on the same port with the same data folder. */
    public synchronized void startDynamo() {
        if (options.dataDir() == null) {
            throw new IllegalStateException("Restarting DynamoDB keeps the data only with a data folder (--data)");
        }
        dynamo = LocalDynamo.start(dynamo.port(), options.dataDir());
    }

    public String table() {
        return options.table();
    }

    public SamTemplate template() {
        return template;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public LocalApiServer api() {
        return api;
    }

    public List<StreamPoller> streamPollers() {
        return pollers;
    }

    @Override
    public void close() {
        pollers.forEach(StreamPoller::close);
        api.close();
        streamsClient.close();
        client.close();
        dynamo.close();
        Components.reset();
    }
}
