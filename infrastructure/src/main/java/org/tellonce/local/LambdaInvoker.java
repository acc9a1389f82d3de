package org.tellonce.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tellonce.wiring.Wiring;

/**
 * Runs the real handler classes named in template.yaml as the Lambda Java runtime would: one
 * instance per function (a warm container), events (de)serialised by the runtime's own serialisers.
 */
public final class LambdaInvoker {
    /** Inherited: threads a handler starts (the fan-out's share writers) work for the same function. */
    private static final ThreadLocal<String> RUNNING = new InheritableThreadLocal<>();

    private final Map<String, Object> instances = new ConcurrentHashMap<>();
    private final Map<String, SamTemplate.Function> functions = new ConcurrentHashMap<>();
    private final java.util.List<Runnable> afterEach = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final java.util.function.Function<String, Wiring> wirings;
    private final Map<String, Usage> usage = new ConcurrentHashMap<>();

    /**
     * What one function's invocations cost so far: how many, their time, and the bytes allocated on the
     * invoking thread (threads a handler starts, such as the fan-out's share writers, are not counted),
     * in all and at most in one invocation. The bench reads it to show that no function's memory grows
     * with the table.
     */
    public record Usage(long invocations, long nanos, long allocatedBytes, long maxAllocatedBytes) {
        Usage plus(long elapsed, long allocated) {
            return new Usage(invocations + 1, nanos + elapsed, allocatedBytes + Math.max(0, allocated),
                    Math.max(maxAllocatedBytes, allocated));
        }

        /** What these invocations cost since {@code before} (the largest one since cannot be told apart: kept). */
        public Usage minus(Usage before) {
            return new Usage(invocations - before.invocations, nanos - before.nanos,
                    allocatedBytes - before.allocatedBytes, maxAllocatedBytes);
        }
    }

    /** Each function's {@link Usage} since the stack started, by logical id. */
    public Map<String, Usage> usage() {
        return Map.copyOf(usage);
    }

    /** Forgets the largest invocations so far (the next phase measures its own). */
    public void resetLargest() {
        usage.replaceAll((id, u) -> new Usage(u.invocations(), u.nanos(), u.allocatedBytes(), 0));
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported() ? t : null;

    private static long allocated() {
        return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private void record(String logicalId, long startNanos, long startAllocated) {
        long elapsed = System.nanoTime() - startNanos;
        long bytes = allocated() - startAllocated;
        usage.merge(logicalId, new Usage(0, 0, 0, 0).plus(elapsed, bytes), (a, b) -> a.plus(b.nanos(), b.allocatedBytes()));
    }

    /** @param wirings the wiring of each function (by logical id), built from that function's environment */
    public LambdaInvoker(SamTemplate template, java.util.function.Function<String, Wiring> wirings) {
        template.functions().forEach(f -> functions.put(f.logicalId(), f));
        this.wirings = wirings;
    }

    public SamTemplate.Function function(String logicalId) {
        SamTemplate.Function f = functions.get(logicalId);
        if (f == null) {
            throw new IllegalArgumentException("No function " + logicalId + " in template.yaml; functions: "
                    + String.join(", ", functions.keySet()));
        }
        return f;
    }

    /**
     * Runs after every invocation that may have written to the table, whatever its outcome (all but
     * HTTP GET and HEAD requests and authorizer calls): the local stack wakes its stream pollers.
     */
    public void afterEachInvocation(Runnable action) {
        afterEach.add(action);
    }

    /**
     * The function whose handler runs on this thread (the SDK runs a sync client's interceptors on
     * the caller's thread): what a test's interceptor checks the function's own permissions against.
     */
    public static java.util.Optional<String> running() {
        return java.util.Optional.ofNullable(RUNNING.get());
    }

    /** Invokes with an event object of the handler's input type (no JSON round trip). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object invoke(String logicalId, Object event) {
        Object handler = instance(logicalId);
        if (handler instanceof RequestHandler requestHandler) {
            String outer = RUNNING.get();
            RUNNING.set(logicalId);
            long startNanos = System.nanoTime();
            long startAllocated = allocated();
            try {
                return requestHandler.handleRequest(event, new LocalContext(logicalId, 15));
            } finally {
                record(logicalId, startNanos, startAllocated);
                restore(outer);
                if (mayWrite(event)) {
                    afterEach.forEach(Runnable::run);
                }
            }
        }
        throw new IllegalArgumentException(logicalId + " is not a RequestHandler");
    }

    private static boolean mayWrite(Object event) {
        if (event instanceof com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent http
                && http.getRequestContext() != null && http.getRequestContext().getHttp() != null) {
            String method = http.getRequestContext().getHttp().getMethod();
            return !"GET".equalsIgnoreCase(method) && !"HEAD".equalsIgnoreCase(method);
        }
        return !(event instanceof com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent);
    }

    /** Invokes with the event as JSON, answering JSON, exactly like {@code sam local invoke}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public String invokeJson(String logicalId, byte[] eventJson) {
        Object handler = instance(logicalId);
        String outer = RUNNING.get();
        RUNNING.set(logicalId);
        long startNanos = System.nanoTime();
        long startAllocated = allocated();
        try {
            if (handler instanceof RequestStreamHandler streamHandler) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                streamHandler.handleRequest(new ByteArrayInputStream(eventJson), out, new LocalContext(logicalId, 15));
                return out.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
            Class<?> inputType = inputType(handler.getClass());
            PojoSerializer in = LambdaEventSerializers.serializerFor(inputType, handler.getClass().getClassLoader());
            Object event = in.fromJson(new ByteArrayInputStream(eventJson));
            Object result = ((RequestHandler) handler).handleRequest(event, new LocalContext(logicalId, 15));
            if (result == null) {
                return "null";
            }
            PojoSerializer outSerializer = LambdaEventSerializers.serializerFor(result.getClass(),
                    handler.getClass().getClassLoader());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            outSerializer.toJson(result, out);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            record(logicalId, startNanos, startAllocated);
            restore(outer);
            // An event given as JSON (a schedule's run, an invoke) may have written: the pollers look at once.
            afterEach.forEach(Runnable::run);
        }
    }

    private static void restore(String outer) {
        if (outer == null) {
            RUNNING.remove();
        } else {
            RUNNING.set(outer);
        }
    }

    private Object instance(String logicalId) {
        return instances.computeIfAbsent(logicalId, id -> {
            SamTemplate.Function f = function(id);
            return newHandler(f.handlerClass(), wirings.apply(id));
        });
    }

    /** The handler class named in template.yaml, built through its constructor that takes the function's wiring. */
    public static Object newHandler(String handlerClass, Wiring wiring) {
        try {
            return Class.forName(handlerClass).getConstructor(Wiring.class).newInstance(wiring);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Cannot create handler " + handlerClass, e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create handler " + handlerClass, e);
        }
    }

    /** The I of RequestHandler&lt;I, O&gt;, looked up through the class hierarchy. */
    static Class<?> inputType(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    Type arg = p.getActualTypeArguments()[0];
                    if (arg instanceof Class<?> cls) {
                        return cls;
                    }
                    if (arg instanceof ParameterizedType pt) {
                        return (Class<?>) pt.getRawType();
                    }
                }
            }
        }
        return Object.class;
    }
}
