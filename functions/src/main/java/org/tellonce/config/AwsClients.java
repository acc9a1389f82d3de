package org.tellonce.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tellonce.store.lean.LeanDynamoDbClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SDK clients, built once per container with an explicit region, credentials provider and a light
 * HTTP client (no Apache, no Netty, no provider-chain probing at cold start).
 */
public final class AwsClients {
    private static volatile DynamoDbClient dynamoDb;
    /** Extra SDK interceptors for the DynamoDB clients built from now on; empty in Lambda. */
    private static final List<ExecutionInterceptor> INTERCEPTORS = new CopyOnWriteArrayList<>();
    /** The same for the lean client: its hooks. */
    private static final List<LeanDynamoDbClient.Hook> HOOKS = new CopyOnWriteArrayList<>();

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        DynamoDbClient client = dynamoDb;
        if (client == null) {
            synchronized (AwsClients.class) {
                client = dynamoDb;
                if (client == null) {
                    String endpoint = Env.get(EnvNames.DYNAMODB_ENDPOINT).orElse(null);
                    client = useSdkClient() ? newDynamoDb(endpoint) : newLeanDynamoDb(endpoint);
                    dynamoDb = client;
                    DynamoDbClient primed = client;
                    // Before a snapshot: one read of a key that never exists (TLS, signing, the client's pipeline).
                    Priming.register(() -> primed.getItem(b -> b.tableName(org.tellonce.store.Table.name())
                            .key(java.util.Map.of("PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue
                                            .fromS("PRIME"), "SK", software.amazon.awssdk.services.dynamodb.model
                                            .AttributeValue.fromS("PRIME")))));
                }
            }
        }
        return client;
    }

    static synchronized void reset() {
        dynamoDb = null;
    }

    /**
     * Adds an SDK interceptor to every DynamoDB client built after this call (the shared client is
     * rebuilt after {@link Components#reset()}). Only the benchmark uses it, to count write requests.
     */
    public static void addInterceptor(ExecutionInterceptor interceptor) {
        INTERCEPTORS.add(interceptor);
    }

    public static void removeInterceptor(ExecutionInterceptor interceptor) {
        INTERCEPTORS.remove(interceptor);
    }

    /**
     * Adds a hook to every lean DynamoDB client built after this call: the lean client's counterpart
     * of {@link #addInterceptor}. Only the benchmark and tests use it.
     */
    public static void addHook(LeanDynamoDbClient.Hook hook) {
        HOOKS.add(hook);
    }

    public static void removeHook(LeanDynamoDbClient.Hook hook) {
        HOOKS.remove(hook);
    }

    /**
     * {@code DYNAMODB_CLIENT=sdk}: the functions use the AWS SDK's DynamoDB client instead of the lean
     * one (an operational escape hatch; it costs about a second of cold start).
     */
    static boolean useSdkClient() {
        return Env.get(EnvNames.DYNAMODB_CLIENT).map(v -> v.trim().equalsIgnoreCase("sdk")).orElse(false);
    }

    /**
     * The lean client (JSON protocol over HttpURLConnection, SigV4) for the given endpoint (null: the
     * regional AWS endpoint), with the same region, credentials, retry mode and timeouts as
     * {@link #newDynamoDb}.
     */
    public static LeanDynamoDbClient newLeanDynamoDb(String endpoint) {
        return LeanDynamoDbClient.builder()
                .region(regionId())
                .endpoint(endpoint == null ? null : URI.create(endpoint))
                .credentialsProvider(endpoint == null ? credentials() : localCredentials())
                .maxAttempts(3)
                .attemptTimeout(Duration.ofMillis(attemptTimeoutMillis()))
                .apiCallTimeout(Duration.ofMillis(3L * attemptTimeoutMillis() + 1000))
                .connectTimeout(Duration.ofSeconds(2))
                .hooks(List.copyOf(HOOKS))
                .build();
    }

    /** A client for the given endpoint (null: the regional AWS endpoint). */
    public static DynamoDbClient newDynamoDb(String endpoint) {
        var builder = DynamoDbClient.builder()
                .region(region())
                .credentialsProvider(endpoint == null ? credentials() : localCredentials())
                .httpClient(httpClient())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        // Standard mode: exponential backoff with full jitter, 3 attempts in all.
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofMillis(3L * attemptTimeoutMillis() + 1000))
                        .apiCallAttemptTimeout(Duration.ofMillis(attemptTimeoutMillis()))
                        .executionInterceptors(List.copyOf(INTERCEPTORS))
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /** 3 s per attempt in AWS; the local stack allows more, since DynamoDB Local shares a busy machine. */
    public static long attemptTimeoutMillis() {
        return Env.get("DYNAMODB_ATTEMPT_TIMEOUT_MS").map(Long::parseLong).orElse(3000L);
    }

    public static Region region() {
        return Region.of(regionId());
    }

    /** The region's name, without the SDK's Region class (its first use costs ~50 ms at cold start). */
    public static String regionId() {
        return Env.get(EnvNames.AWS_REGION).orElse("eu-west-2");
    }

    public static AwsCredentialsProvider credentials() {
        if (Env.get("AWS_ACCESS_KEY_ID").isPresent()) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        return software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build();
    }

    /** DynamoDB Local and LocalStack accept any credentials; these keep the SDK from looking for real ones. */
    public static AwsCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
    }
}
