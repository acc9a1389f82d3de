package org.tellonce.config;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process environment, with an override layer. In Lambda the override is empty and this is
 * {@link System#getenv}; the local stack runs every function in one JVM and sets the variables that
 * template.yaml would have given each function through {@link #override}.
 */
public final class Env {
    private static final Map<String, String> OVERRIDES = new ConcurrentHashMap<>();

    private Env() {
    }

    public static Optional<String> get(String name) {
        String value = OVERRIDES.get(name);
        if (value == null) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public static String require(String name) {
        return get(name).orElseThrow(() -> new IllegalStateException("Environment variable " + name + " is not set"));
    }

    public static void override(Map<String, String> values) {
        OVERRIDES.putAll(values);
    }

    /** Drops one override (the process environment shows through again). */
    public static void clear(String name) {
        OVERRIDES.remove(name);
    }

    public static void clearOverrides() {
        OVERRIDES.clear();
    }
}
