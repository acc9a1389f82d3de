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
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.wiring.Components;
import org.tellonce.config.Env;
import org.tellonce.config.EnvNames;
import org.tellonce.core.crypto.Hashing;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * TellOnce on one machine: moto (started as a child process, or any DynamoDB-compatible endpoint
 * named instead), the table from template.yaml, the table's stream polled into the stream functions,
 * and every HTTP route of template.yaml served by the real handlers.
 */
public final class LocalStack implements AutoCloseable {
    public static final String SECRET_FILE = "resident-key-secret";
    public static final String LOCAL_TWILIO_TOKEN = "local-twilio-token";

    /** Where the stream pollers keep their positions, in the data folder. */
    public static final String STREAM_CHECKPOINTS = "stream-checkpoints";

    /**
     * @param port        HTTP port (0: any free port)
     * @param dynamoPort  moto's port (0: any free port)
     * @param dataDir     where moto's recording, the stream positions and the resident key secret are
     *                    kept; null for in memory
     * @param endpoint    a DynamoDB-compatible endpoint to use instead of starting moto; null starts moto
     */
    public record Options(int port, int dynamoPort, Path dataDir, Path template, String table, String endpoint) {
        public Options(int port, int dynamoPort, Path dataDir, Path template, String table) {
            this(port, dynamoPort, dataDir, template, table, null);
        }

        public static Options inMemory(Path template) {
            return new Options(0, 0, null, template, "tellonce");
        }

        Path projectRoot() {
            Path parent = template.toAbsolutePath().getParent();
            return parent == null ? Path.of("").toAbsolutePath() : parent;
        }
    }

    private final Options options;
    private final SamTemplate template;
    private volatile MotoServer moto;
    private final String dynamoEndpoint;
    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streamsClient;
    private final LocalApiServer api;
    private final List<StreamPoller> pollers;
    private final Map<String, String> environment;
    private String startup = "";

    private LocalStack(Options options, SamTemplate template, MotoServer moto, String dynamoEndpoint,
                       DynamoDbClient client, DynamoDbStreamsClient streamsClient, LocalApiServer api,
                       List<StreamPoller> pollers, Map<String, String> environment) {
        this.options = options;
        this.template = template;
        this.moto = moto;
        this.dynamoEndpoint = dynamoEndpoint;
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
        MotoServer moto = null;
        String endpoint = options.endpoint();
        if (endpoint == null) {
            int dynamoPort = options.dynamoPort() == 0 ? freePort() : options.dynamoPort();
            moto = MotoServer.start(options.projectRoot(), dynamoPort, options.dataDir());
            endpoint = moto.endpoint();
        }
        long t1 = System.nanoTime();
        try {
            Env.override(Map.of("DYNAMODB_ATTEMPT_TIMEOUT_MS", "15000"));
            // Writes through the stack's own client (the admin tools and tests use it) wake the pollers too.
            StreamPoller.Signal written = new StreamPoller.Signal();
            DynamoDbClient client = AwsClients.newDynamoDb(endpoint, List.of(written.afterWrites()));
            boolean created = TableDefinition.ensure(client, template, options.table());
            long t2 = System.nanoTime();
            Map<String, String> environment = environment(template, options, endpoint);
            Components.reset();
            Env.override(environment);
            LambdaInvoker invoker = new LambdaInvoker(template);
            LocalApiServer api = new LocalApiServer(options.port(), template.httpRoutes(), invoker,
                    new LocalAuthorizer(invoker));
            streamsClient = DynamoDbStreamsClient.builder()
                    .endpointOverride(java.net.URI.create(endpoint))
                    .region(AwsClients.region())
                    .credentialsProvider(AwsClients.credentialsFor(endpoint))
                    .httpClient(AwsClients.httpClient())
                    .build();
            invoker.afterEachInvocation(written::fire);
            List<StreamPoller> pollers = new ArrayList<>();
            for (SamTemplate.Function f : template.functions()) {
                for (SamTemplate.Event e : f.events()) {
                    if ("DynamoDB".equals(e.type())) {
                        Path checkpoint = options.dataDir() == null ? null : options.dataDir()
                                .resolve(STREAM_CHECKPOINTS).resolve(f.logicalId() + "-" + e.name());
                        pollers.add(new StreamPoller(client, streamsClient, options.table(), invoker, f, e,
                                AwsClients.region().id(), checkpoint, created, written).start());
                    }
                }
            }
            LocalSms sms = new LocalSms(template, invoker);
            api.addLocalRoute("/_local/sms", sms::inbound);
            api.addLocalRoute("/_local/sms/outbox", sms::outbox);
            org.tellonce.adapters.sms.LocalOutbox.clear();
            api.start();
            long t3 = System.nanoTime();
            LocalStack stack = new LocalStack(options, template, moto, endpoint, client, streamsClient, api, pollers,
                    environment);
            stack.startup = String.format("%s %d ms, table %s %d ms, functions and stream %d ms",
                    moto == null ? "endpoint" : "moto", (t1 - t0) / 1_000_000, created ? "created" : "found",
                    (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
            return stack;
        } catch (IOException | RuntimeException e) {
            if (streamsClient != null) {
                streamsClient.close();
            }
            if (moto != null) {
                moto.close();
            }
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
        env.put(org.tellonce.config.EnvNames.SMS_SENDER, "local");
        env.put(org.tellonce.config.EnvNames.TWILIO_AUTH_TOKEN,
                Env.get(org.tellonce.config.EnvNames.TWILIO_AUTH_TOKEN).orElse(LOCAL_TWILIO_TOKEN));
        // A partner added with `tellonce partners add` shows on the form at once (in AWS within 60 s).
        env.put(org.tellonce.config.EnvNames.PARTNER_LIST_CACHE_SECONDS,
                Env.get(org.tellonce.config.EnvNames.PARTNER_LIST_CACHE_SECONDS).orElse("0"));
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
        return dynamoEndpoint;
    }

    /** Which engine serves the table: moto started by this stack, or the endpoint it was given. */
    public String engine() {
        return moto == null ? "DynamoDB-compatible endpoint " + dynamoEndpoint
                : "moto " + MotoInstall.VERSION + " (moto_server, started by TellOnce) at " + dynamoEndpoint;
    }

    public DynamoDbClient dynamo() {
        return client;
    }

    /**
     * An outage: moto's process stops (its port refuses connections) while the HTTP routes and stream
     * pollers keep running.
     */
    public synchronized void stopDynamo() {
        ownMoto().close();
    }

    /** moto comes back on the same port and restores the data folder's recording. */
    public synchronized void startDynamo() {
        if (options.dataDir() == null) {
            throw new IllegalStateException("Restarting DynamoDB keeps the data only with a data folder (--data)");
        }
        moto = MotoServer.start(options.projectRoot(), ownMoto().port(), options.dataDir());
    }

    private MotoServer ownMoto() {
        if (moto == null) {
            throw new IllegalStateException("This stack uses " + dynamoEndpoint + ", which it did not start");
        }
        return moto;
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
        if (moto != null) {
            moto.close();
        }
        Components.reset();
    }
}
