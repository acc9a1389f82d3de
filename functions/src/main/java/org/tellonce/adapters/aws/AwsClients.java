package org.tellonce.adapters.aws;

import org.tellonce.config.Env;
import org.tellonce.config.EnvNames;
import org.tellonce.config.Priming;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.tellonce.adapters.dynamo.Table;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The AWS SDK clients, built once per container with an explicit region, credentials provider,
 * retry mode, timeouts and one light HTTP client (no Apache, no Netty, no provider-chain probing
 * for the region). Under SnapStart they are built and exercised before the snapshot (see
 * {@link #prime}), so a restored container pays neither for building them nor for loading TLS.
 */
public final class AwsClients {
    private static volatile DynamoDbClient dynamoDb;
    private static volatile SsmClient ssm;
    private static volatile SdkHttpClient httpClient;
    /** Extra SDK interceptors for the DynamoDB clients built from now on; empty in Lambda. */
    private static final List<ExecutionInterceptor> INTERCEPTORS = new CopyOnWriteArrayList<>();

    private AwsClients() {
    }

    /** The container's DynamoDB client (endpoint override from {@code DYNAMODB_ENDPOINT}, local only). */
    public static DynamoDbClient dynamoDb() {
        DynamoDbClient client = dynamoDb;
        if (client == null) {
            synchronized (AwsClients.class) {
                client = dynamoDb;
                if (client == null) {
                    client = newDynamoDb(Env.get(EnvNames.DYNAMODB_ENDPOINT).orElse(null));
                    dynamoDb = client;
                    DynamoDbClient primed = client;
                    Priming.register(() -> prime(primed));
                }
            }
        }
        return client;
    }

    /**
     * The container's SSM client, for the SecureString parameters read at a cold start (endpoint
     * override from {@code SSM_ENDPOINT}: an emulator, which takes any credentials).
     */
    public static SsmClient ssm() {
        SsmClient client = ssm;
        if (client == null) {
            synchronized (AwsClients.class) {
                client = ssm;
                if (client == null) {
                    String endpoint = Env.get(EnvNames.SSM_ENDPOINT).orElse(null);
                    var builder = SsmClient.builder()
                            .region(region())
                            .credentialsProvider(credentialsFor(endpoint))
                            .httpClient(httpClient())
                            .overrideConfiguration(overrides(List.of()));
                    if (endpoint != null) {
                        builder.endpointOverride(URI.create(endpoint));
                    }
                    client = builder.build();
                    ssm = client;
                }
            }
        }
        return client;
    }

    /**
     * Before a snapshot: TLS (the JDK's default context and socket factory, which the first HTTPS
     * call would otherwise load after a restore), the SSM client built, and one DynamoDB read of a key
     * that never exists (signing, marshalling, the client's pipeline and, in AWS, its connection).
     */
    static void prime(DynamoDbClient client) {
        try {
            SSLContext.getDefault().getSocketFactory();
        } catch (GeneralSecurityException e) {
            // The JDK always has a default context; without one the first HTTPS call fails anyway.
        }
        ssm();
        client.getItem(b -> b.tableName(Table.name())
                .key(Map.of(Table.PK, AttributeValue.fromS("PRIME"), Table.SK, AttributeValue.fromS("PRIME"))));
    }

    public static synchronized void reset() {
        dynamoDb = null;
        ssm = null;
    }

    /**
     * Adds an SDK interceptor to every DynamoDB client built after this call (the shared client is
     * rebuilt after {@link Components#reset()}). Only the benchmark and the fault-injection tests use
     * it, to count write requests and to make DynamoDB misbehave.
     */
    public static void addInterceptor(ExecutionInterceptor interceptor) {
        INTERCEPTORS.add(interceptor);
    }

    public static void removeInterceptor(ExecutionInterceptor interceptor) {
        INTERCEPTORS.remove(interceptor);
    }

    /** A DynamoDB client for the given endpoint (null: the regional AWS endpoint). */
    public static DynamoDbClient newDynamoDb(String endpoint) {
        return newDynamoDb(endpoint, List.of());
    }

    /** The same, with interceptors of the caller's own (the local stack's, to see its own writes). */
    public static DynamoDbClient newDynamoDb(String endpoint, List<ExecutionInterceptor> interceptors) {
        List<ExecutionInterceptor> all = new java.util.ArrayList<>(INTERCEPTORS);
        all.addAll(interceptors);
        var builder = DynamoDbClient.builder()
                .region(region())
                .credentialsProvider(credentialsFor(endpoint))
                .httpClient(httpClient())
                .overrideConfiguration(overrides(List.copyOf(all)));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static ClientOverrideConfiguration overrides(List<ExecutionInterceptor> interceptors) {
        return ClientOverrideConfiguration.builder()
                // Standard mode: exponential backoff with full jitter, 3 attempts in all.
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(Duration.ofMillis(3L * attemptTimeoutMillis() + 1000))
                .apiCallAttemptTimeout(Duration.ofMillis(attemptTimeoutMillis()))
                .executionInterceptors(interceptors)
                .build();
    }

    /** 3 s per attempt in AWS; the local stack allows more, since its DynamoDB shares a busy machine. */
    public static long attemptTimeoutMillis() {
        return Env.get(EnvNames.DYNAMODB_ATTEMPT_TIMEOUT_MS).map(Long::parseLong).orElse(3000L);
    }

    public static Region region() {
        return Region.of(Env.get(EnvNames.AWS_REGION).orElse("eu-west-2"));
    }

    /**
     * An emulator on this machine (moto, LocalStack) takes any credentials; any other endpoint, or none
     * (the regional one), gets the real ones.
     */
    public static AwsCredentialsProvider credentialsFor(String endpoint) {
        if (endpoint == null) {
            return credentials();
        }
        String host = URI.create(endpoint).getHost();
        boolean loopback = host != null && (host.equals("localhost") || host.equals("127.0.0.1")
                || host.equals("[::1]") || host.equals("::1"));
        return loopback ? localCredentials() : credentials();
    }

    public static AwsCredentialsProvider credentials() {
        if (Env.get(EnvNames.AWS_ACCESS_KEY_ID).isPresent()) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** moto and LocalStack accept any credentials; these keep the SDK from looking for real ones. */
    public static AwsCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    /**
     * The container's one HTTP client, shared by every SDK client (closing an SDK client leaves a
     * client it was given open). HttpURLConnection underneath: no connection pool to build.
     */
    public static SdkHttpClient httpClient() {
        SdkHttpClient client = httpClient;
        if (client == null) {
            synchronized (AwsClients.class) {
                client = httpClient;
                if (client == null) {
                    client = UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(2))
                            .socketTimeout(Duration.ofSeconds(5))
                            .build();
                    httpClient = client;
                }
            }
        }
        return client;
    }
}
