package org.tellonce.store.lean;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import org.tellonce.store.lean.SignedPost.Answer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ItemCollectionSizeLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReplicatedWriteConflictException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.TransactionInProgressException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A DynamoDB client for the operations the functions use, speaking the JSON protocol itself over
 * {@link HttpURLConnection} (keep-alive), signed with SigV4. It exists for the cold start: building
 * the SDK client and its first request cost about a second, this one a small fraction of that. It
 * keeps the SDK's model types, exceptions and retry behaviour (standard mode: 3 attempts, exponential
 * backoff with full jitter, 100 ms base, 1 s for throttling, the same retryable status codes and error
 * codes, and the 500-token retry quota), so the stores do not know which client they hold. The
 * attempt timeout bounds the connect and every read of the answer (HttpURLConnection's timeouts;
 * DynamoDB's answers are small), the API-call timeout bounds the whole call with its backoffs. Operations not implemented here throw {@link UnsupportedOperationException} (the
 * interface's defaults). Thread-safe.
 */
public final class LeanDynamoDbClient implements DynamoDbClient {
    /**
     * Test and benchmark hooks, the lean client's equivalent of the SDK's execution interceptors.
     * {@code beforeAttempt} and {@code afterAttempt} may throw an {@link SdkException} to simulate a
     * fault: it is handled (and retried or not) as if DynamoDB had answered with it.
     */
    public interface Hook {
        /** Once per API call, before the first attempt (SDK: {@code beforeExecution}). */
        default void beforeCall(String operation, SdkRequest request) {
        }

        /** Before each HTTP attempt is sent (SDK: {@code beforeTransmission}). */
        default void beforeAttempt(String operation, SdkRequest request) {
        }

        /** After each HTTP attempt was answered, before the answer is read (SDK: {@code afterTransmission}). */
        default void afterAttempt(String operation, SdkRequest request, int status) {
        }
    }

    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    /** SDK standard mode: the throttling error codes (AwsErrorCode.THROTTLING_ERROR_CODES). */
    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "ProvisionedThroughputExceededException", "SlowDown", "TooManyRequestsException", "RequestLimitExceeded",
            "BandwidthLimitExceeded", "RequestThrottled", "RequestThrottledException", "EC2ThrottledException",
            "TransactionInProgressException");
    /** SDK standard mode: the other retryable error codes (clock skew and transient). */
    private static final Set<String> RETRYABLE = Set.of("RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture",
            "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure", "PriorRequestNotComplete",
            "RequestTimeout", "RequestTimeoutException", "InternalError");
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(500, 502, 503, 504);
    private static final int QUOTA_CAPACITY = 500;
    private static final int RETRY_COST = 5;

    private final SignedPost post;
    private final int maxAttempts;
    private final long attemptTimeoutMillis;
    private final long apiCallTimeoutMillis;
    private final int connectTimeoutMillis;
    private final long baseDelayMillis;
    private final long throttledBaseDelayMillis;
    private final long maxBackoffMillis;
    private final List<Hook> hooks;
    private final Clock clock;
    /** SDK standard mode's retry quota: 500 tokens, 5 per retry, 1 back per first-time success, the cost back per retried success. */
    private final java.util.concurrent.atomic.AtomicInteger retryQuota = new java.util.concurrent.atomic.AtomicInteger(
            QUOTA_CAPACITY);
    private volatile boolean closed;

    private LeanDynamoDbClient(Builder b) {
        if (b.region == null || b.credentials == null) {
            throw new IllegalArgumentException("a region and a credentials provider are required");
        }
        URI endpoint = b.endpoint != null ? b.endpoint : URI.create("https://dynamodb." + b.region + ".amazonaws.com");
        this.post = new SignedPost(endpoint, b.region, "dynamodb", CONTENT_TYPE, "tellonce-lean-dynamodb/1",
                b.credentials);
        this.maxAttempts = b.maxAttempts;
        this.attemptTimeoutMillis = b.attemptTimeout.toMillis();
        this.apiCallTimeoutMillis = b.apiCallTimeout.toMillis();
        this.connectTimeoutMillis = (int) b.connectTimeout.toMillis();
        this.baseDelayMillis = b.baseDelay.toMillis();
        this.throttledBaseDelayMillis = b.throttledBaseDelay.toMillis();
        this.maxBackoffMillis = 20_000;
        this.hooks = List.copyOf(b.hooks);
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings; the defaults are the SDK's standard retry mode with a 3 s attempt and a 2 s connect timeout. */
    public static final class Builder {
        private URI endpoint;
        private String region;
        private AwsCredentialsProvider credentials;
        private int maxAttempts = 3;
        private Duration attemptTimeout = Duration.ofSeconds(3);
        private Duration apiCallTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration baseDelay = Duration.ofMillis(100);
        private Duration throttledBaseDelay = Duration.ofSeconds(1);
        private List<Hook> hooks = List.of();
        private Clock clock;

        private Builder() {
        }

        /** Null: {@code https://dynamodb.<region>.amazonaws.com}. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Asked for credentials on every request (providers cache them and refresh them). */
        public Builder credentialsProvider(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be positive");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
            return this;
        }

        public Builder apiCallTimeout(Duration apiCallTimeout) {
            this.apiCallTimeout = apiCallTimeout;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Backoff bases (full jitter): for errors in general and for throttling. */
        public Builder backoff(Duration baseDelay, Duration throttledBaseDelay) {
            this.baseDelay = baseDelay;
            this.throttledBaseDelay = throttledBaseDelay;
            return this;
        }

        public Builder hooks(List<Hook> hooks) {
            this.hooks = List.copyOf(hooks);
            return this;
        }

        /** The clock that dates signatures (tests; by default the system's, read without java.time). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public LeanDynamoDbClient build() {
            return new LeanDynamoDbClient(this);
        }
    }

    // ---------------------------------------------------------------- operations

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        return (GetItemResponse) call("GetItem", request, GetItemResponse.builder());
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        return (PutItemResponse) call("PutItem", request, PutItemResponse.builder());
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return (UpdateItemResponse) call("UpdateItem", request, UpdateItemResponse.builder());
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        return (DeleteItemResponse) call("DeleteItem", request, DeleteItemResponse.builder());
    }

    @Override
    public QueryResponse query(QueryRequest request) {
        return (QueryResponse) call("Query", request, QueryResponse.builder());
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        return (ScanResponse) call("Scan", request, ScanResponse.builder());
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
        return (TransactWriteItemsResponse) call("TransactWriteItems", request, TransactWriteItemsResponse.builder());
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
        return (BatchGetItemResponse) call("BatchGetItem", request, BatchGetItemResponse.builder());
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
        return (BatchWriteItemResponse) call("BatchWriteItem", request, BatchWriteItemResponse.builder());
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    /** Nothing to release but the JDK's idle keep-alive connections, which time out on their own. */
    @Override
    public void close() {
        closed = true;
    }

    // ---------------------------------------------------------------- the call

    private Object call(String operation, SdkRequest request, SdkPojo responseBuilder) {
        if (closed) {
            throw new IllegalStateException("the DynamoDB client is closed");
        }
        request.overrideConfiguration().ifPresent(LeanDynamoDbClient::checkOverride);
        for (Hook hook : hooks) {
            hook.beforeCall(operation, request);
        }
        byte[] body = LeanJson.write((SdkPojo) request);
        String target = TARGET_PREFIX + operation;
        long started = System.nanoTime();
        long deadline = started + apiCallTimeoutMillis * 1_000_000L;
        int quotaTaken = 0;
        for (int attempt = 1; ; attempt++) {
            SdkException failure;
            boolean retryable;
            try {
                for (Hook hook : hooks) {
                    hook.beforeAttempt(operation, request);
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw ApiCallTimeoutException.builder().message("Client execution did not complete before the"
                            + " specified timeout configuration: " + apiCallTimeoutMillis + " millis").build();
                }
                Answer answer = send(target, body, (int) Math.max(1, Math.min(attemptTimeoutMillis, left)));
                for (Hook hook : hooks) {
                    hook.afterAttempt(operation, request, answer.status());
                }
                if (answer.status() / 100 == 2) {
                    if (answer.crc32() != null && !crcMatches(answer)) {
                        throw new Crc32Mismatch();
                    }
                    Object response = LeanJson.read(answer.body(), responseBuilder);
                    releaseQuota(quotaTaken == 0 ? 1 : quotaTaken);
                    return response;
                }
                throw error(answer);
            } catch (SdkServiceException e) {
                failure = e;
                retryable = RETRYABLE_STATUS.contains(e.statusCode()) || e.isThrottlingException()
                        || (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException a
                        && a.awsErrorDetails() != null && RETRYABLE.contains(a.awsErrorDetails().errorCode()));
            } catch (Crc32Mismatch e) {
                failure = SdkClientException.builder()
                        .message("The CRC32 of DynamoDB's answer does not match its x-amz-crc32 header").build();
                retryable = true;
            } catch (IOException e) {
                failure = SdkClientException.builder()
                        .message("Unable to execute HTTP request: " + e.getMessage()).cause(e).build();
                retryable = true;
            } catch (SdkException e) {
                failure = e;
                retryable = e.retryable() || e.getCause() instanceof IOException;
            } catch (java.io.UncheckedIOException e) {
                // An answer that is not DynamoDB JSON (LeanJson.read keeps its content out of the message).
                failure = SdkClientException.builder().message(e.getCause().getMessage()).build();
                retryable = false;
            }
            if (!retryable || attempt >= maxAttempts || !acquireQuota()) {
                throw withAttempts(failure, attempt);
            }
            quotaTaken += RETRY_COST;
            long delay = backoff(attempt, isThrottling(failure));
            long now = System.nanoTime();
            if (now + delay * 1_000_000L >= deadline) {
                sleep(Math.max(0, (deadline - now) / 1_000_000L));
                throw ApiCallTimeoutException.builder()
                        .message("Client execution did not complete before the specified timeout configuration: "
                                + apiCallTimeoutMillis + " millis")
                        .cause(failure).numAttempts(attempt).build();
            }
            sleep(delay);
        }
    }

    /**
     * A request's override configuration: the API names the SDK's paginators add (user-agent
     * metadata) are ignored; anything that would change the request or its signing is refused.
     */
    private static void checkOverride(software.amazon.awssdk.core.RequestOverrideConfiguration o) {
        boolean changesTheCall = !o.headers().isEmpty() || !o.rawQueryParameters().isEmpty()
                || o.apiCallTimeout().isPresent() || o.apiCallAttemptTimeout().isPresent() || o.signer().isPresent()
                || !o.plugins().isEmpty()
                || (o instanceof software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration aws
                && aws.credentialsIdentityProvider().isPresent());
        if (changesTheCall) {
            throw new UnsupportedOperationException("LeanDynamoDbClient does not support a request's"
                    + " overrideConfiguration (headers, query parameters, timeouts, signer, plugins or credentials);"
                    + " set DYNAMODB_CLIENT=sdk");
        }
    }

    private boolean acquireQuota() {
        while (true) {
            int left = retryQuota.get();
            if (left < RETRY_COST) {
                return false;
            }
            if (retryQuota.compareAndSet(left, left - RETRY_COST)) {
                return true;
            }
        }
    }

    private void releaseQuota(int tokens) {
        retryQuota.getAndUpdate(left -> Math.min(QUOTA_CAPACITY, left + tokens));
    }

    private static SdkException withAttempts(SdkException e, int attempts) {
        try {
            return e.toBuilder().numAttempts(attempts).build();
        } catch (RuntimeException cannot) {
            return e;
        }
    }

    private static boolean isThrottling(SdkException e) {
        return e instanceof SdkServiceException s && s.isThrottlingException();
    }

    /** Full jitter: uniform in [0, min(max, base * 2^(attempt-1))]. */
    private long backoff(int attempt, boolean throttled) {
        long base = throttled ? throttledBaseDelayMillis : baseDelayMillis;
        long ceiling = Math.min(maxBackoffMillis, base << Math.min(attempt - 1, 20));
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AbortedException.builder().message("Thread was interrupted").cause(e).build();
        }
    }

    private static final class Crc32Mismatch extends RuntimeException {
        Crc32Mismatch() {
            super(null, null, false, false);
        }
    }

    private static boolean crcMatches(Answer answer) {
        CRC32 crc = new CRC32();
        crc.update(answer.body());
        try {
            return crc.getValue() == Long.parseLong(answer.crc32().trim());
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- HTTP

    private Answer send(String target, byte[] body, int timeoutMillis) throws IOException {
        return post.send(target, body, Math.min(connectTimeoutMillis, timeoutMillis), timeoutMillis,
                clock == null ? System.currentTimeMillis() / 1000 : clock.instant().getEpochSecond());
    }

    // ---------------------------------------------------------------- errors

    /** The SDK's exception for an error answer: same type, status, code, message and request id. */
    private static DynamoDbException error(Answer answer) {
        String[] typeAndMessage = LeanJson.errorTypeAndMessage(answer.body());
        String code = typeAndMessage[0];
        String message = typeAndMessage[1];
        DynamoDbException.Builder builder = builderFor(code);
        if (code != null) {
            try {
                // Modeled members: Item (ALL_OLD), CancellationReasons, ThrottlingReasons...
                builder = ((DynamoDbException) LeanJson.read(answer.body(), builder)).toBuilder();
            } catch (RuntimeException unreadable) {
                // Keep the code and message.
            }
        }
        SdkHttpResponse.Builder http = SdkHttpResponse.builder().statusCode(answer.status());
        if (answer.headers() != null) {
            answer.headers().forEach((name, values) -> {
                if (name != null) {
                    http.putHeader(name, values);
                }
            });
        }
        builder.message(message);
        builder.statusCode(answer.status());
        builder.requestId(answer.requestId());
        builder.awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("DynamoDb")
                        .sdkHttpResponse(http.build())
                        .build());
        return (DynamoDbException) builder.build();
    }

    private static DynamoDbException.Builder builderFor(String code) {
        if (code == null) {
            return DynamoDbException.builder();
        }
        switch (code) {
            case "ConditionalCheckFailedException":
                return ConditionalCheckFailedException.builder();
            case "TransactionCanceledException":
                return TransactionCanceledException.builder();
            case "TransactionConflictException":
                return TransactionConflictException.builder();
            case "TransactionInProgressException":
                return TransactionInProgressException.builder();
            case "ProvisionedThroughputExceededException":
                return ProvisionedThroughputExceededException.builder();
            case "RequestLimitExceeded":
                return RequestLimitExceededException.builder();
            case "ThrottlingException":
                return ThrottlingException.builder();
            case "ResourceNotFoundException":
                return ResourceNotFoundException.builder();
            case "ItemCollectionSizeLimitExceededException":
                return ItemCollectionSizeLimitExceededException.builder();
            case "InternalServerError":
                return InternalServerErrorException.builder();
            case "IdempotentParameterMismatchException":
                return IdempotentParameterMismatchException.builder();
            case "ReplicatedWriteConflictException":
                return ReplicatedWriteConflictException.builder();
            case "LimitExceededException":
                return LimitExceededException.builder();
            case "ResourceInUseException":
                return ResourceInUseException.builder();
            default:
                return DynamoDbException.builder();
        }
    }
}
