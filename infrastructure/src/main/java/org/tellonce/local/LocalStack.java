package org.tellonce.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.adapters.email.LocalEmailOutbox;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.config.Config;
import org.tellonce.config.EnvNames;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.wiring.Wiring;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * TellOnce on one machine: moto (started as a child process, or any DynamoDB-compatible endpoint
 * named instead), the table from template.yaml, the table's stream polled into the stream functions,
 * and every HTTP route of template.yaml served by the real handlers.
 */
public final class LocalStack implements AutoCloseable {
    /**
     * The local table's name. In AWS CloudFormation names the table per stack (template.yaml); here
     * it is always this, the admin commands' default (SPEC §8), unless --table says otherwise.
     */
    public static final String TABLE = Config.DEFAULT_TABLE;
    public static final String SECRET_FILE = "resident-key-secret";
    public static final String LOCAL_TWILIO_TOKEN = "local-twilio-token";
    /** The local DynamoDB shares a busy machine: more time per attempt than in AWS. */
    static final Duration LOCAL_ATTEMPT_TIMEOUT = Duration.ofSeconds(15);

    /** Where the stream pollers keep their positions, in the data folder. */
    public static final String STREAM_CHECKPOINTS = "stream-checkpoints";

    /**
     * @param port        HTTP port (0: any free port)
     * @param dynamoPort  moto's port (0: any free port)
     * @param dataDir     where moto's recording, the stream positions and the resident key secret are
     *                    kept; null for in memory
     * @param endpoint    a DynamoDB-compatible endpoint to use instead of starting moto; null starts moto
     * @param environment variables every function gets on top of its own (an operator's setting, a region)
     * @param interceptors added to every function's DynamoDB client (the benchmark's write counter)
     */
    public record Options(int port, int dynamoPort, Path dataDir, Path template, String table, String endpoint,
                          Map<String, String> environment, List<ExecutionInterceptor> interceptors) {
        public Options {
            environment = Map.copyOf(environment);
            interceptors = List.copyOf(interceptors);
        }

        public Options(int port, int dynamoPort, Path dataDir, Path template, String table, String endpoint) {
            this(port, dynamoPort, dataDir, template, table, endpoint, Map.of(), List.of());
        }

        public Options(int port, int dynamoPort, Path dataDir, Path template, String table) {
            this(port, dynamoPort, dataDir, template, table, null);
        }

        /** The same, with {@code variables} given to every function (after its own and the local ones). */
        public Options withEnvironment(Map<String, String> variables) {
            Map<String, String> all = new LinkedHashMap<>(environment);
            all.putAll(variables);
            return new Options(port, dynamoPort, dataDir, template, table, endpoint, all, interceptors);
        }

        public Options withInterceptors(List<ExecutionInterceptor> more) {
            List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
            all.addAll(more);
            return new Options(port, dynamoPort, dataDir, template, table, endpoint, environment, all);
        }

        public static Options inMemory(Path template) {
            return new Options(0, 0, null, template, TABLE);
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
    private final Functions functions;
    private final LocalSchedules schedules;
    private LocalQueues queues;
    private LambdaInvoker invoker;
    private software.amazon.awssdk.services.sqs.SqsClient sqs;
    private String startup = "";

    private LocalStack(Options options, SamTemplate template, MotoServer moto, String dynamoEndpoint,
                       DynamoDbClient client, DynamoDbStreamsClient streamsClient, LocalApiServer api,
                       List<StreamPoller> pollers, Functions functions, LocalSchedules schedules) {
        this.schedules = schedules;
        this.options = options;
        this.template = template;
        this.moto = moto;
        this.dynamoEndpoint = dynamoEndpoint;
        this.client = client;
        this.streamsClient = streamsClient;
        this.api = api;
        this.pollers = pollers;
        this.functions = functions;
    }

    /**
     * Each function's environment (its template.yaml entry plus the local overrides) and the wiring
     * built from it, once, as a Lambda container would; every function sends SMS to the one outbox.
     */
    static final class Functions {
        private final Map<String, Map<String, String>> environments;
        private final Wiring.Overrides overrides;
        private final LocalOutbox outbox;
        private final LocalEmailOutbox emailOutbox;
        private final LocalWebhooks webhooks;
        private final Map<String, Wiring> wirings = new ConcurrentHashMap<>();

        /** @param publicUrl the stack's own address, for the links functions put in messages */
        /** @param queueUrls each SQS queue's local URL by its logical id (what {@code !Ref} gives a function) */
        Functions(SamTemplate template, Options options, String dynamoEndpoint, List<ExecutionInterceptor> interceptors,
                  String publicUrl, Map<String, String> queueUrls) {
            String secret = residentKeySecret(options.dataDir());
            this.environments = new LinkedHashMap<>();
            for (SamTemplate.Function f : template.functions()) {
                Map<String, String> env = LocalStack.environment(template, f, options, dynamoEndpoint, secret);
                env.computeIfPresent(EnvNames.PUBLIC_URL, (name, value) -> publicUrl);
                queueUrls.forEach((queue, url) -> env.replaceAll((name, value) -> value.equals("local-" + queue) ? url : value));
                environments.put(f.logicalId(), env);
            }
            this.outbox = new LocalOutbox();
            this.emailOutbox = new LocalEmailOutbox();
            this.webhooks = new LocalWebhooks();
            this.overrides = Wiring.Overrides.none().withSender(outbox).withEmail(emailOutbox)
                    .withInterceptors(interceptors).withWebhookAttempts(webhooks);
        }

        Map<String, String> environment(String functionId) {
            Map<String, String> env = environments.get(functionId);
            if (env == null) {
                throw new IllegalArgumentException("No function " + functionId + " in template.yaml");
            }
            return env;
        }

        Wiring wiring(String functionId) {
            return wirings.computeIfAbsent(functionId, id -> new Wiring(Config.from(environment(id)), overrides));
        }

        Wiring.Overrides overrides() {
            return overrides;
        }
    }

    public static LocalStack start(Options options) {
        long t0 = System.nanoTime();
        SamTemplate template = SamTemplate.load(options.template());
        DynamoDbStreamsClient streamsClient = null;
        LocalSchedules schedules = null;
        LocalQueues queues = null;
        software.amazon.awssdk.services.sqs.SqsClient sqsClient = null;
        MotoServer moto = null;
        String endpoint = options.endpoint();
        if (endpoint == null) {
            int dynamoPort = options.dynamoPort() == 0 ? freePort() : options.dynamoPort();
            moto = MotoServer.start(options.projectRoot(), dynamoPort, options.dataDir());
            endpoint = moto.endpoint();
        }
        long t1 = System.nanoTime();
        try {
            // Writes through the stack's own client (the admin tools and tests use it) wake the pollers too.
            StreamPoller.Signal written = new StreamPoller.Signal();
            DynamoDbClient client = AwsClients.newDynamoDb(endpoint, AwsClients.DEFAULT_REGION, LOCAL_ATTEMPT_TIMEOUT,
                    DefaultCredentialsProvider.builder().build(), List.of(written.afterWrites()));
            boolean created = TableDefinition.ensure(client, template, options.table());
            long t2 = System.nanoTime();
            int apiPort = options.port() == 0 ? freePort() : options.port();
            // The queues of template.yaml (the webhook queue) in the same moto; their pollers start below.
            sqsClient = software.amazon.awssdk.services.sqs.SqsClient.builder()
                    .endpointOverride(java.net.URI.create(endpoint))
                    .region(AwsClients.DEFAULT_REGION)
                    .credentialsProvider(AwsClients.credentialsFor(endpoint, DefaultCredentialsProvider.builder().build()))
                    .httpClient(AwsClients.httpClient())
                    .build();
            Functions[] functionsHolder = new Functions[1];
            LambdaInvoker invoker = new LambdaInvoker(template, id -> functionsHolder[0].wiring(id));
            queues = new LocalQueues(template, sqsClient, invoker);
            Functions functions = new Functions(template, options, endpoint, options.interceptors(),
                    "http://localhost:" + apiPort, queues.urls());
            functionsHolder[0] = functions;
            LocalApiServer api = new LocalApiServer(apiPort, template.httpRoutes(), invoker,
                    new LocalAuthorizer(invoker));
            streamsClient = DynamoDbStreamsClient.builder()
                    .endpointOverride(java.net.URI.create(endpoint))
                    .region(AwsClients.DEFAULT_REGION)
                    .credentialsProvider(AwsClients.credentialsFor(endpoint, DefaultCredentialsProvider.builder().build()))
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
                                AwsClients.DEFAULT_REGION.id(), checkpoint, created, written).start());
                    }
                }
            }
            LocalSms sms = new LocalSms(template, invoker, functions.outbox);
            api.addLocalRoute("/_local/sms", sms::inbound);
            api.addLocalRoute("/_local/sms/outbox", sms::outbox);
            api.addLocalRoute("/_local/email/outbox", new LocalEmail(functions.emailOutbox)::outbox);
            api.addLocalRoute("/_local/webhooks", functions.webhooks::route);
            schedules = new LocalSchedules(template, invoker, LocalSchedules.periodFromEnvironment());
            for (String function : schedules.functions()) {
                LocalSchedules scheduled = schedules;
                api.addLocalRoute(LocalSchedules.PATH + function,
                        (method, query, body) -> scheduled.route(function, method, body));
            }
            api.start();
            schedules.start();
            queues.start();
            long t3 = System.nanoTime();
            LocalStack stack = new LocalStack(options, template, moto, endpoint, client, streamsClient, api, pollers,
                    functions, schedules);
            stack.queues = queues;
            stack.invoker = invoker;
            stack.sqs = sqsClient;
            stack.startup = String.format("%s %d ms, table %s %d ms, functions and stream %d ms",
                    moto == null ? "endpoint" : "moto", (t1 - t0) / 1_000_000, created ? "created" : "found",
                    (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
            return stack;
        } catch (IOException | RuntimeException e) {
            if (queues != null) {
                queues.close();
            }
            if (sqsClient != null) {
                sqsClient.close();
            }
            if (schedules != null) {
                schedules.close();
            }
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
     * The variables template.yaml gives one function (Globals and its own entry), resolved locally: the
     * table's Ref is the local table, a parameter's Ref its default; plus what only the local stack needs.
     * A secret's value is given only to the functions whose entry names the secret's SSM parameter.
     */
    public static Map<String, String> environment(SamTemplate template, SamTemplate.Function function,
                                                  Options options, String dynamoEndpoint, String residentKeySecret) {
        Map<String, String> env = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> env.put(name, resolve(template, value, options.table())));
        env.remove("JAVA_TOOL_OPTIONS");
        env.put(EnvNames.DYNAMODB_ENDPOINT, dynamoEndpoint);
        env.put(EnvNames.DYNAMODB_ATTEMPT_TIMEOUT_MS, Long.toString(LOCAL_ATTEMPT_TIMEOUT.toMillis()));
        env.put(EnvNames.TABLE_NAME, options.table());
        env.put(EnvNames.AWS_REGION, hostVariable(EnvNames.AWS_REGION).orElse(Config.DEFAULT_REGION));
        if (env.containsKey(EnvNames.RESIDENT_KEY_SECRET_PARAMETER)) {
            env.put(EnvNames.RESIDENT_KEY_SECRET, residentKeySecret);
        }
        // Replies go to the local outbox; Twilio signatures use TWILIO_AUTH_TOKEN (default local-twilio-token).
        env.put(EnvNames.SMS_SENDER, "local");
        env.put(EnvNames.EMAIL_SENDER, "local");
        if (env.containsKey(EnvNames.TWILIO_AUTH_TOKEN_PARAMETER)) {
            env.put(EnvNames.TWILIO_AUTH_TOKEN, hostVariable(EnvNames.TWILIO_AUTH_TOKEN).orElse(LOCAL_TWILIO_TOKEN));
        }
        // Webhooks: the queue is moto's; http://127.0.0.1 and localhost receivers; retries after 1, 2, 4, 8 s …
        env.put(EnvNames.SQS_ENDPOINT, dynamoEndpoint);
        env.put(EnvNames.WEBHOOK_ALLOW_LOOPBACK, "true");
        env.put(EnvNames.WEBHOOK_FIRST_RETRY_SECONDS, hostVariable(EnvNames.WEBHOOK_FIRST_RETRY_SECONDS).orElse("1"));
        // A partner added with `tellonce partners add` shows on the form at once (in AWS within 60 s).
        env.put(EnvNames.PARTNER_LIST_CACHE_SECONDS, hostVariable(EnvNames.PARTNER_LIST_CACHE_SECONDS).orElse("0"));
        env.putAll(options.environment());
        return env;
    }

    /** A setting of the machine the local stack runs on (the developer's shell). */
    private static Optional<String> hostVariable(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
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
    public static String residentKeySecret(Path dataDir) {
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

    /** The environment the function {@code functionId} runs with: its template.yaml entry plus the local overrides. */
    public Map<String, String> environment(String functionId) {
        return functions.environment(functionId);
    }

    /** The wiring the function {@code functionId} runs with (its clients, stores and services). */
    public Wiring wiring(String functionId) {
        return functions.wiring(functionId);
    }

    /** What every function is given in place of what its wiring would build: the outbox, the interceptors. */
    public Wiring.Overrides overrides() {
        return functions.overrides();
    }

    /** The e-mails the functions sent (shown at {@code GET /_local/email/outbox}). */
    public LocalEmailOutbox emailOutbox() {
        return functions.emailOutbox;
    }

    /** Every webhook delivery attempt (shown at {@code GET /_local/webhooks}). */
    public LocalWebhooks webhooks() {
        return functions.webhooks;
    }

    /** The SMS replies the functions sent (shown at {@code GET /_local/sms/outbox}). */
    public LocalOutbox outbox() {
        return functions.outbox;
    }

    public LocalApiServer api() {
        return api;
    }

    public List<StreamPoller> streamPollers() {
        return pollers;
    }

    /** What runs the functions: each one's invocations, time and allocations so far ({@link LambdaInvoker#usage()}). */
    public LambdaInvoker invoker() {
        return invoker;
    }

    @Override
    public void close() {
        if (queues != null) {
            queues.close();
        }
        schedules.close();
        pollers.forEach(StreamPoller::close);
        api.close();
        streamsClient.close();
        client.close();
        if (sqs != null) {
            sqs.close();
        }
        if (moto != null) {
            moto.close();
        }
    }
}
