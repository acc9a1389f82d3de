package org.tellonce.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tellonce.local.LocalStack;
import org.tellonce.local.SamTemplate;

/** The local stack for one test class: moto in memory, every route of template.yaml, the stream poller. */
public final class TestStack {
    private TestStack() {
    }

    public static LocalStack start() {
        return start(Map.of());
    }

    /**
     * With {@code environment} given to every function besides its own (an operator's setting). Each
     * function may touch only what its policy in template.yaml allows ({@link TablePermissions}).
     */
    public static LocalStack start(Map<String, String> environment) {
        return start(environment, permissions());
    }

    public static LocalStack start(Map<String, String> environment, TablePermissions permissions) {
        return LocalStack.start(LocalStack.Options.inMemory(template()).withEnvironment(environment)
                .withInterceptors(List.of(permissions)));
    }

    /** With {@code more} interceptors on every function's DynamoDB client (after the policy checks). */
    public static LocalStack startWith(List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> more) {
        List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> all = new java.util.ArrayList<>();
        all.add(permissions());
        all.addAll(more);
        return LocalStack.start(LocalStack.Options.inMemory(template()).withInterceptors(all));
    }

    /** The DynamoDB policies of template.yaml, enforced on a stack's functions. */
    public static TablePermissions permissions() {
        return TablePermissions.of(SamTemplate.load(template()));
    }

    private static Path template() {
        Path root = Path.of(System.getProperty("tellonce.projectRoot", "..")).toAbsolutePath().normalize();
        return root.resolve("template.yaml");
    }
}
