package org.tellonce.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.bench.BenchReport.Result;
import org.tellonce.bench.BenchReport.Row;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.export.TableExport;
import org.tellonce.local.LambdaInvoker;
import org.tellonce.local.LocalStack;
import org.tellonce.local.StreamPoller;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The growth rows (SPEC section 9: "cost grows with the work, not with the table"): the table is seeded
 * with shared stories ({@link BulkLoader}) to each size, and at each size the same requests are timed
 * through the local stack: a feed page, a story view with the resident's history, an intake, a consent
 * change and an erasure, interleaved so a busy moment falls on all of them; then the export. The
 * ratio of the largest size to the smallest is what the table's growth costs (1.0: nothing).
 */
final class Scale {
    static final String FEED_PAGE = "Scale, feed page (GET /partner/stories?limit=50)";
    static final String STORY_VIEW = "Scale, story view with history (GET /partner/stories/{id})";
    static final String INTAKE = "Scale, intake (POST /stories)";
    static final String CONSENT = "Scale, consent change (PUT /stories/{ref}/consent)";
    static final String ERASURE = "Scale, erasure (DELETE /stories/{ref})";
    static final String EXPORT_TIME = "Scale, export (TableExport), seconds per 10,000 stories";
    static final String EXPORT_READS = "Scale, export read units per 10,000 stories";
    static final List<String> ROUTES = List.of(FEED_PAGE, STORY_VIEW, INTAKE, CONSENT, ERASURE);

    static final String TOPIC = "transport";
    static final String PARTNER = "bench-scale";
    private static final int WARMUP = 3;
    private static final int LOADER_THREADS = 4;
    /**
     * The largest table the export is timed at. moto serialises a Scan's items at about 1 ms each, so
     * exporting 100,000 stories (300,000 items) would take most of the 15 minutes, and 10,000 minutes too on a busy machine.
     */
    static final int EXPORT_MAX = 5_000;

    private final Bench bench;
    private final LocalStack stack;
    private final Random random = new Random(20);
    private final Map<Integer, Map<String, List<Long>>> timings = new LinkedHashMap<>();
    private final Map<Integer, double[]> exports = new LinkedHashMap<>();
    /** At each size: what each function's invocations allocated during the timed rounds. */
    private final Map<Integer, Map<String, LambdaInvoker.Usage>> memory = new LinkedHashMap<>();
    static final String MEMORY = "Scale, memory: most allocated by one invocation, ";
    private final List<String> loads = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private String apiKey;
    private DynamoDbClient exportClient;
    private long sequence;

    Scale(Bench bench) {
        this.bench = bench;
        this.stack = bench.stack();
    }

