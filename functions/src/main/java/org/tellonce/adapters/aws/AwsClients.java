package org.tellonce.adapters.aws;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.config.Config;
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
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The AWS SDK clients of one configuration, each built on first use, with an explicit region,
 * credentials provider, retry mode, timeouts and one light HTTP client (no Apache, no Netty, no
 * provider-chain probing for the region). Under SnapStart they are built and exercised before the
 * snapshot (see {@link #prime}), so a restored container pays neither for building them nor for
 * loading TLS. Interceptors (the benchmark's write counter, the fault-injection tests' faults) are
 * given here, to the clients of this instance only.
 */
public final class AwsClients {
    public static final Region DEFAULT_REGION = Region.of(Config.DEFAULT_REGION);

    /**
     * Connections kept alive per host. HttpURLConnection keeps 5 by default; the fan-out writes up to 16
     * shares at once ({@code FanOut.PARALLEL_SHARES}), and a connection that is not kept pays a new TCP
     * and TLS handshake. Read by the JDK once, at the first connection: set before any is made, unless
     * {@code -Dhttp.maxConnections} says otherwise.
     */
    static final int KEEP_ALIVE_CONNECTIONS = 32;

    static {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", String.valueOf(KEEP_ALIVE_CONNECTIONS));
        }
    }

    /** The process's one HTTP client, shared by every SDK client (closing an SDK client leaves it open). */
    private static final Supplier<SdkHttpClient> HTTP_CLIENT = Lazy.of(() -> UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(2))
            .socketTimeout(Duration.ofSeconds(5))
            .build());

    private final Config config;
    private final Supplier<DynamoDbClient> dynamoDb;
    private final Supplier<SsmClient> ssm;
    private final Supplier<PinpointSmsVoiceV2Client> smsVoice;
    private final Supplier<SesV2Client> ses;
    private final Supplier<software.amazon.awssdk.services.sqs.SqsClient> sqs;

    public AwsClients(Config config, List<ExecutionInterceptor> interceptors) {
        this.config = config;
        List<ExecutionInterceptor> own = List.copyOf(interceptors);
        this.dynamoDb = Lazy.of(() -> newDynamoDb(config.dynamoDbEndpoint().orElse(null), region(),
                config.dynamoDbAttemptTimeout(), credentials(), own));
        this.ssm = Lazy.of(() -> {
            String endpoint = config.ssmEndpoint().orElse(null);
            var builder = SsmClient.builder()
                    .region(region())
                    .credentialsProvider(credentialsFor(endpoint, credentials()))
                    .httpClient(httpClient())
                    .overrideConfiguration(overrides(config.dynamoDbAttemptTimeout(), List.of()));
            if (endpoint != null) {
                builder.endpointOverride(URI.create(endpoint));
            }
            return builder.build();
        });
        this.smsVoice = Lazy.of(() -> PinpointSmsVoiceV2Client.builder()
                .region(region())
                .credentialsProvider(credentials())
                .httpClient(httpClient())
                .build());
        this.sqs = Lazy.of(() -> {
            String endpoint = config.webhooks().sqsEndpoint().orElse(null);
            var builder = software.amazon.awssdk.services.sqs.SqsClient.builder()
                    .region(region())
                    .credentialsProvider(credentialsFor(endpoint, credentials()))
                    .httpClient(httpClient());
            if (endpoint != null) {
                builder.endpointOverride(URI.create(endpoint));
            }
            return builder.build();
        });
        this.ses = Lazy.of(() -> SesV2Client.builder()
                .region(region())
                .credentialsProvider(credentials())
                .httpClient(httpClient())
                .build());
    }

    /** The DynamoDB client (endpoint override from {@code DYNAMODB_ENDPOINT}, local only). */
    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    /**
     * The SSM client, for the SecureString parameters read at a cold start (endpoint override from
     * {@code SSM_ENDPOINT}: an emulator, which takes any credentials).
     */
    public SsmClient ssm() {
        return ssm.get();
    }

    /** AWS End User Messaging SMS (the SMS and voice v2 API). */
    public PinpointSmsVoiceV2Client smsVoice() {
        return smsVoice.get();
    }

    /** Amazon SES (API v2), for e-mail. */
    public SesV2Client ses() {
        return ses.get();
    }

    /** Amazon SQS: the webhook queue (endpoint override from {@code SQS_ENDPOINT}, local only). */
    public software.amazon.awssdk.services.sqs.SqsClient sqs() {
        return sqs.get();
    }

    public Region region() {
        return Region.of(config.region());
    }

    /**
     * Before a snapshot: TLS (the JDK's default context and socket factory, which the first HTTPS
     * call would otherwise load after a restore), the SSM client built, and one DynamoDB read of a key
     * that never exists through {@code client} (signing, marshalling, the client's pipeline and, in AWS,
     * its connection).
     */
    public void prime(DynamoDbClient client) {
        try {
            SSLContext.getDefault().getSocketFactory();
        } catch (GeneralSecurityException e) {
            // The JDK always has a default context; without one the first HTTPS call fails anyway.
        }
        ssm();
        client.getItem(b -> b.tableName(config.tableName())
                .key(Map.of(Table.PK, AttributeValue.fromS("PRIME"), Table.SK, AttributeValue.fromS("PRIME"))));
    }

    private AwsCredentialsProvider credentials() {
        return config.environmentCredentials() ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
    }

    /** A DynamoDB client for the given endpoint (null: the regional AWS endpoint), as the functions build it. */
    public static DynamoDbClient newDynamoDb(String endpoint) {
        return newDynamoDb(endpoint, List.of());
    }

    /** The same, with interceptors of the caller's own (the local stack's, to see its own writes). */
    public static DynamoDbClient newDynamoDb(String endpoint, List<ExecutionInterceptor> interceptors) {
        return newDynamoDb(endpoint, DEFAULT_REGION, Config.DEFAULT_ATTEMPT_TIMEOUT,
                DefaultCredentialsProvider.builder().build(), interceptors);
    }

    public static DynamoDbClient newDynamoDb(String endpoint, Region region, Duration attemptTimeout,
                                             AwsCredentialsProvider credentials,
                                             List<ExecutionInterceptor> interceptors) {
        var builder = DynamoDbClient.builder()
                .region(region)
                .credentialsProvider(credentialsFor(endpoint, credentials))
                .httpClient(httpClient())
                .overrideConfiguration(overrides(attemptTimeout, interceptors));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static ClientOverrideConfiguration overrides(Duration attemptTimeout,
                                                         List<ExecutionInterceptor> interceptors) {
        return ClientOverrideConfiguration.builder()
                // Standard mode: exponential backoff with full jitter, 3 attempts in all.
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(attemptTimeout.multipliedBy(3).plusSeconds(1))
                .apiCallAttemptTimeout(attemptTimeout)
                .executionInterceptors(List.copyOf(interceptors))
                .build();
    }

    /**
     * An emulator on this machine (moto, LocalStack) takes any credentials; any other endpoint, or none
     * (the regional one), gets the real ones.
     */
    public static AwsCredentialsProvider credentialsFor(String endpoint, AwsCredentialsProvider real) {
        if (endpoint == null) {
            return real;
        }
        String host = URI.create(endpoint).getHost();
        boolean loopback = host != null && (host.equals("localhost") || host.equals("127.0.0.1")
                || host.equals("[::1]") || host.equals("::1"));
        return loopback ? localCredentials() : real;
    }

    /** moto and LocalStack accept any credentials; these keep the SDK from looking for real ones. */
    public static AwsCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    /**
     * The process's one HTTP client, shared by every SDK client. HttpURLConnection underneath: no
     * connection pool to build.
     */
    public static SdkHttpClient httpClient() {
        return HTTP_CLIENT.get();
    }

    /** Built on first use, then kept. */
    public static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> supplier;
        private volatile T value;

        private Lazy(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        public static <T> Lazy<T> of(Supplier<T> supplier) {
            return new Lazy<>(supplier);
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = supplier.get();
                        value = v;
                    }
                }
            }
            return v;
        }

        /** The value if it was built. */
        public Optional<T> built() {
            return Optional.ofNullable(value);
        }
    }
}
