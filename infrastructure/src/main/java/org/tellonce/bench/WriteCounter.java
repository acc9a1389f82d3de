package org.tellonce.bench;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Counts DynamoDB requests per operation, and the items they write, by where they came from: the
 * thread that made the call (sync SDK clients run interceptors on the caller's thread). The local
 * stack serves HTTP on {@code local-api} threads and runs each stream function on
 * {@code stream-<FunctionId>}. An SDK interceptor the bench gives every function's DynamoDB client
 * (through {@code LocalStack.Options.withInterceptors}) and its raw baseline client; it counts once per
 * API call, not per retry.
 */
public final class WriteCounter implements ExecutionInterceptor {
    public static final Set<String> WRITES =
            Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");

    /** Calls and written items per origin and operation. */
    public record Snapshot(Map<String, Long> calls, Map<String, Long> items) {
        public long calls(String origin, String operation) {
            return calls.getOrDefault(origin + " " + operation, 0L);
        }

        public long items(String origin, String operation) {
            return items.getOrDefault(origin + " " + operation, 0L);
        }

        public long writeCalls(String origin) {
            return WRITES.stream().mapToLong(op -> calls(origin, op)).sum();
        }

        public long writtenItems(String origin) {
            return WRITES.stream().mapToLong(op -> items(origin, op)).sum();
        }

        public long readCalls(String origin) {
            long all = calls.entrySet().stream().filter(e -> e.getKey().startsWith(origin + " "))
                    .mapToLong(Map.Entry::getValue).sum();
            return all - writeCalls(origin);
        }

        /** What happened between {@code earlier} and this snapshot. */
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(subtract(calls, earlier.calls), subtract(items, earlier.items));
        }

        private static Map<String, Long> subtract(Map<String, Long> a, Map<String, Long> b) {
            Map<String, Long> out = new TreeMap<>();
            a.forEach((k, v) -> {
                long d = v - b.getOrDefault(k, 0L);
                if (d != 0) {
                    out.put(k, d);
                }
            });
            return out;
        }
    }

    public static final String API = "api";
    public static final String FAN_OUT = "fan-out";
    public static final String OTHER = "other";

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> items = new ConcurrentHashMap<>();
    private volatile SdkRequest lastApiPut;
    private volatile SdkRequest lastApiTransaction;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (operation == null) {
            return;
        }
        count(operation, context.request());
    }

    private void count(String operation, SdkRequest request) {
        String key = origin(Thread.currentThread().getName()) + " " + operation;
        calls.computeIfAbsent(key, k -> new LongAdder()).increment();
        if (WRITES.contains(operation)) {
            items.computeIfAbsent(key, k -> new LongAdder()).add(itemsWritten(request));
        }
        if (key.startsWith(API + " ")) {
            if (request instanceof PutItemRequest) {
                lastApiPut = request;
            } else if (request instanceof TransactWriteItemsRequest) {
                lastApiTransaction = request;
            }
        }
    }

    /** The last PutItem a function made while serving HTTP, to replay it raw. */
    public PutItemRequest lastApiPut() {
        return (PutItemRequest) lastApiPut;
    }

    /** The last TransactWriteItems a function made while serving HTTP, to replay it raw. */
    public TransactWriteItemsRequest lastApiTransaction() {
        return (TransactWriteItemsRequest) lastApiTransaction;
    }

    static String origin(String thread) {
        if (thread.startsWith("local-api")) {
            return API;
        }
        if (thread.startsWith("stream-FanOut")) {
            return FAN_OUT;
        }
        return OTHER;
    }

    static long itemsWritten(SdkRequest request) {
        if (request instanceof TransactWriteItemsRequest t) {
            return t.hasTransactItems() ? t.transactItems().size() : 0;
        }
        if (request instanceof BatchWriteItemRequest b) {
            return b.hasRequestItems() ? b.requestItems().values().stream().mapToLong(java.util.List::size).sum() : 0;
        }
        return 1;
    }

    public Snapshot snapshot() {
        Map<String, Long> c = new TreeMap<>();
        calls.forEach((k, v) -> c.put(k, v.sum()));
        Map<String, Long> i = new TreeMap<>();
        items.forEach((k, v) -> i.put(k, v.sum()));
        return new Snapshot(c, i);
    }
}
