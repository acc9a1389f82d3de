package org.tellonce.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.adapters.dynamo.DynamoShareStore;
import org.tellonce.adapters.dynamo.DynamoStoryStore;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.sharing.FanOut;
import org.tellonce.core.sharing.ShareStore;
import org.tellonce.core.sharing.SharingRule;
import org.tellonce.core.sms.TwilioSignature;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.handlers.sharing.FanOutHandler;
import org.tellonce.local.LocalStack;
import org.tellonce.local.StreamPoller;
import org.tellonce.telemetry.Metrics;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Partners;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.SecurityFigures;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryJson;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;

/**
 * Stream records and SMS delivered more than once, out of order and racing consent changes. This test
 * is the stream's only reader (the stack's pollers are stopped), so it decides exactly what is
 * delivered when. Afterwards the share markers (STORY#ref / SHARE#partner) and every partner feed
 * hold exactly what the current consent allows: no orphaned share, no missing one, none twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedeliveryIntegrationTest {
    private static final String NAME = "RedeliveryIntegrationTest";
    private static final String OUR_NUMBER = "+447700900000";
    private static final List<String> PARTNERS = List.of("alpha", "beta", "gamma");
    private static final AtomicLong SEQUENCE = new AtomicLong(1_000);
    private static final AtomicLong REDELIVERIES = new AtomicLong();

    private static LocalStack stack;
    private static StackClient client;
    private static TableItems table;
    private static DynamoStoryStore stories;
    private static DynamoPartnerStore partnerStore;
    private static final Map<String, String> keys = new HashMap<>();
    private static FanOutHandler fanOut;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        stack.streamPollers().forEach(StreamPoller::close);
        client = new StackClient(stack.baseUrl());
        table = new TableItems(stack);
        byte[] secret = stack.environment("SubmitStoryFunction").get("RESIDENT_KEY_SECRET").getBytes(StandardCharsets.UTF_8);
        stories = new DynamoStoryStore(stack.dynamo(), stack.table(), FieldCipher.fromSecret(secret));
        partnerStore = new DynamoPartnerStore(stack.dynamo(), stack.table());
        keys.put("alpha", Partners.add(stack, "alpha", List.of("*"), List.of()));
        keys.put("beta", Partners.add(stack, "beta", List.of("health", "housing"), List.of()));
        keys.put("gamma", Partners.add(stack, "gamma", List.of("*"), List.of("LE1")));
        fanOut = new FanOutHandler(stack.wiring("FanOutFunction"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        SecurityFigures.record(NAME, "redeliveries", REDELIVERIES.get());
    }

    @Test
    void theSameBatchDeliveredTwiceSharesEachStoryOnce() {
        List<Told> told = List.of(
                tell(StoryJson.aStory().topics("health").area("LE1").consent("anonymous")),
                tell(StoryJson.aStory().topics("transport").area("LE2").consent("anonymous")),
                tell(StoryJson.aStory().topics("housing").contact(email()).consent("identified", "beta")),
                tell(StoryJson.aStory().topics("health").consent("private")),
                tell(StoryJson.aStory().topics("health").area("LE1 6AB").consent("anonymous", "gamma", "alpha")));
        DynamodbEvent batch = batch(told.stream().map(t -> record(t.reference(), "INSERT")).toList());

        deliver(batch);
        deliver(batch);
        REDELIVERIES.incrementAndGet();

        assertSharesMatchConsent(told);
    }

    @Test
    void anOlderRecordAfterANewerOneNeitherRevivesAWithdrawnShareNorDropsAWidenedOne() {
        Told narrowed = tell(StoryJson.aStory().topics("health").consent("anonymous"));
        Told widened = tell(StoryJson.aStory().topics("health").consent("private"));
        DynamodbEvent.DynamodbStreamRecord narrowedOld = record(narrowed.reference(), "INSERT");
        DynamodbEvent.DynamodbStreamRecord widenedOld = record(widened.reference(), "INSERT");
        deliver(batch(List.of(narrowedOld, widenedOld)));

        changeConsent(narrowed, "{\"share\":\"private\"}");
        changeConsent(widened, "{\"share\":\"anonymous\",\"partners\":[\"beta\"]}");
        deliver(batch(List.of(record(narrowed.reference(), "MODIFY"), record(widened.reference(), "MODIFY"))));
        // The older records again, after the newer ones (a retried, older batch).
        deliver(batch(List.of(narrowedOld, widenedOld)));
        REDELIVERIES.incrementAndGet();

        assertThat(markers(narrowed)).isEmpty();
        assertThat(markers(widened)).containsExactly("beta");
        assertSharesMatchConsent(List.of(narrowed, widened));
    }

    @Test
    void aFanOutThatReadTheStoryBeforeConsentWasWithdrawnLeavesNoOrphanedShare() throws Exception {
        Told story = tell(StoryJson.aStory().topics("health").area("LE1").consent("anonymous"));
        PausingShares slow = new PausingShares();
        FanOutHandler slowFanOut = new FanOutHandler(new FanOut(slow, Clock.systemUTC()), partnerStore, Metrics.OFF);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // A fan-out reads the story while it is shared...
            Future<StreamsEventResponse> stale = pool.submit(() ->
                    slowFanOut.handleRequest(batch(List.of(record(story.reference(), "INSERT"))), null));
            assertThat(slow.read.await(20, TimeUnit.SECONDS)).isTrue();
            // ...the resident withdraws, and the withdrawal's own record is processed at once...
            changeConsent(story, "{\"share\":\"private\"}");
            deliver(batch(List.of(record(story.reference(), "MODIFY"))));
            // ...then the stale fan-out carries on.
            slow.go.countDown();
            assertThat(stale.get(20, TimeUnit.SECONDS).getBatchItemFailures()).isEmpty();
        } finally {
            slow.go.countDown();
            pool.shutdownNow();
        }
        REDELIVERIES.incrementAndGet();

        assertThat(markers(story)).as("shares of a withdrawn story").isEmpty();
        assertSharesMatchConsent(List.of(story));
    }

    @Test
    void aFanOutThatReadTheStoryWhileWithdrawnDoesNotRemoveSharesConsentedSince() throws Exception {
        Told story = tell(StoryJson.aStory().topics("health").area("LE1").consent("anonymous"));
        deliver(batch(List.of(record(story.reference(), "INSERT"))));
        changeConsent(story, "{\"share\":\"private\"}");
        PausingShares slow = new PausingShares();
        FanOutHandler slowFanOut = new FanOutHandler(new FanOut(slow, Clock.systemUTC()), partnerStore, Metrics.OFF);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // A fan-out reads the story while it is withdrawn (its shares not yet removed)...
            Future<StreamsEventResponse> stale = pool.submit(() ->
                    slowFanOut.handleRequest(batch(List.of(record(story.reference(), "MODIFY"))), null));
            assertThat(slow.read.await(20, TimeUnit.SECONDS)).isTrue();
            // ...the resident shares it again, and that change's record is processed at once...
            changeConsent(story, "{\"share\":\"anonymous\",\"partners\":[]}");
            deliver(batch(List.of(record(story.reference(), "MODIFY"))));
            // ...then the stale fan-out carries on.
            slow.go.countDown();
            assertThat(stale.get(20, TimeUnit.SECONDS).getBatchItemFailures()).isEmpty();
        } finally {
            slow.go.countDown();
            pool.shutdownNow();
        }
        REDELIVERIES.incrementAndGet();

        assertThat(markers(story)).as("shares of a story shared again").containsExactlyInAnyOrder(PARTNERS.toArray(String[]::new));
        assertSharesMatchConsent(List.of(story));
    }

    @Test
    void consentChangesRacingRedeliveredFanOutsEndWithExactlyTheSharesTheLastConsentAllows() throws Exception {
        Random random = new Random(20_241_124L);
        List<Told> told = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            told.add(tell(StoryJson.aStory().topics(i % 2 == 0 ? "health" : "transport").area("LE1")
                    .contact(email()).consent("anonymous")));
        }
        List<String> consents = List.of("{\"share\":\"private\"}", "{\"share\":\"anonymous\",\"partners\":[]}",
                "{\"share\":\"anonymous\",\"partners\":[\"alpha\"]}", "{\"share\":\"identified\",\"partners\":[\"beta\"]}",
                "{\"share\":\"identified\",\"partners\":[]}", "{\"share\":\"anonymous\",\"partners\":[\"gamma\",\"beta\"]}");
        List<List<String>> plans = new ArrayList<>();
        for (int i = 0; i < told.size(); i++) {
            List<String> plan = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                plan.add(consents.get(random.nextInt(consents.size())));
            }
            plans.add(plan);
        }
        List<Long> redeliverySeeds = List.of(random.nextLong(), random.nextLong(), random.nextLong());

        ExecutorService pool = Executors.newFixedThreadPool(told.size() + redeliverySeeds.size());
        AtomicBoolean changing = new AtomicBoolean(true);
        AtomicLong racingFanOuts = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(told.size() + redeliverySeeds.size());
        try {
            List<Future<?>> changers = new ArrayList<>();
            for (int i = 0; i < told.size(); i++) {
                Told story = told.get(i);
                List<String> plan = plans.get(i);
                changers.add(pool.submit(() -> {
                    ready.countDown();
                    ready.await();
                    for (String consent : plan) {
                        changeConsent(story, consent);
                        // The change's own stream record, processed after it (as Lambda would).
                        deliver(batch(List.of(record(story.reference(), "MODIFY"))));
                    }
                    return null;
                }));
            }
            List<Future<?>> redeliverers = new ArrayList<>();
            for (long seed : redeliverySeeds) {
                redeliverers.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    ready.countDown();
                    ready.await();
                    while (changing.get()) {
                        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
                        for (Told t : told) {
                            if (r.nextBoolean()) {
                                records.add(record(t.reference(), "MODIFY"));
                            }
                        }
                        Collections.shuffle(records, r);
                        deliver(batch(records));
                        racingFanOuts.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : changers) {
                f.get(60, TimeUnit.SECONDS);
            }
            changing.set(false);
            for (Future<?> f : redeliverers) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            changing.set(false);
            pool.shutdownNow();
        }
        REDELIVERIES.addAndGet(racingFanOuts.get());
        SecurityFigures.record(NAME, "racing_fan_outs", racingFanOuts.get());

        assertSharesMatchConsent(told);
    }

    @Test
    void theSameSmsDelivered20TimesAcross8ThreadsIsOneStoryWithOneReply() throws Exception {
        String phone = "+447700900411";
        String text = StoryTexts.unique("The footbridge over the canal has been shut for a year now.");
        byte[] message = ("{\"originationNumber\":\"" + phone + "\",\"destinationNumber\":\"" + OUR_NUMBER
                + "\",\"messageBody\":\"" + text + "\",\"inboundMessageId\":\"storm-" + UUID.randomUUID() + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        List<Integer> statuses = storm(20, 8, () -> client.post("/_local/sms", "application/json", message));
        REDELIVERIES.addAndGet(19);

        assertThat(statuses).containsOnly(202).hasSize(20);
        assertThat(table.storiesTelling(text)).hasSize(1);
        assertThat(client.get("/_local/sms/outbox").json().path("messages").findValuesAsText("to"))
                .filteredOn(phone::equals).hasSize(1);
    }

    @Test
    void theSameTwilioWebhookDelivered20TimesAcross8ThreadsIsOneStory() throws Exception {
        String phone = "+447700900412";
        String text = StoryTexts.unique("The playground swings were taken away and never put back.");
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        String url = stack.baseUrl() + "/sms/twilio";
        String signature = new TwilioSignature(stack.environment("TwilioWebhookFunction").get("TWILIO_AUTH_TOKEN")).sign(url, new TreeMap<>(
                Map.of("Body", List.of(text), "From", List.of(phone), "MessageSid", List.of(sid),
                        "To", List.of(OUR_NUMBER))));
        byte[] body = FormBodies.of("Body", text, "From", phone, "MessageSid", sid, "To", OUR_NUMBER)
                .getBytes(StandardCharsets.UTF_8);

        List<Integer> statuses = storm(20, 8, () -> client.post("/sms/twilio", "application/x-www-form-urlencoded",
                body, "X-Twilio-Signature", signature));
        REDELIVERIES.addAndGet(19);

        assertThat(statuses).containsOnly(200).hasSize(20);
        assertThat(table.storiesTelling(text)).hasSize(1);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private record Told(String text, Reference reference, String storyId, String token) {
    }

    private static Told tell(StoryJson story) {
        Response answer = client.postJson(story.json());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        JsonNode json = answer.json();
        return new Told(story.text(), new Reference(json.path("reference").asText()), json.path("storyId").asText(),
                json.path("manageToken").asText());
    }

    private static String email() {
        return "redelivery." + UUID.randomUUID() + "@example.org";
    }

    private static void changeConsent(Told story, String consent) {
        Response answer = client.send("PUT", "/stories/" + story.reference().value() + "/consent", "application/json",
                consent, "Authorization", "Bearer " + story.token());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private static void deliver(DynamodbEvent batch) {
        StreamsEventResponse response = fanOut.handleRequest(batch, null);
        assertThat(response.getBatchItemFailures()).as("batch item failures").isEmpty();
    }

    private static DynamodbEvent batch(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    /** A stream record of the story item, with the story as it is now as its image. */
    private static DynamodbEvent.DynamodbStreamRecord record(Reference reference, String eventName) {
        Map<String, AttributeValue> keys = Map.of("PK", new AttributeValue().withS("STORY#" + reference.value()),
                "SK", new AttributeValue().withS("STORY"));
        StreamRecord sr = new StreamRecord();
        sr.setKeys(keys);
        Map<String, AttributeValue> image = new HashMap<>(keys);
        stories.load(reference).ifPresent(s -> image.put("share",
                new AttributeValue().withS(s.story().consent().share().wire())));
        sr.setNewImage(image);
        sr.setSequenceNumber(Long.toString(SEQUENCE.incrementAndGet()));
        sr.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.NEW_AND_OLD_IMAGES);
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID(UUID.randomUUID().toString());
        record.setEventName(eventName);
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion("eu-west-2");
        record.setDynamodb(sr);
        return record;
    }

    /** The partners holding a share marker of the story. */
    private static Set<String> markers(Told story) {
        return new TreeSet<>(stories.load(story.reference()).orElseThrow().sharedWith().stream()
                .map(StoredStory.SharedWith::partnerId).toList());
    }

    /** Markers and feeds against the rule applied to each story's current consent. */
    private static void assertSharesMatchConsent(List<Told> told) {
        List<Partner> partners = partnerStore.all();
        Map<String, Set<String>> expectedFeeds = new TreeMap<>();
        PARTNERS.forEach(p -> expectedFeeds.put(p, new TreeSet<>()));
        for (Told t : told) {
            StoredStory stored = stories.load(t.reference()).orElseThrow();
            Set<String> expected = new TreeSet<>(SharingRule.audience(stored.story(), partners).stream()
                    .map(Partner::id).toList());
            assertThat(markers(t)).as("share markers of a story with consent " + stored.story().consent())
                    .isEqualTo(expected);
            expected.forEach(p -> expectedFeeds.get(p).add(t.storyId()));
        }
        Set<String> ours = new HashSet<>(told.stream().map(Told::storyId).toList());
        for (String partner : PARTNERS) {
            List<String> feed = feed(partner).stream().filter(ours::contains).toList();
            assertThat(feed).as(partner + "'s feed holds each story at most once").doesNotHaveDuplicates();
            assertThat(new TreeSet<>(feed)).as(partner + "'s feed").isEqualTo(expectedFeeds.get(partner));
        }
    }

    /** Every storyId in the partner's feed, following nextCursor to the end. */
    private static List<String> feed(String partner) {
        List<String> ids = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        for (int page = 0; page < 50; page++) {
            Response answer = client.get("/partner/stories?limit=100" + cursor.map(c -> "&cursor=" + c).orElse(""),
                    "Authorization", Partners.bearer(keys.get(partner)));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            answer.json().path("items").forEach(item -> ids.add(item.path("storyId").asText()));
            JsonNode next = answer.json().path("nextCursor");
            if (next.isNull()) {
                return ids;
            }
            cursor = Optional.of(next.asText());
        }
        throw new AssertionError("the feed did not end");
    }

    private static List<Integer> storm(int deliveries, int threads, java.util.function.Supplier<Response> send)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return send.get().status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get(60, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The real share store, but the first read of a story waits until the test lets it go on. */
    private static final class PausingShares implements ShareStore {
        private final DynamoShareStore real = new DynamoShareStore(stack.dynamo(), stack.table(), org.tellonce.core.crypto.FieldCipher.fromSecret(
                stack.environment("SubmitStoryFunction").get("RESIDENT_KEY_SECRET").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        final CountDownLatch read = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);
        private final AtomicBoolean paused = new AtomicBoolean();

        @Override
        public Optional<StoredStory> story(Reference reference) {
            Optional<StoredStory> story = real.story(reference);
            if (paused.compareAndSet(false, true)) {
                read.countDown();
                try {
                    go.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return story;
        }

        @Override
        public boolean share(StoredStory story, Partner partner, Instant now) {
            return real.share(story, partner, now);
        }

        @Override
        public boolean unshare(Reference reference, String partnerId) {
            return real.unshare(reference, partnerId);
        }

        @Override
        public boolean hold(Reference reference, Instant now) {
            return real.hold(reference, now);
        }
    }
}
