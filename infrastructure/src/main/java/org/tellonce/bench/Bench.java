package org.tellonce.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.adapters.dynamo.StoryItems;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.bench.BenchReport.Result;
import org.tellonce.bench.BenchReport.Row;
import org.tellonce.config.Config;
import org.tellonce.config.EnvNames;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.handlers.intake.SubmitStoryHandler;
import org.tellonce.handlers.partner.PartnerFeedHandler;
import org.tellonce.local.LambdaInvoker;
import org.tellonce.local.LocalStack;
import org.tellonce.local.MotoProfile;
import org.tellonce.local.MotoServer;
import org.tellonce.local.SamTemplate;
import org.tellonce.local.StreamPoller;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * {@code tellonce bench}: measures, in one run on this machine, what SPEC §9 sets targets for —
 * cold start against a hello-world handler, intake throughput against raw PutItem, fan-out latency,
 * DynamoDB writes per story and per share, and the function jar — and returns them as a table.
 */
public final class Bench {
    /** Metric names, for anyone reading the table programmatically (the smoke test does). */
    public static final String COLD_SUBMIT = "Cold start, POST /stories (SubmitStoryHandler)";
    public static final String COLD_FEED = "Cold start, GET /partner/stories (PartnerFeedHandler)";
    public static final String PRIMED_SUBMIT = "First invoke after SnapStart priming, POST /stories";
    public static final String PRIMED_FEED = "First invoke after SnapStart priming, GET /partner/stories";
    public static final String CLASSES_SUBMIT = "Classes loaded to first response, POST /stories";
    public static final String CLASSES_FEED = "Classes loaded to first response, GET /partner/stories";
    public static final String JAR = "Function jar size (functions.jar)";
    public static final String INTAKE_MINIMAL = "Intake, minimal path (no contact, no key)";
    public static final String INTAKE_TRANSACTIONAL = "Intake, transactional path (contact + Idempotency-Key)";
    public static final String INTAKE_TRANSACTIONAL_VS_TX = "Intake, transactional path vs raw transaction";
    public static final String FAN_OUT = "Fan-out, submit -> visible in partner feed";
    public static final String WRITES_MINIMAL = "DynamoDB writes per story, minimal path";
    public static final String WRITES_TRANSACTIONAL = "DynamoDB writes per story, transactional path";
    public static final String WRITES_SHARE = "DynamoDB writes per share (fan-out)";

    static final String TOPIC = "health";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILLER = "The bus to the health centre was cancelled again this week, so I "
            + "walked two miles in the rain with my mother, who uses a stick, and we still missed the "
            + "appointment. The receptionist was kind but said the next slot is in five weeks. Nobody told "
            + "us the timetable had changed and the stop still shows the old times. We have told the "
            + "council, the surgery and the bus company, and each one sent us to another.";

    /** How long and how much: {@link #quick()}, {@link #full()}, or tiny ones for tests. */
    /**
     * @param cell   time per load type and concurrency, split into {@code rounds} interleaved slices
     */
    /**
     * @param morePartners   after the fan-out with {@code partners}, partners are added up to this many and
     *                       the fan-out measured again (0: not)
     * @param scaleSizes     stored stories at which the growth rows are measured, smallest first (empty: none)
     * @param scaleSamples   requests per route and size in the growth rows
     * @param throughput     whether the intake throughput and writes phases run
     */
    public record Settings(String mode, int coldRuns, Duration warmup, Duration cell, int rounds,
                           List<Integer> concurrency, int writeSamples, int partners, int fanOutStories,
                           boolean coldStart, int morePartners, List<Integer> scaleSizes, int scaleSamples,
                           boolean throughput) {
        public static Settings quick() {
            return new Settings("quick", 3, Duration.ofMillis(500), Duration.ofMillis(2400), 3, List.of(1, 4, 16),
                    10, 20, 30, true, 100, List.of(), 0, true);
        }

        public static Settings full() {
            return new Settings("full", 5, Duration.ofSeconds(5), Duration.ofSeconds(10), 5, List.of(1, 4, 16),
                    20, 20, 200, true, 100, List.of(), 0, true);
        }

        /**
         * The growth rows ({@code --scale}): the fan-out with 20 and 100 partners, then the table seeded to
         * each size and the routes, the export and its reads measured there. No cold start, no throughput.
         */
        public static Settings scale(List<Integer> sizes) {
            return new Settings("scale", 0, Duration.ofMillis(500), Duration.ofSeconds(1), 1, List.of(1),
                    0, 20, 30, false, 100, List.copyOf(sizes), 20, false);
        }

        /** Seconds, not minutes: no cold start, one concurrency, a few stories. For tests. */
        public static Settings smoke() {
            return new Settings("smoke", 0, Duration.ofMillis(300), Duration.ofSeconds(1), 1, List.of(1),
                    3, 2, 3, false, 3, List.of(), 0, true);
        }

        /** The same with this many stories in each fan-out row. */
        public Settings withFanOutStories(int stories) {
            return new Settings(mode, coldRuns, warmup, cell, rounds, concurrency, writeSamples, partners,
                    stories, coldStart, morePartners, scaleSizes, scaleSamples, throughput);
        }

        /** The same with the growth rows at these sizes. */
        public Settings withScale(List<Integer> sizes, int samples) {
            return new Settings(mode, coldRuns, warmup, cell, rounds, concurrency, writeSamples, partners,
                    fanOutStories, coldStart, morePartners, List.copyOf(sizes), samples, throughput);
        }
    }

