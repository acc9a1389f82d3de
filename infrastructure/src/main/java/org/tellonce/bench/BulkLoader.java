package org.tellonce.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.tellonce.adapters.dynamo.DynamoAccessLog;
import org.tellonce.adapters.dynamo.DynamoShareStore;
import org.tellonce.adapters.dynamo.StoryItems;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.core.access.AccessEntry;
import org.tellonce.core.access.Action;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Seeds the table with stories already shared, as the real write path leaves them: for story {@code n}
 * the story item ({@link StoryItems#toItem}, fields sealed with the functions' own cipher), the share
 * marker and the partner's feed entry ({@link DynamoShareStore#marker}, {@link DynamoShareStore#sharedEntry}),
 * and at the end the partner's feed sequence counter. Not written: the intake's short-lived guard items
 * (idempotency record, duplicate guard, hourly counter), which expire by TTL. {@code BatchWriteItem} 25
 * items at a time on several threads. The stream pollers should be paused meanwhile: the stories are
 * written shared already, and no function needs to see them arrive.
 *
 * <p>Every story is a web story, anonymous, topic {@code topic} (which only {@code partner} takes, so
 * the sharing rule agrees with the shares written). A quarter have a proven e-mail contact, in blocks of
 * {@link #STORIES_PER_RESIDENT} consecutive stories per resident, so the last of a block has that many
 * minus one earlier ones: what the partner's story view shows as history.
 */
final class BulkLoader {
    static final int STORIES_PER_RESIDENT = 5;
    /** One block of a resident's stories in this many: a quarter of the stories have a proven contact. */
    static final int BLOCKS_PER_RESIDENT = 4;
    private static final int BATCH = 25;
    private static final int STORIES_PER_TASK = 200;
    private static final Instant FIRST = Instant.parse("2026-01-01T08:00:00Z");
    private static final String TEXT = "Story %08d. The night bus from the hospital stopped running at ten, so after visiting "
            + "my husband I wait an hour for a taxi I cannot really afford. Other visitors say the same. Could "
            + "the last bus run later, or could the hospital tell people before they come in the evening?";

    private final DynamoDbClient dynamo;
    private final String table;
    private final FieldCipher cipher;
    private final Partner partner;
    private final String topic;
    private final int threads;
    private final int storiesPerResident;
    private final int blocksPerResident;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private int stories;

    BulkLoader(DynamoDbClient dynamo, String table, FieldCipher cipher, Partner partner, String topic, int threads) {
        this(dynamo, table, cipher, partner, topic, threads, STORIES_PER_RESIDENT, BLOCKS_PER_RESIDENT);
    }

    /**
     * With another layout: blocks of {@code storiesPerResident} consecutive stories, the first of every
     * {@code blocksPerResident} blocks one resident's (with a proven contact), the others anonymous.
     */
    BulkLoader(DynamoDbClient dynamo, String table, FieldCipher cipher, Partner partner, String topic, int threads,
               int storiesPerResident, int blocksPerResident) {
        this.storiesPerResident = storiesPerResident;
        this.blocksPerResident = blocksPerResident;
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
        this.partner = partner;
        this.topic = topic;
        this.threads = threads;
    }

    /** Stories seeded so far. */
    int stories() {
        return stories;
    }

    /** Bytes of every item written (DynamoDB's item size: names and values). */
    long bytes() {
        return bytes.get();
    }

    long items() {
        return items.get();
    }

    long requests() {
        return requests.get();
    }

    /**
     * Seeds stories until {@code target} are stored, continuing the partner's feed from its counter (the
     * real fan-out may have shared since the last load). @return seconds taken
     */
    double loadTo(int target) {
        if (target <= stories) {
            return 0;
        }
        long started = System.nanoTime();
        long firstSeq = currentSequence() + 1;
        int from = stories;
        List<Runnable> tasks = new ArrayList<>();
        for (int start = from; start < target; start += STORIES_PER_TASK) {
            int first = start;
            int end = Math.min(target, start + STORIES_PER_TASK);
            tasks.add(() -> write(first, end, firstSeq - from));
        }
        runAll(tasks, "The bulk load");
        long lastSeq = firstSeq + (target - from) - 1;
        dynamo.putItem(b -> b.tableName(table).item(DynamoShareStore.sequence(partner.id(), lastSeq)));
        stories = target;
        return (System.nanoTime() - started) / 1e9;
    }

    /** Where one resident's many stories start among the reference numbers (far from the bench's own). */
    static final int RESIDENT_STORIES_BASE = 5_000_000;
    private static final String LONG_TEXT = "Останній автобус від лікарні їде о десятій, тож після відвідин чоловіка "
            + "я чекаю годину на таксі, якого не можу собі дозволити. Інші відвідувачі кажуть те саме. ";

    /**
     * Seeds {@code count} stories told by one resident with a proven e-mail contact (as after a code), one a
     * minute, identified, each {@code textChars} characters long (Ukrainian, Welsh and Polish text, so most
     * characters take two bytes in UTF-8), shared with this loader's partner and continuing its feed. The resident key is the
     * one the functions compute ({@code ResidentKeys.of}), so the resident signs in with that contact.
     * @return the references, oldest first
     */
    List<Reference> loadResident(Contact contact, String residentKey, int count, int textChars) {
        return loadResident(contact, residentKey, count, textChars, 0);
    }

    /**
     * As {@link #loadResident(Contact, String, int, int)}, each story also read {@code readsPerStory} times
     * by this loader's partner through its API: access log entries as the feed writes them.
     */
    /** Stories loaded by {@link #loadResident}, so a second resident's are numbered after the first's. */
    private int residentStoriesLoaded;

    List<Reference> loadResident(Contact contact, String residentKey, int count, int textChars, int readsPerStory) {
        long seq = currentSequence();
        List<Map<String, AttributeValue>> pending = new ArrayList<>();
        List<Reference> references = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (text.length() < textChars) {
            text.append(LONG_TEXT);
        }
        int first = RESIDENT_STORIES_BASE + residentStoriesLoaded;
        residentStoriesLoaded += count;
        for (int i = 0; i < count; i++) {
            int n = first + i;
            String told = String.format(Locale.ROOT, "Story %08d. ", n) + text;
            Story story = new Story(storyId(n), reference(n), FIRST.plusSeconds(60L * i), Channel.WEB,
                    told.substring(0, textChars), List.of(topic), Optional.of("LE1"), "cy", Optional.of("Ana"),
                    Optional.of(contact), new Consent(Share.IDENTIFIED, List.of()), Optional.of(residentKey),
                    Story.Status.RECEIVED, true);
            Instant sharedAt = story.receivedAt().plusSeconds(1);
            seq++;
            pending.add(StoryItems.toItem(story, "bench-manage-token-hash-" + n, Optional.empty(), cipher));
            pending.add(DynamoShareStore.marker(story.reference(), partner, seq, sharedAt));
            pending.add(DynamoShareStore.sharedEntry(story, partner.id(), seq, sharedAt));
            references.add(story.reference());
        }
        for (int i = 0; i < pending.size(); i += BATCH) {
            put(pending.subList(i, Math.min(pending.size(), i + BATCH)));
        }
        long last = seq;
        dynamo.putItem(b -> b.tableName(table).item(DynamoShareStore.sequence(partner.id(), last)));
        if (readsPerStory > 0) {
            DynamoAccessLog log = new DynamoAccessLog(dynamo, table);
            List<Runnable> tasks = new ArrayList<>();
            for (int i = 0; i < references.size(); i++) {
                Reference reference = references.get(i);
                Instant read = FIRST.plusSeconds(60L * i + 2);
                tasks.add(() -> log.record(IntStream.range(0, readsPerStory)
                        .mapToObj(r -> new AccessEntry(reference, partner.id(), "api", Action.READ_STORY,
                                Optional.empty(), read.plusMillis(r)))
                        .toList()));
            }
            runAll(tasks, "The access log load");
        }
        return references;
    }

    /** Runs the tasks on this loader's threads and waits for all; the first failure fails the load. */
    private void runAll(List<Runnable> tasks, String what) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "bench-loader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Runnable task : tasks) {
                running.add(pool.submit(task));
            }
            for (Future<?> task : running) {
                task.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Stories [from, to), story n at feed sequence n + offset. */
    private void write(int from, int to, long offset) {
        List<Map<String, AttributeValue>> pending = new ArrayList<>();
        for (int n = from; n < to; n++) {
            Story story = story(n);
            Instant sharedAt = story.receivedAt().plusSeconds(1);
            long seq = n + offset;
            pending.add(StoryItems.toItem(story, "bench-manage-token-hash-" + n, Optional.empty(), cipher));
            pending.add(DynamoShareStore.marker(story.reference(), partner, seq, sharedAt));
            pending.add(DynamoShareStore.sharedEntry(story, partner.id(), seq, sharedAt));
        }
        for (int i = 0; i < pending.size(); i += BATCH) {
            put(pending.subList(i, Math.min(pending.size(), i + BATCH)));
        }
    }

    private void put(List<Map<String, AttributeValue>> batch) {
        List<WriteRequest> writes = new ArrayList<>();
        for (Map<String, AttributeValue> item : batch) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            bytes.addAndGet(Bench.itemSize(item));
        }
        items.addAndGet(batch.size());
        Map<String, List<WriteRequest>> left = Map.of(table, writes);
        for (int attempt = 0; !left.isEmpty(); attempt++) {
            if (attempt > 0) {
                // What DynamoDB did not take (throttled): again, after a pause.
                sleep(Math.min(1000, 20L << Math.min(attempt, 5)));
            }
            Map<String, List<WriteRequest>> request = left;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
            requests.incrementAndGet();
            List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                    ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            left = unprocessed.isEmpty() ? Map.of() : Map.of(table, unprocessed);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long currentSequence() {
        var item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(Table.PK, AttributeValue.fromS(Table.feedSeqPk(partner.id())),
                        Table.SK, AttributeValue.fromS(Table.SEQ_SK)))).item();
        return item == null || !item.containsKey(DynamoShareStore.SEQ) ? 0 : Long.parseLong(item.get(DynamoShareStore.SEQ).n());
    }

    /**
     * Seeded story {@code n}: the same every run. One block of {@link #STORIES_PER_RESIDENT} stories in
     * {@link #BLOCKS_PER_RESIDENT} (unless the loader was given another layout) is one resident's, told
     * with a proven contact; the others are told anonymously without one (a partner's story view reads
     * history only for the former).
     */
    Story story(int n) {
        int block = n / storiesPerResident;
        boolean resident = block % blocksPerResident == 0;
        return new Story(storyId(n), reference(n), FIRST.plusSeconds(60L * n), Channel.WEB,
                String.format(Locale.ROOT, TEXT, n), List.of(topic), Optional.of("LE1"), "en", Optional.empty(),
                resident ? Optional.of(new Contact.Email(String.format(Locale.ROOT, "resident%07d@example.org", block)))
                        : Optional.empty(),
                new Consent(Share.ANONYMOUS, List.of()), resident ? Optional.of(residentKey(block)) : Optional.empty(),
                Story.Status.RECEIVED, resident);
    }

    /** A story whose resident told {@link #STORIES_PER_RESIDENT} - 1 stories before it, among the first {@code below}. */
    static int withHistory(int index, int below) {
        int span = STORIES_PER_RESIDENT * BLOCKS_PER_RESIDENT;
        int residents = Math.max(1, below / span);
        return (index % residents) * span + STORIES_PER_RESIDENT - 1;
    }

    static String storyId(int n) {
        return new UUID(0x5ca1eb0000004000L, 0x8000000000000000L | n).toString();
    }

    /** {@code TO-} and n in the reference alphabet, from the top of its range (random ones rarely land there). */
    static Reference reference(int n) {
        String alphabet = Reference.ALPHABET;
        long value = (long) Math.pow(alphabet.length(), 6) - 1 - n;
        char[] chars = new char[6];
        for (int i = 5; i >= 0; i--) {
            chars[i] = alphabet.charAt((int) (value % alphabet.length()));
            value /= alphabet.length();
        }
        return new Reference("TO-" + new String(chars));
    }

    private static String residentKey(int resident) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("bench-resident-" + resident).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
