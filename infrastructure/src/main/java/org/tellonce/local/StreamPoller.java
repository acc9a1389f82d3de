package org.tellonce.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads the table's stream through the engine's DynamoDB Streams API (moto's, or any other endpoint's)
 * and invokes the stream function with real {@code DynamodbEvent}s, as Lambda's event source mapping
 * does: batches of BatchSize, ReportBatchItemFailures honoured (retry from the first failed record),
 * bisection on a function error, MaximumRetryAttempts, then the on-failure destination (here: a list
 * and a log line).
 *
 * <p>Where it starts, as an event source mapping that already exists does: after the last record it
 * handled (its checkpoint, kept in the data folder across restarts); without one, from the start of a
 * table it just created, else from the latest record, so a restart or a restore never hands old
 * records to the function again. It polls at once when a function that may write ran or the stack's
 * own client wrote (a {@link Signal}), and otherwise every {@value #IDLE_POLL_MILLIS} ms, for writes
 * from other processes (every poll is a request moto records, so idle polls are kept rare).
 */
public final class StreamPoller implements AutoCloseable {
    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final LambdaInvoker invoker;
    private final SamTemplate.Function function;
    private final int batchSize;
    private final int maxRetries;
    private final boolean bisect;
    private final boolean reportFailures;
    private final EventFilter filter;
    private final String region;
    private final Thread thread;
    private final List<DynamodbEvent.DynamodbStreamRecord> deadLetters = new CopyOnWriteArrayList<>();
    private final Map<String, String> iterators = new HashMap<>();
    private final Map<String, String> lastSequence = new HashMap<>();
    private final Set<String> finished = new HashSet<>();
    /** Without a wake-up: how often an idle stream is polled (for writes from other processes). */
    static final long IDLE_POLL_MILLIS = 2000;
    private final Path checkpoint;
    private boolean fromStart;
    private final Signal signal;
    private volatile boolean running = true;
    /** Held while a poll delivers; {@link #pause()} waits for it. */
    private final Object polling = new Object();
    private volatile boolean paused;
    private volatile long delivered;

    /** Wakes the pollers when something may have been written. */
    public static final class Signal {
        private long generation;

        public synchronized void fire() {
            generation++;
            notifyAll();
        }

        /** An SDK interceptor that fires after every write request a client makes. */
        public ExecutionInterceptor afterWrites() {
            return new ExecutionInterceptor() {
                @Override
                public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                    String request = context.request().getClass().getSimpleName();
                    if (request.startsWith("Put") || request.startsWith("Update") || request.startsWith("Delete")
                            || request.startsWith("TransactWrite") || request.startsWith("BatchWrite")) {
                        fire();
                    }
                }
            };
        }

        synchronized long generation() {
            return generation;
        }

        /** Waits until fired after {@code seen}, or for the timeout. */
        synchronized void await(long seen, long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            while (generation == seen) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return;
                }
                wait(left);
            }
        }
    }

    /**
     * @param checkpoint where the position is kept across restarts; null keeps it in memory
     * @param fromStart  without a checkpoint: from the stream's start (a table just created), else from
     *                   its latest record
     */
    public StreamPoller(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table, LambdaInvoker invoker,
                        SamTemplate.Function function, SamTemplate.Event event, String region,
                        Path checkpoint, boolean fromStart, Signal signal) {
        this.streams = streams;
        this.checkpoint = checkpoint;
        this.fromStart = fromStart;
        this.signal = signal;
        this.lastSequence.putAll(readCheckpoint(checkpoint));
        this.invoker = invoker;
        this.function = function;
        this.region = region;
        this.streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        Map<String, Object> p = event.properties();
        this.batchSize = intProperty(p, "BatchSize", 100);
        this.maxRetries = intProperty(p, "MaximumRetryAttempts", -1);
        this.bisect = Boolean.parseBoolean(String.valueOf(p.getOrDefault("BisectBatchOnFunctionError", "false")));
        this.reportFailures = String.valueOf(p.getOrDefault("FunctionResponseTypes", "")).contains("ReportBatchItemFailures");
        this.filter = EventFilter.of(p);
        this.thread = new Thread(this::run, "stream-" + function.logicalId());
        this.thread.setDaemon(true);
    }

    public StreamPoller start() {
        thread.start();
        return this;
    }

    /** Records given up on after the retries (the local stand-in for the SQS on-failure destination). */
    public List<DynamodbEvent.DynamodbStreamRecord> deadLetters() {
        return List.copyOf(deadLetters);
    }

    public long delivered() {
        return delivered;
    }

    private static int intProperty(Map<String, Object> p, String name, int fallback) {
        Object v = p.get(name);
        return v == null ? fallback : Integer.parseInt(String.valueOf(v));
    }

    private void run() {
        while (running) {
            long seen = signal.generation();
            boolean busy = false;
            try {
                synchronized (polling) {
                    busy = !paused && pollOnce();
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                System.err.println("{\"level\":\"WARN\",\"event\":\"stream_poll_failed\",\"detail\":\""
                        + e.getClass().getSimpleName() + "\"}");
                iterators.clear();
            }
            if (!busy) {
                try {
                    signal.await(seen, IDLE_POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** @return whether any records came */
    boolean pollOnce() {
        List<Shard> shards = new ArrayList<>();
        String start = null;
        do {
            String exclusive = start;
            var description = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(exclusive))
                    .streamDescription();
            shards.addAll(description.shards());
            start = description.lastEvaluatedShardId();
        } while (start != null);
        Set<String> known = new HashSet<>();
        shards.forEach(s -> known.add(s.shardId()));
        boolean any = false;
        for (Shard shard : shards) {
            String id = shard.shardId();
            if (finished.contains(id)) {
                continue;
            }
            // Parents first, as Lambda does, so a story's records stay in order across shard roll-overs.
            if (shard.parentShardId() != null && known.contains(shard.parentShardId())
                    && !finished.contains(shard.parentShardId())) {
                continue;
            }
            String iterator = iterators.get(id);
            if (iterator == null) {
                iterator = iterator(id);
            }
            List<Record> records;
            String next;
            try {
                var result = streams.getRecords(b -> b.shardIterator(iterators.getOrDefault(id, "")).limit(1000));
                records = result.records();
                next = result.nextShardIterator();
            } catch (ExpiredIteratorException e) {
                iterators.remove(id);
                continue;
            }
            if (!records.isEmpty()) {
                any = true;
                // Records the filter rejects are skipped, never delivered (as Lambda does).
                List<Record> wanted = records.stream().filter(filter::accepts).toList();
                for (int i = 0; i < wanted.size(); i += batchSize) {
                    deliver(wanted.subList(i, Math.min(wanted.size(), i + batchSize)), maxRetries);
                }
                lastSequence.put(id, records.get(records.size() - 1).dynamodb().sequenceNumber());
                writeCheckpoint();
            }
            if (next == null) {
                finished.add(id);
                iterators.remove(id);
            } else {
                iterators.put(id, next);
            }
        }
        return any;
    }

    private String iterator(String shardId) {
        String last = lastSequence.get(shardId);
        String iterator = streams.getShardIterator(b -> {
            b.streamArn(streamArn).shardId(shardId);
            if (last == null) {
                b.shardIteratorType(fromStart ? ShardIteratorType.TRIM_HORIZON : ShardIteratorType.LATEST);
            } else {
                b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(last);
            }
        }).shardIterator();
        iterators.put(shardId, iterator);
        return iterator;
    }

    private void deliver(List<Record> records, int retriesLeft) {
        if (!running || records.isEmpty()) {
            return;
        }
        DynamodbEvent event = StreamRecords.event(records, streamArn, region);
        StreamsEventResponse response;
        try {
            response = (StreamsEventResponse) invoker.invoke(function.logicalId(), event);
        } catch (RuntimeException e) {
            if (bisect && records.size() > 1) {
                int half = records.size() / 2;
                deliver(records.subList(0, half), retriesLeft);
                deliver(records.subList(half, records.size()), retriesLeft);
                return;
            }
            retryOrGiveUp(records, retriesLeft);
            return;
        }
        delivered += records.size();
        if (!reportFailures || response == null || response.getBatchItemFailures() == null
                || response.getBatchItemFailures().isEmpty()) {
            return;
        }
        // Lambda retries from the lowest failed sequence number on.
        int first = records.size();
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            for (int i = 0; i < records.size(); i++) {
                if (records.get(i).dynamodb().sequenceNumber().equals(failure.getItemIdentifier())) {
                    first = Math.min(first, i);
                }
            }
        }
        if (first < records.size()) {
            retryOrGiveUp(records.subList(first, records.size()), retriesLeft);
        }
    }

    private void retryOrGiveUp(List<Record> records, int retriesLeft) {
        if (retriesLeft != 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            deliver(records, retriesLeft < 0 ? retriesLeft : retriesLeft - 1);
            return;
        }
        for (Record r : records) {
            deadLetters.add(StreamRecords.record(r, streamArn, region));
        }
        System.err.println("{\"level\":\"ERROR\",\"event\":\"stream_records_to_dead_letter\",\"function\":\""
                + function.logicalId() + "\",\"detail\":\"records=" + records.size() + "\"}");
    }

    private static Map<String, String> readCheckpoint(Path file) {
        Map<String, String> positions = new HashMap<>();
        if (file == null || !Files.exists(file)) {
            return positions;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    positions.put(parts[0], parts[1]);
                }
            }
            return positions;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the stream checkpoint " + file, e);
        }
    }

    /** One line per shard, "shardId sequenceNumber", replaced atomically. */
    private void writeCheckpoint() {
        if (checkpoint == null) {
            return;
        }
        StringBuilder text = new StringBuilder();
        lastSequence.forEach((shard, sequence) -> text.append(shard).append(' ').append(sequence).append('\n'));
        try {
            Files.createDirectories(checkpoint.getParent());
            Path next = checkpoint.resolveSibling(checkpoint.getFileName() + ".next");
            Files.writeString(next, text, StandardCharsets.UTF_8);
            Files.move(next, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the stream checkpoint " + checkpoint, e);
        }
    }

    /**
     * Stops delivering once the batch in hand is done: for a bulk load no function should see (the
     * benchmark's seeded stories, which it writes shared already). See {@link #resumeAtLatest()}.
     */
    public void pause() {
        paused = true;
        synchronized (polling) {
            // Waits for a poll in progress.
        }
    }

    /**
     * Delivers again, from the stream's latest record on: what was written while paused is skipped. The
     * new position is taken before this returns, so any write after it is delivered.
     */
    public void resumeAtLatest() {
        synchronized (polling) {
            iterators.clear();
            lastSequence.clear();
            fromStart = false;
            String start = null;
            do {
                String exclusive = start;
                var description = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(exclusive))
                        .streamDescription();
                for (Shard shard : description.shards()) {
                    if (!finished.contains(shard.shardId())) {
                        iterator(shard.shardId());
                    }
                }
                start = description.lastEvaluatedShardId();
            } while (start != null);
            paused = false;
        }
        signal.fire();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