    private final Settings settings;
    private final Path template;
    private final Path functionsJar;
    private final PrintStream progress;
    private final BenchReport report = new BenchReport();
    private final WriteCounter counter = new WriteCounter();
    /** Where moto writes its time by action ({@link MotoProfile}). */
    private Path motoProfile;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger loggedErrors = new AtomicInteger();
    private final long startedNanos = System.nanoTime();

    private int rawTransactionItems;
    private LocalStack stack;
    private DynamoDbClient raw;
    private String watchedPartner;
    private Feed watchedFeed;

    private Bench(Settings settings, Path template, Path functionsJar, PrintStream progress) {
        this.settings = settings;
        this.template = template;
        this.functionsJar = functionsJar;
        this.progress = progress;
    }

    /** The function jar next to a template: {@code functions/target/functions.jar}. */
    public static Path defaultFunctionsJar(Path template) {
        return template.toAbsolutePath().getParent().resolve("functions").resolve("target").resolve("functions.jar");
    }

    /**
     * Runs everything and returns the table. Standard output and error are silenced meanwhile (DynamoDB
     * Local's banner, one log line per request); progress goes to {@code progress}.
     */
    public static BenchReport run(Settings settings, Path template, Path functionsJar, PrintStream progress) {
        return new Bench(settings, template, functionsJar, progress).run();
    }