    void run() {
        List<Integer> sizes = bench.settings().scaleSizes();
        bench.step("scale: adding partner " + PARTNER + " (topic " + TOPIC + ", which no other bench partner takes)");
        apiKey = new PartnerAdmin(new DynamoPartnerStore(stack.dynamo(), stack.table()))
                .add(PARTNER, "Bench scale partner", List.of(TOPIC), List.of()).apiKey();
        Partner partner = new Partner(PARTNER, "Bench scale partner", List.of(TOPIC), List.of(), true);
        BulkLoader loader = new BulkLoader(stack.dynamo(), stack.table(),
                stack.wiring("SubmitStoryFunction").fieldCipher(), partner, TOPIC, LOADER_THREADS);
        // moto answers a 1 MB Scan page in seconds (its serialiser, about 1 ms an item), past the functions'
        // 5 s socket timeout on a busy machine: the export gets a client of its own that waits.
        exportClient = DynamoDbClient.builder()
                .endpointOverride(URI.create(stack.dynamoEndpoint()))
                .region(AwsClients.DEFAULT_REGION)
                .credentialsProvider(AwsClients.localCredentials())
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(5)).build())
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(30)))
                .build();
        try {
            for (int size : sizes) {
                if (size > EXPORT_MAX && loader.stories() < EXPORT_MAX) {
                    // The export at the largest size would take most of the run on moto: it is timed up to here.
                    load(loader, EXPORT_MAX);
                    export(EXPORT_MAX, loader);
                }
                load(loader, size);
                measure(size, loader);
                if (size <= EXPORT_MAX) {
                    export(size, loader);
                }
            }
        } finally {
            exportClient.close();
        }
        report(sizes, loader);
    }

    private void load(BulkLoader loader, int size) {
        bench.step(String.format(Locale.ROOT, "scale: seeding the table to %,d stories (BatchWriteItem, %d threads)",
                size, LOADER_THREADS));
        // What the functions still have to do first; then they see nothing of the load.
        sleep(2000);
        stack.streamPollers().forEach(StreamPoller::pause);
        long itemsBefore = loader.items();
        long requestsBefore = loader.requests();
        int from = loader.stories();
        double seconds;
        try {
            seconds = loader.loadTo(size);
        } finally {
            stack.streamPollers().forEach(StreamPoller::resumeAtLatest);
        }
        long items = loader.items() - itemsBefore;
        loads.add(String.format(Locale.ROOT, "%,d to %,d stories: %,d items in %,d BatchWriteItem requests, %.1f s "
                        + "(%.0f items/s)", from, size, items, loader.requests() - requestsBefore, seconds,
                items / Math.max(seconds, 1e-9)));
        bench.step(loads.get(loads.size() - 1));
    }

    private void measure(int size, BulkLoader loader) {
        int samples = bench.settings().scaleSamples();
        bench.step("scale: " + samples + " of each request at " + String.format(Locale.ROOT, "%,d", size)
                + " stories (feed page, story view, intake, consent change, erasure), interleaved");
        Map<String, List<Long>> times = new LinkedHashMap<>();
        ROUTES.forEach(r -> times.put(r, new ArrayList<>()));
        Map<String, LambdaInvoker.Usage> usageBefore = Map.of();
        for (int i = 0; i < WARMUP + samples; i++) {
            if (i == WARMUP) {
                stack.invoker().resetLargest();
                usageBefore = stack.invoker().usage();
            }
            Map<String, Long> one = round(size, loader);
            if (i >= WARMUP) {
                one.forEach((route, ms) -> times.get(route).add(ms));
            }
            if ((i + 1) % 10 == 0) {
                bench.step("scale: round " + (i + 1) + ", ms: " + one);
            }
        }
        timings.put(size, times);
        // The stream functions finish what the last round wrote (the fan-out of its consent change and erasure).
        sleep(1500);
        Map<String, LambdaInvoker.Usage> used = new LinkedHashMap<>();
        Map<String, LambdaInvoker.Usage> before = usageBefore;
        stack.invoker().usage().forEach((id, now) -> {
            LambdaInvoker.Usage diff = before.containsKey(id) ? now.minus(before.get(id)) : now;
            if (diff.invocations() > 0) {
                used.put(id, diff);
            }
        });
        memory.put(size, used);
    }

    private void export(int size, BulkLoader loader) {
        bench.step("scale: export at " + String.format(Locale.ROOT, "%,d", size) + " stories");
        long t0 = System.nanoTime();
        new TableExport(exportClient, stack.table()).read();
        double seconds = (System.nanoTime() - t0) / 1e9;
        // DynamoDB charges a Scan for every item it reads, whole (a projection or a filter lowers nothing):
        // 4 KB a read unit, half a unit when eventually consistent, as the export's Scan is.
        double readUnits = loader.bytes() / 4096.0 / 2;
        exports.put(size, new double[] {seconds, readUnits, loader.stories()});
    }

    /** One of each request; @return milliseconds per route */
    private Map<String, Long> round(int size, BulkLoader loader) {
        Map<String, Long> out = new LinkedHashMap<>();
        Map<String, String> partnerAuth = Map.of("Authorization", "Bearer " + apiKey);

        long t0 = System.nanoTime();
        BenchHttp.Reply feed = BenchHttp.get(stack.baseUrl() + "/partner/stories?limit=50", partnerAuth);
        out.put(FEED_PAGE, ms(t0));
        check(feed, 200, FEED_PAGE);

        int n = BulkLoader.withHistory(random.nextInt(Integer.MAX_VALUE), size);
        t0 = System.nanoTime();
        BenchHttp.Reply view = BenchHttp.get(stack.baseUrl() + "/partner/stories/" + BulkLoader.storyId(n), partnerAuth);
        out.put(STORY_VIEW, ms(t0));
        if (check(view, 200, STORY_VIEW)) {
            int earlier = Bench.parse(view.body()).path("history").size();
            if (earlier != BulkLoader.STORIES_PER_RESIDENT - 1) {
                problems.add("story view showed " + earlier + " earlier stories, not "
                        + (BulkLoader.STORIES_PER_RESIDENT - 1));
            }
        }

        ObjectNode story = JsonNodeFactory.instance.objectNode();
        story.put("story", String.format(Locale.ROOT, "Scale story %08d. The footpath by the school has been "
                + "flooded for a month and children walk in the road to get past it.", ++sequence));
        story.putArray("topics").add(TOPIC);
        story.put("area", "LE1");
        story.putObject("consent").put("share", "private").putArray("partners");
        t0 = System.nanoTime();
        BenchHttp.Reply told = BenchHttp.postJson(stack.baseUrl() + "/stories", story.toString(), Map.of());
        out.put(INTAKE, ms(t0));
        if (!check(told, 201, INTAKE)) {
            return out;
        }
        JsonNode answer = Bench.parse(told.body());
        String reference = answer.path("reference").asText();
        Map<String, String> owner = Map.of("Authorization", "Bearer " + answer.path("manageToken").asText());

        ObjectNode consent = JsonNodeFactory.instance.objectNode();
        consent.put("share", "anonymous");
        consent.putArray("partners");
        t0 = System.nanoTime();
        BenchHttp.Reply changed = BenchHttp.send("PUT", stack.baseUrl() + "/stories/" + reference + "/consent",
                "application/json", consent.toString().getBytes(StandardCharsets.UTF_8), owner);
        out.put(CONSENT, ms(t0));
        check(changed, 200, CONSENT);

        t0 = System.nanoTime();
        BenchHttp.Reply erased = BenchHttp.send("DELETE", stack.baseUrl() + "/stories/" + reference, null, null, owner);
        out.put(ERASURE, ms(t0));
        check(erased, 204, ERASURE);
        return out;
    }

    private boolean check(BenchHttp.Reply reply, int expected, String what) {
        if (reply.status() != expected) {
            problems.add(what + " answered " + reply.status());
            return false;
        }
        return true;
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void report(List<Integer> sizes, BulkLoader loader) {
        BenchReport report = bench.report();
        int small = sizes.get(0);
        int large = sizes.get(sizes.size() - 1);
        for (String route : ROUTES) {
            for (int p : List.of(50, 99)) {
                double big = Stats.percentile(timings.get(large).get(route), p);
                double base = Stats.percentile(timings.get(small).get(route), p);
                boolean compared = large != small;
                double ratio = big / Math.max(base, 1);
                Result result = !compared || p != 50 ? Result.INFO : ratio <= 1.25 ? Result.PASS : Result.MISS;
                report.add(new Row(route + ", p" + p, Bench.fmt0(big) + " ms at " + count(large),
                        compared ? Bench.fmt0(base) + " ms at " + count(small) : "-",
                        compared ? Bench.fmt2(ratio) : "-", p == 50 ? "~1.0 (<= 1.25)" : "-", result));
            }
        }
        memoryRows(report, small, large);
        List<Integer> exported = new ArrayList<>(exports.keySet());
        int exportSmall = exported.get(0);
        int exportLarge = exported.get(exported.size() - 1);
        double[] bigExport = exports.get(exportLarge);
        double[] smallExport = exports.get(exportSmall);
        double bigPer = bigExport[0] / bigExport[2] * 10_000;
        double smallPer = smallExport[0] / smallExport[2] * 10_000;
        boolean two = exportLarge != exportSmall;
        report.add(new Row(EXPORT_TIME, String.format(Locale.ROOT, "%.2f s at %s (%.1f s in all)", bigPer,
                count(exportLarge), bigExport[0]), two ? String.format(Locale.ROOT, "%.2f s at %s (%.1f s)", smallPer,
                count(exportSmall), smallExport[0]) : "-", two ? Bench.fmt2(bigPer / smallPer) : "-",
                "linear (~1.0)", Result.INFO));
        report.add(new Row(EXPORT_READS, String.format(Locale.ROOT, "%.0f RCU at %s", bigExport[1] / bigExport[2] * 10_000,
                count(exportLarge)), two ? String.format(Locale.ROOT, "%.0f RCU at %s",
                smallExport[1] / smallExport[2] * 10_000, count(exportSmall)) : "-",
                two ? Bench.fmt2(bigExport[1] / bigExport[2] / (smallExport[1] / smallExport[2])) : "-", "linear (~1.0)",
                Result.INFO));
        report.note("Scale: the table seeded by BulkLoader with stories shared already (the story item with its "
                + "fields sealed by the functions' cipher, the share marker and the partner's feed entry, as the "
                + "real write path leaves them; anonymous, topic " + TOPIC + ", taken only by partner " + PARTNER
                + ", which holds them all; a quarter told with a proven contact, 5 stories a resident, so a resident's "
                + "last story has 4 earlier ones; the rest anonymous without contact). The stream pollers are paused while loading. Loads: " + String.join("; ", loads)
                + ". At each size: " + WARMUP + " untimed rounds, then " + bench.settings().scaleSamples()
                + " rounds of: the partner's first feed page (50 stories, a quarter with their residents' history), "
                + "one seeded story with its 4 earlier ones, a story told (private, no contact), its consent widened to anonymous, and its erasure. "
                + "Sizes count the seeded stories; the table also holds the fan-out rows' stories.");
        report.note(String.format(Locale.ROOT, "Scale, export: TableExport.read() (what 'tellonce export' reads: one "
                + "Scan with a projection) timed once per size up to " + String.format(Locale.ROOT, "%,d", EXPORT_MAX)
                + " stories (moto serialises a Scan's items at about 1 ms each: beyond that it would take most of "
                + "the run). Read units are computed, not reported by moto (which "
                + "answers a fixed number): DynamoDB charges a Scan for the whole of every item it reads, whatever "
                + "the projection or the filter, at 4 KB a unit, half for an eventually consistent read: the "
                + "seeded stories' 3 items come to %.0f bytes a story (the other items are not counted), so the "
                + "units follow the stories stored, not the attributes the export keeps.",
                (double) loader.bytes() / Math.max(1, loader.stories())));
        if (!problems.isEmpty()) {
            report.note("Scale: " + problems.size() + " requests went wrong, e.g. " + problems.get(0) + ".");
        }
    }

    /**
     * One row per function that ran at both sizes: the most one invocation allocated (on its own thread) in
     * the timed rounds. A function that read a whole feed or table would allocate in proportion to it.
     */
    private void memoryRows(BenchReport report, int small, int large) {
        Map<String, LambdaInvoker.Usage> big = memory.getOrDefault(large, Map.of());
        Map<String, LambdaInvoker.Usage> base = memory.getOrDefault(small, Map.of());
        List<String> functions = new ArrayList<>(big.keySet());
        functions.sort(String::compareTo);
        for (String function : functions) {
            LambdaInvoker.Usage at = big.get(function);
            LambdaInvoker.Usage was = base.get(function);
            boolean compared = was != null && large != small;
            double ratio = compared ? (double) at.maxAllocatedBytes() / Math.max(1, was.maxAllocatedBytes()) : 0;
            // Allocation varies by a few MB with what the JIT has compiled: a growth within 2 MB is no growth.
            boolean flat = !compared || ratio <= 1.5 || at.maxAllocatedBytes() - was.maxAllocatedBytes() < 2 << 20;
            report.add(new Row(MEMORY + function, mb(at.maxAllocatedBytes()) + " at " + count(large)
                    + String.format(Locale.ROOT, " (%.1f MB average, %d invocations)",
                    at.allocatedBytes() / 1048576.0 / Math.max(1, at.invocations()), at.invocations()),
                    compared ? mb(was.maxAllocatedBytes()) + " at " + count(small) : "-",
                    compared ? Bench.fmt2(ratio) : "-", "no growth", !compared ? Result.INFO
                    : flat ? Result.PASS : Result.MISS));
        }
        report.note("Scale, memory: bytes allocated by one invocation on the thread that ran it (the local stack "
                + "runs every function in one JVM: ThreadMXBean's per-thread allocation counter, read before and "
                + "after each invocation), the most of any invocation during the timed rounds at each size. It "
                + "bounds what an invocation can hold at once: the functions are 1,024 MB (template.yaml). The "
                + "fan-out's share writers run on threads of its own and are not counted; its own thread reads the "
                + "story and the partners. 'no growth': at most 1.5 times, or within 2 MB, at the largest size.");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private static String count(int stories) {
        return String.format(Locale.ROOT, "%,d", stories);
    }
}