    private BenchReport run() {
        long started = System.nanoTime();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream quiet = new QuietStream(loggedErrors);
        System.setOut(quiet);
        System.setErr(quiet);
        try {
            step("starting the local stack (moto in memory, table from " + template + ")");
            motoProfile = profileFile();
            String profileWas = System.setProperty(MotoServer.PROFILE_PROPERTY, motoProfile.toString());
            // Every function's DynamoDB client counts its writes.
            stack = LocalStack.start(new LocalStack.Options(0, 0, null, template, Table.DEFAULT_NAME)
                    .withInterceptors(List.of(counter)));
            if (profileWas == null) {
                System.clearProperty(MotoServer.PROFILE_PROPERTY);
            } else {
                System.setProperty(MotoServer.PROFILE_PROPERTY, profileWas);
            }
            // The baseline is built as the functions' own DynamoDB client is, so the ratio is what the handler and the HTTP hop cost.
            Config functions = stack.wiring("SubmitStoryFunction").config();
            raw = AwsClients.newDynamoDb(stack.dynamoEndpoint(), AwsClients.DEFAULT_REGION,
                    functions.dynamoDbAttemptTimeout(), DefaultCredentialsProvider.builder().build(), List.of(counter));
            addPartners();
            seed();
            if (settings.coldStart()) {
                coldStart();
            } else {
                skippedColdStart("not run in " + settings.mode() + " mode");
            }
            jarSize();
            if (settings.throughput()) {
                writesPerStory();
            }
            fanOut("");
            if (settings.morePartners() > settings.partners()) {
                addPartners(settings.partners() + 1, settings.morePartners());
                fanOut(" (" + settings.morePartners() + " partners)");
            }
            if (!settings.scaleSizes().isEmpty()) {
                new Scale(this).run();
            }
            if (settings.throughput()) {
                throughput();
            }
        } finally {
            if (raw != null) {
                raw.close();
            }
            if (stack != null) {
                stack.close();
            }
            System.setOut(out);
            System.setErr(err);
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        report.header("TellOnce bench (" + settings.mode() + "), " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + ", " + seconds + " s");
        report.header("Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + String.format(Locale.ROOT, ", load average %.2f before, %.2f after", loadBefore, loadAfter));
        report.header("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        if (loggedErrors.get() > 0) {
            report.note(loggedErrors.get() + " ERROR log lines from the functions during the run (see a "
                    + "'tellonce local' run for details).");
        }
        return report;
    }

    LocalStack stack() {
        return stack;
    }

    private static Path profileFile() {
        try {
            Path file = Files.createTempFile("tellonce-moto-profile-", ".json");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** moto's time by action so far (it writes the file every 250 ms: read after a short wait). */
    MotoProfile motoProfile() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return MotoProfile.read(motoProfile);
    }

    /**
     * "FanOutFunction 180 ms (1.0 invocations), …": what each function that ran cost per {@code unit}
     * between the two snapshots of {@link LambdaInvoker#usage()}, the largest first.
     */
    static String functionTimes(Map<String, LambdaInvoker.Usage> before, Map<String, LambdaInvoker.Usage> after,
                                int per, String unit) {
        int n = Math.max(1, per);
        List<Map.Entry<String, LambdaInvoker.Usage>> rows = new ArrayList<>();
        after.forEach((id, now) -> {
            LambdaInvoker.Usage was = before.get(id);
            LambdaInvoker.Usage diff = was == null ? now : now.minus(was);
            if (diff.invocations() > 0) {
                rows.add(Map.entry(id, diff));
            }
        });
        rows.sort(java.util.Comparator.comparingLong((Map.Entry<String, LambdaInvoker.Usage> e) -> e.getValue().nanos())
                .reversed());
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, LambdaInvoker.Usage> e : rows) {
            parts.add(String.format(Locale.ROOT, "%s %.0f ms (%.1f invocations)", e.getKey(),
                    e.getValue().nanos() / 1e6 / n, (double) e.getValue().invocations() / n));
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    BenchReport report() {
        return report;
    }

    Settings settings() {
        return settings;
    }

    void step(String message) {
        progress.println(String.format(Locale.ROOT, "bench [%5.1f s]: %s",
                (System.nanoTime() - startedNanos) / 1e9, message));
        progress.flush();
    }

    // --- setting up ---------------------------------------------------------------------------

    private void addPartners() {
        addPartners(1, Math.max(1, settings.partners()));
    }

    /** Partners {@code from} to {@code to}; the feed watched is the last one's. */
    private void addPartners(int from, int to) {
        int n = to - from + 1;
        step("adding " + n + " partners (topic " + TOPIC + ")");
        PartnerAdmin admin = new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()));
        String lastKey = null;
        for (int i = from; i <= to; i++) {
            String id = String.format(Locale.ROOT, "bench-partner-%03d", i);
            lastKey = admin.add(id, "Bench partner " + i, List.of(TOPIC), List.of()).apiKey();
            watchedPartner = id;
        }
        // Partners are shared with in id order: the last one is the last to see a story.
        watchedFeed = new Feed(stack.baseUrl(), lastKey);
        watchedFeed.drain();
    }

    /** A shared story, so the partner feed has something to show and the stack is warm. */
    private void seed() {
        step("seeding: a shared story");
        String storyId = submit(Kind.ANONYMOUS).path("storyId").asText();
        if (!watchedFeed.waitFor(storyId, Duration.ofSeconds(60))) {
            throw new IllegalStateException("The fan-out did not share a story within 60 s");
        }
    }

    // --- 1. cold start ----------------------------------------------------------------------

    private void skippedColdStart(String why) {
        for (String metric : List.of(COLD_SUBMIT, COLD_FEED, PRIMED_SUBMIT, PRIMED_FEED, CLASSES_SUBMIT, CLASSES_FEED)) {
            report.add(new Row(metric, "-", "-", "-", metric.startsWith("Cold") ? "<= 1.5x" : "-", Result.SKIPPED));
        }
        report.note("Cold start: " + why + ".");
    }

    private void coldStart() {
        if (!Files.isRegularFile(functionsJar)) {
            skippedColdStart(functionsJar + " is missing; build it with 'mvn -q package -DskipTests'");
            return;
        }
        SamTemplate sam = SamTemplate.load(template);
        List<String> flags = new ArrayList<>();
        Object toolOptions = sam.function("SubmitStoryFunction").environment().get("JAVA_TOOL_OPTIONS");
        if (toolOptions != null) {
            flags.addAll(List.of(String.valueOf(toolOptions).trim().split("\\s+")));
        }
        flags.add("-Xshare:auto");
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of(EnvNames.TABLE_NAME, EnvNames.TOPICS, EnvNames.DYNAMODB_ENDPOINT,
                EnvNames.AWS_REGION)) {
            env.put(name, stack.environment("SubmitStoryFunction").get(name));
        }
        // As in AWS, the secret is an SSM parameter read over HTTP at the first request, not a free variable.
        SsmStub ssm = new SsmStub(stack.environment("SubmitStoryFunction").get(EnvNames.RESIDENT_KEY_SECRET));
        env.put(EnvNames.RESIDENT_KEY_SECRET_PARAMETER, SsmStub.PARAMETER);
        env.put(EnvNames.SSM_ENDPOINT, ssm.endpoint());
        ColdStart cold = new ColdStart(functionsJar, flags, env);
        List<ColdStart.Sample> hello = new ArrayList<>();
        List<ColdStart.Sample> submit = new ArrayList<>();
        List<ColdStart.Sample> feed = new ArrayList<>();
        List<ColdStart.Sample> submitPrimed = new ArrayList<>();
        List<ColdStart.Sample> feedPrimed = new ArrayList<>();
        String submitClass = SubmitStoryHandler.class.getName();
        String feedClass = PartnerFeedHandler.class.getName();
        String helloClass = HelloHandler.class.getName();
        try {
            if (settings.coldRuns() >= 5) {
                // One untimed run first, so no one pays for reading the jar into the page cache.
                step("cold start: priming run");
                cold.run(submitClass, "submit", null);
            }
            for (int i = 1; i <= settings.coldRuns(); i++) {
                // Interleaved, so load from elsewhere falls on all three alike.
                step("cold start: run " + i + " of " + settings.coldRuns()
                        + " (hello, POST /stories, partner feed; both again after priming)");
                hello.add(cold.run(helloClass, "submit", null));
                submit.add(cold.run(submitClass, "submit", null));
                feed.add(cold.run(feedClass, "feed", watchedPartner));
                submitPrimed.add(cold.run(submitClass, "submit", null, true));
                feedPrimed.add(cold.run(feedClass, "feed", watchedPartner, true));
            }
        } finally {
            cold.close();
            ssm.close();
        }
        double helloMs = Stats.median(hello.stream().map(ColdStart.Sample::spawnToResponseMs).toList());
        double helloClasses = Stats.median(hello.stream().map(ColdStart.Sample::classes).toList());
        coldRow(COLD_SUBMIT, submit, helloMs);
        coldRow(COLD_FEED, feed, helloMs);
        primedRow(PRIMED_SUBMIT, submitPrimed, submit);
        primedRow(PRIMED_FEED, feedPrimed, feed);
        classesRow(CLASSES_SUBMIT, submit, helloClasses);
        classesRow(CLASSES_FEED, feed, helloClasses);
        report.note("Cold start: median of " + settings.coldRuns() + " fresh JVMs each, from the parent spawning "
                + "'java' to the handler's first response, against moto on this machine, with the resident key "
                + "secret read from a local stand-in for SSM Parameter Store as in AWS; flags "
                + String.join(" ", flags) + " (template.yaml's JAVA_TOOL_OPTIONS), class path = functions.jar + the "
                + "probe. Hello world: " + breakdown(hello) + "; POST /stories: " + breakdown(submit)
                + "; partner feed: " + breakdown(feed) + ". No SnapStart locally: the 'after SnapStart priming' rows "
                + "run the warm-ups the functions register for the snapshot (org.tellonce.config.Priming) in the "
                + "fresh JVM, then time the first request, as a restored container would answer it (the restore "
                + "itself, a few hundred ms in AWS, is not in it; the primed connection is still open). Priming "
                + "took " + fmt0(Stats.median(submitPrimed.stream().map(ColdStart.Sample::primeMs).toList()))
                + " ms (POST /stories) and " + fmt0(Stats.median(feedPrimed.stream().map(ColdStart.Sample::primeMs)
                .toList())) + " ms (partner feed) before the snapshot.");
    }

    private static String breakdown(List<ColdStart.Sample> samples) {
        return String.format(Locale.ROOT, "JVM start->response %.0f ms, handler constructor %.0f ms, first invoke %.0f ms",
                Stats.median(samples.stream().map(ColdStart.Sample::jvmStartToResponseMs).toList()),
                Stats.median(samples.stream().map(ColdStart.Sample::constructMs).toList()),
                Stats.median(samples.stream().map(ColdStart.Sample::invokeMs).toList()));
    }

    private void coldRow(String metric, List<ColdStart.Sample> samples, double helloMs) {
        double ms = Stats.median(samples.stream().map(ColdStart.Sample::spawnToResponseMs).toList());
        double ratio = ms / helloMs;
        report.add(new Row(metric, fmt0(ms) + " ms", "hello world " + fmt0(helloMs) + " ms", fmt2(ratio) + "x",
                "<= 1.5x", ratio <= 1.5 ? Result.PASS : Result.MISS));
    }

    private void primedRow(String metric, List<ColdStart.Sample> primed, List<ColdStart.Sample> unprimed) {
        double ms = Stats.median(primed.stream().map(ColdStart.Sample::invokeMs).toList());
        double before = Stats.median(unprimed.stream().map(ColdStart.Sample::invokeMs).toList());
        report.add(new Row(metric, fmt0(ms) + " ms", "unprimed first invoke " + fmt0(before) + " ms",
                fmt2(ms / before) + "x", "-", Result.INFO));
    }

    private void classesRow(String metric, List<ColdStart.Sample> samples, double helloClasses) {
        double classes = Stats.median(samples.stream().map(ColdStart.Sample::classes).toList());
        report.add(new Row(metric, fmt0(classes), "hello world " + fmt0(helloClasses),
                fmt2(classes / helloClasses) + "x", "-", Result.INFO));
    }

    // --- 5. jar -------------------------------------------------------------------------------

    private void jarSize() {
        if (!Files.isRegularFile(functionsJar)) {
            report.add(new Row(JAR, "missing", "-", "-", "-", Result.SKIPPED));
            return;
        }
        try {
            long bytes = Files.size(functionsJar);
            report.add(new Row(JAR, String.format(Locale.ROOT, "%,d bytes (%.1f MiB)", bytes, bytes / 1048576.0),
                    "-", "-", "-", Result.INFO));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- 4. writes ----------------------------------------------------------------------------

    private void writesPerStory() {
        int n = settings.writeSamples();
        step("writes: " + n + " stories on each intake path, counting DynamoDB requests");
        WriteCounter.Snapshot before = counter.snapshot();
        for (int i = 0; i < n; i++) {
            submit(Kind.MINIMAL);
        }
        WriteCounter.Snapshot minimal = counter.snapshot().minus(before);
        before = counter.snapshot();
        for (int i = 0; i < n; i++) {
            submit(Kind.TRANSACTIONAL);
        }
        WriteCounter.Snapshot transactional = counter.snapshot().minus(before);

        double putItems = (double) minimal.calls(WriteCounter.API, "PutItem") / n;
        double minimalWrites = (double) minimal.writeCalls(WriteCounter.API) / n;
        report.add(new Row(WRITES_MINIMAL, perUnit(minimal, WriteCounter.API, n), "1 PutItem",
                fmt2(minimalWrites / 1.0), "= design minimum",
                near(minimalWrites, 1) && near(putItems, 1) ? Result.PASS : Result.MISS));

        double tx = (double) transactional.calls(WriteCounter.API, "TransactWriteItems") / n;
        double txItems = (double) transactional.items(WriteCounter.API, "TransactWriteItems") / n;
        double txWrites = (double) transactional.writeCalls(WriteCounter.API) / n;
        // Story, idempotency record, duplicate guard; the hourly per-contact counter rides in the same transaction.
        report.add(new Row(WRITES_TRANSACTIONAL, perUnit(transactional, WriteCounter.API, n),
                "1 TransactWriteItems (2-3 items + hourly contact counter)", fmt2(txWrites / 1.0), "= design minimum",
                near(txWrites, 1) && near(tx, 1) && txItems >= 2 - 0.005 && txItems <= 4 + 0.005
                        ? Result.PASS : Result.MISS));
        report.note(String.format(Locale.ROOT, "Reads per story at intake: minimal path %.2f, transactional %.2f "
                        + "(design: none; guards are conditional writes).",
                (double) minimal.readCalls(WriteCounter.API) / n, (double) transactional.readCalls(WriteCounter.API) / n));
    }

    private static boolean near(double value, double expected) {
        return Math.abs(value - expected) < 0.005;
    }

    /** "1.00 requests: PutItem 1.00" with items where a request writes more than one. */
    private static String perUnit(WriteCounter.Snapshot s, String origin, long units) {
        StringBuilder out = new StringBuilder(fmt2((double) s.writeCalls(origin) / units)).append(" req:");
        String sep = " ";
        for (String op : List.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem")) {
            long calls = s.calls(origin, op);
            if (calls == 0) {
                continue;
            }
            out.append(sep).append(op).append(' ').append(fmt2((double) calls / units));
            long items = s.items(origin, op);
            if (items != calls) {
                out.append(" (").append(fmt2((double) items / units)).append(" items)");
            }
            sep = ", ";
        }
        return out.toString();
    }

    // --- 3. fan-out ---------------------------------------------------------------------------

    /** @param suffix after the metric names: "" for the first partners, else how many there are now */
    private void fanOut(String suffix) {
        // With 100 partners a story takes seconds locally: at most 50 of them, so the full run stays in minutes.
        int n = suffix.isEmpty() ? settings.fanOutStories() : Math.min(settings.fanOutStories(), 50);
        int partners = suffix.isEmpty() ? Math.max(1, settings.partners()) : settings.morePartners();
        long target = suffix.isEmpty() ? 1000 : 2000;
        step("fan-out: " + n + " stories shared with " + partners + " partners, polling the last partner's feed");
        WriteCounter.Snapshot before = counter.snapshot();
        MotoProfile motoBefore = motoProfile();
        Map<String, LambdaInvoker.Usage> functionsBefore = stack.invoker().usage();
        long phaseStarted = System.nanoTime();
        List<Long> latencies = new ArrayList<>();
        List<String> references = new ArrayList<>();
        int timeouts = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            JsonNode answer = submit(Kind.ANONYMOUS);
            references.add(answer.path("reference").asText());
            boolean seen = watchedFeed.waitFor(answer.path("storyId").asText(), Duration.ofSeconds(30));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (!seen) {
                timeouts++;
            }
            latencies.add(ms);
        }
        long phaseMillis = (System.nanoTime() - phaseStarted) / 1_000_000;
        Map<String, LambdaInvoker.Usage> functionsAfter = stack.invoker().usage();
        MotoProfile moto = motoProfile().minus(motoBefore);
        WriteCounter.Snapshot shares = counter.snapshot().minus(before);
        report.note(String.format(Locale.ROOT, "Profile of the fan-out%s: %.0f ms per story from submit to the "
                        + "last feed, on average. %s. Functions (time inside the handlers per story): %s.",
                suffix, (double) phaseMillis / Math.max(1, n), moto.describe(n, "story"),
                functionTimes(functionsBefore, functionsAfter, n, "story")));
        long shared = 0;
        for (String reference : references) {
            shared += stack.dynamo().query(b -> b.tableName(stack.table()).select(Select.COUNT).consistentRead(true)
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :share)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("STORY#" + reference),
                            ":share", AttributeValue.fromS(Table.SHARE_PREFIX)))).count();
        }
        double p50 = Stats.percentile(latencies, 50);
        double p95 = Stats.percentile(latencies, 95);
        double p99 = Stats.percentile(latencies, 99);
        report.add(new Row(FAN_OUT + suffix + ", p50", fmt0(p50) + " ms", "-", "-", "-", Result.INFO));
        report.add(new Row(FAN_OUT + suffix + ", p95", fmt0(p95) + " ms", "-", "-", "-", Result.INFO));
        report.add(new Row(FAN_OUT + suffix + ", p99", fmt0(p99) + " ms", "-", "-", "<= " + target + " ms",
                p99 <= target && timeouts == 0 ? Result.PASS : Result.MISS));
        report.note("Fan-out: " + n + " anonymous stories one after another, each shared with all " + partners
                + " partners; time from sending POST /stories to the story showing in the last partner's feed "
                + "(the fan-out shares a story with up to " + org.tellonce.core.sharing.FanOut.PARALLEL_SHARES
                + " partners at once, in id order: the last is in the last round) "
                + "(GET /partner/stories with a cursor every 15 ms), through the local stack's stream poller "
                + "(it polls at once after any function that may write ran, else every 2 s; Lambda's batching window is up to 1 s)."
                + (timeouts > 0 ? " " + timeouts + " stories did not show within 30 s." : ""));

        if (!suffix.isEmpty()) {
            report.note(String.format(Locale.ROOT, "Fan-out%s: %d shares counted in the table, %.2f DynamoDB writes "
                            + "per share by the fan-out (up to %d shares of a story at once).", suffix, shared,
                    (double) shares.writeCalls(WriteCounter.FAN_OUT) / Math.max(1, shared),
                    org.tellonce.core.sharing.FanOut.PARALLEL_SHARES));
            return;
        }
        if (shared == 0) {
            report.add(new Row(WRITES_SHARE, "no shares made", "1 UpdateItem + 1 TransactWriteItems (2 items)", "-",
                    "= design minimum", Result.MISS));
            return;
        }
        double perShare = (double) shares.writeCalls(WriteCounter.FAN_OUT) / shared;
        double updates = (double) shares.calls(WriteCounter.FAN_OUT, "UpdateItem") / shared;
        double tx = (double) shares.calls(WriteCounter.FAN_OUT, "TransactWriteItems") / shared;
        double txItems = (double) shares.items(WriteCounter.FAN_OUT, "TransactWriteItems") / shared;
        report.add(new Row(WRITES_SHARE, perUnit(shares, WriteCounter.FAN_OUT, shared),
                "1 UpdateItem + 1 TransactWriteItems (2 items)", fmt2(perShare / 2.0), "= design minimum",
                near(updates, 1) && near(tx, 1) && near(txItems, 2) ? Result.PASS : Result.MISS));
        report.note(String.format(Locale.ROOT, "Per share: %d shares counted in the table. Reads by the fan-out: "
                        + "%.2f requests per story (the story, read again to confirm the shares, and the partner list once "
                        + "per stream batch).", shared,
                (double) shares.readCalls(WriteCounter.FAN_OUT) / Math.max(1, n)));
    }

    // --- 2. throughput ------------------------------------------------------------------------

    private void throughput() {
        // The stream functions run in their own containers in AWS, not on the intake's CPUs; here they would
        // share two cores with it and spill one slice's backlog into the next. This is the last phase.
        step("throughput: stopping the local stack's stream pollers (fan-out measured above)");
        stack.streamPollers().forEach(StreamPoller::close);
        step("throughput: warming up (" + settings.warmup().toMillis() + " ms per path)");
        // The requests the functions really sent, replayed raw with fresh keys (same items, same conditions).
        submit(Kind.MINIMAL);
        Map<String, AttributeValue> storyItem = counter.lastApiPut().item();
        submit(Kind.TRANSACTIONAL);
        List<TransactWriteItem> txItems = counter.lastApiTransaction().transactItems();
        Op minimal = n -> submitStatus(Kind.MINIMAL) == 201;
        Op transactional = n -> submitStatus(Kind.TRANSACTIONAL) == 201;
        Op putItem = n -> {
            raw.putItem(b -> b.tableName(stack.table()).item(unique(storyItem, n)));
            return true;
        };
        Op transaction = n -> {
            raw.transactWriteItems(b -> b.transactItems(txItems.stream().map(t -> unique(t, n)).toList()));
            return true;
        };
        rawTransactionItems = txItems.size();
        int warmConcurrency = settings.concurrency().stream().max(Integer::compare).orElse(1);
        for (Op op : List.of(minimal, transactional, putItem, transaction)) {
            measure(warmConcurrency, settings.warmup(), op);
        }
        List<Op> ops = List.of(putItem, minimal, transaction, transactional);
        int rounds = settings.rounds();
        Duration slice = settings.cell().dividedBy(rounds);
        for (int c : settings.concurrency()) {
            step("throughput: concurrency " + c + ", " + settings.cell().toMillis() / 1000.0 + " s per path in "
                    + rounds + " interleaved slices");
            // Slices of every path in turn, forwards then backwards (ABBA), so the load of a shared machine
            // falls on intake and raw alike rather than on whichever ran in a bad moment.
            Cell[] cells = new Cell[ops.size()];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < ops.size(); k++) {
                    int i = r % 2 == 0 ? k : ops.size() - 1 - k;
                    Cell cell = measure(c, slice, ops.get(i));
                    cells[i] = cells[i] == null ? cell : cells[i].plus(cell);
                }
            }
            Cell rawPut = cells[0];
            Cell intake = cells[1];
            Cell rawTx = cells[2];
            Cell intakeTx = cells[3];
            throughputRow(INTAKE_MINIMAL + ", c=" + c, intake, rawPut, "raw PutItem");
            throughputRow(INTAKE_TRANSACTIONAL + ", c=" + c, intakeTx, rawPut, "raw PutItem");
            throughputRow(INTAKE_TRANSACTIONAL_VS_TX + ", c=" + c, intakeTx, rawTx,
                    "raw " + rawTransactionItems + "-item tx");
        }
        report.note(String.format(Locale.ROOT, "Throughput: %.1f s per path and concurrency, in %d slices "
                        + "interleaved with the other paths, after a %d ms warm-up per path. Stories/s = 201 answers "
                        + "per second through the local stack's HTTP API (JSON, consent private); raw = the same "
                        + "story item (%d bytes) put with the functions' own DynamoDB client "
                        + "(AwsClients.newDynamoDb) "
                        + "against the same moto; the raw transaction replays the intake's own "
                        + "TransactWriteItems (%d items: story, idempotency record, duplicate guard, hourly contact "
                        + "counter) with fresh keys and the same conditions. Load generator: "
                        + "HttpURLConnection with keep-alive, the same client type. The local stack's stream "
                        + "pollers are stopped for this phase (in AWS the fan-out runs in its own containers, not "
                        + "on the intake's CPUs); function logs are discarded.",
                settings.cell().toMillis() / 1000.0, rounds, settings.warmup().toMillis(), itemSize(storyItem),
                rawTransactionItems));
    }

    private void throughputRow(String metric, Cell intake, Cell baseline, String baselineName) {
        double ratio = intake.rate() / baseline.rate();
        String failures = intake.failed() > 0 ? " (" + intake.failed() + " failed)" : "";
        String baselineFailures = baseline.failed() > 0 ? " (" + baseline.failed() + " failed)" : "";
        report.add(new Row(metric, fmt0(intake.rate()) + " stories/s" + failures,
                baselineName + " " + fmt0(baseline.rate()) + "/s" + baselineFailures, fmt2(ratio), ">= 0.70",
                ratio >= 0.70 && intake.failed() == 0 ? Result.PASS : Result.MISS));
    }

    /** A transaction item with its keys made unique (see {@link #unique(Map, long)}). */
    static TransactWriteItem unique(TransactWriteItem t, long n) {
        if (t.put() != null) {
            return t.toBuilder().put(t.put().toBuilder().item(unique(t.put().item(), n)).build()).build();
        }
        if (t.update() != null) {
            return t.toBuilder().update(t.update().toBuilder().key(unique(t.update().key(), n)).build()).build();
        }
        if (t.delete() != null) {
            return t.toBuilder().delete(t.delete().toBuilder().key(unique(t.delete().key(), n)).build()).build();
        }
        return t.toBuilder().conditionCheck(t.conditionCheck().toBuilder().key(unique(t.conditionCheck().key(), n))
                .build()).build();
    }

    /** The same item with its keys made unique, lengths kept (so the same size), and nothing a story key. */
    static Map<String, AttributeValue> unique(Map<String, AttributeValue> item, long n) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        String digits = String.format(Locale.ROOT, "%010d", n);
        for (String name : List.of(Table.PK, StoryItems.STORY_ID, Table.GSI1PK, Table.GSI1SK, Table.GSI2PK,
                StoryItems.RESIDENT_KEY, StoryItems.DUPLICATE_KEY)) {
            AttributeValue v = copy.get(name);
            if (v == null || v.s() == null || v.s().length() < digits.length() + 4) {
                continue;
            }
            String s = v.s();
            if (name.equals(Table.PK) && s.startsWith("STORY#")) {
                // The fan-out would take a STORY# item for a story: raw items must be something else.
                s = "BENCH#" + s.substring("BENCH#".length());
            }
            copy.put(name, AttributeValue.fromS(s.substring(0, s.length() - digits.length()) + digits));
        }
        return copy;
    }

    /** DynamoDB's item size: attribute names plus values. */
    static long itemSize(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + valueSize(e.getValue());
        }
        return size;
    }

    private static long valueSize(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            return (v.n().length() + 1) / 2 + 1;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToLong(x -> 1 + valueSize(x)).sum();
        }
        if (v.hasM()) {
            return 3 + v.m().entrySet().stream().mapToLong(e -> 1 + e.getKey().length() + valueSize(e.getValue())).sum();
        }
        return 0;
    }

    // --- load ---------------------------------------------------------------------------------

    @FunctionalInterface
    interface Op {
        /** @param n a number unique to this call; @return whether it succeeded */
        boolean call(long n) throws Exception;
    }

    record Cell(long ok, long failed, double seconds) {
        double rate() {
            return ok / seconds;
        }

        Cell plus(Cell other) {
            return new Cell(ok + other.ok, failed + other.failed, seconds + other.seconds);
        }
    }

    /** {@code concurrency} threads doing {@code op} back to back for {@code duration}. */
    Cell measure(int concurrency, Duration duration, Op op) {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "bench-load");
            t.setDaemon(true);
            return t;
        });
        try {
            CountDownLatch go = new CountDownLatch(1);
            AtomicLong deadline = new AtomicLong();
            List<Future<long[]>> workers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                workers.add(pool.submit(() -> {
                    go.await();
                    long ok = 0;
                    long failed = 0;
                    while (System.nanoTime() < deadline.get()) {
                        try {
                            if (op.call(sequence.incrementAndGet())) {
                                ok++;
                            } else {
                                failed++;
                            }
                        } catch (Exception e) {
                            failed++;
                        }
                    }
                    return new long[] {ok, failed, System.nanoTime()};
                }));
            }
            long start = System.nanoTime();
            deadline.set(start + duration.toNanos());
            go.countDown();
            long ok = 0;
            long failed = 0;
            long end = start;
            for (Future<long[]> w : workers) {
                long[] r = w.get();
                ok += r[0];
                failed += r[1];
                end = Math.max(end, r[2]);
            }
            return new Cell(ok, failed, (end - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    enum Kind { MINIMAL, TRANSACTIONAL, ANONYMOUS }

    private JsonNode submit(Kind kind) {
        BenchHttp.Reply reply = kind == Kind.TRANSACTIONAL
                ? send(kind, "bench-" + UUID.randomUUID()) : send(kind, null);
        if (reply.status() != 201) {
            throw new IllegalStateException("POST /stories answered " + reply.status() + ": " + reply.body());
        }
        return parse(reply.body());
    }

    private int submitStatus(Kind kind) {
        return send(kind, kind == Kind.TRANSACTIONAL ? "bench-" + UUID.randomUUID() : null).status();
    }

    private BenchHttp.Reply send(Kind kind, String idempotencyKey) {
        long n = sequence.incrementAndGet();
        ObjectNode body = JSON.createObjectNode();
        body.put("story", String.format(Locale.ROOT, "Story %08d. %s", n, FILLER));
        body.putArray("topics").add(TOPIC);
        body.put("area", "LE1");
        if (kind == Kind.TRANSACTIONAL) {
            body.put("contact", String.format(Locale.ROOT, "resident%08d@example.org", n));
        }
        ObjectNode consent = body.putObject("consent");
        consent.put("share", kind == Kind.ANONYMOUS ? "anonymous" : "private");
        consent.putArray("partners");
        Map<String, String> headers = idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
        return BenchHttp.postJson(stack.baseUrl() + "/stories", body.toString(), headers);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A partner's feed, followed with its cursor as a partner's client would. */
    static final class Feed {
        private final String baseUrl;
        private final Map<String, String> auth;
        private String cursor;

        Feed(String baseUrl, String apiKey) {
            this.baseUrl = baseUrl;
            this.auth = Map.of("Authorization", "Bearer " + apiKey);
        }

        /** Reads to the end; from then on only what is shared since. */
        void drain() {
            while (!page().isEmpty()) {
                // Keep reading.
            }
        }

        /** Polls every 15 ms until the story shows. @return whether it did within {@code timeout} */
        boolean waitFor(String storyId, Duration timeout) {
            long until = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < until) {
                List<String> ids = page();
                if (ids.contains(storyId)) {
                    return true;
                }
                if (ids.isEmpty()) {
                    try {
                        Thread.sleep(15);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            }
            return false;
        }

        private List<String> page() {
            String url = baseUrl + "/partner/stories?limit=100" + (cursor == null ? "" : "&cursor=" + cursor);
            BenchHttp.Reply reply = BenchHttp.get(url, auth);
            if (reply.status() != 200) {
                throw new IllegalStateException("GET /partner/stories answered " + reply.status() + ": " + reply.body());
            }
            JsonNode body = parse(reply.body());
            List<String> ids = new ArrayList<>();
            body.path("items").forEach(item -> ids.add(item.path("storyId").asText()));
            if (body.hasNonNull("nextCursor")) {
                cursor = body.get("nextCursor").asText();
            }
            return ids;
        }
    }

    static String fmt0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Swallows output; counts the functions' ERROR log lines. */
    private static final class QuietStream extends PrintStream {
        private final AtomicInteger errors;

        QuietStream(AtomicInteger errors) {
            super(OutputStream.nullOutputStream());
            this.errors = errors;
        }

        @Override
        public void println(String line) {
            if (line != null && line.contains("\"level\":\"ERROR\"")) {
                errors.incrementAndGet();
            }
        }
    }
}
