package org.tellonce.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * An SDK interceptor that makes DynamoDB misbehave on purpose, counted. Two kinds of fault, as they
 * happen in AWS: a throttling error before the request reaches the table (nothing applied), and a
 * 500 after the table applied the request (the answer is lost, the write is not).
 */
final class StoreFaults implements ExecutionInterceptor {
    enum Mode { OFF, EVERY_NTH, ALWAYS_THROTTLE, ALWAYS_LOST_ANSWER }

    private static final ExecutionAttribute<Boolean> LOSE_ANSWER = new ExecutionAttribute<>("tellonce.loseAnswer");
    private static final String INTERNAL_ERROR =
            "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"injected fault\"}";

    private volatile Mode mode = Mode.OFF;
    private volatile int every = 3;
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong throttles = new AtomicLong();
    private final AtomicLong lostAnswers = new AtomicLong();

    void everyNth(int n) {
        every = n;
        mode = Mode.EVERY_NTH;
    }

    void always(Mode persistent) {
        mode = persistent;
    }

    void off() {
        mode = Mode.OFF;
    }

    long attempts() {
        return attempts.get();
    }

    long throttles() {
        return throttles.get();
    }

    long lostAnswers() {
        return lostAnswers.get();
    }

    long injected() {
        return throttles.get() + lostAnswers.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(LOSE_ANSWER, false);
        attributes.putAttribute(LOSE_ANSWER, decide());
    }

    /** Counts an attempt; throws the throttling fault, or returns whether to lose the answer. */
    private boolean decide() {
        long attempt = attempts.incrementAndGet();
        Mode current = mode;
        boolean fault = current == Mode.ALWAYS_THROTTLE || current == Mode.ALWAYS_LOST_ANSWER
                || (current == Mode.EVERY_NTH && attempt % every == 0);
        if (!fault) {
            return false;
        }
        boolean throttle = current == Mode.ALWAYS_THROTTLE
                || (current == Mode.EVERY_NTH && injected() % 2 == 0);
        if (throttle) {
            throttles.incrementAndGet();
            throw DynamoDbException.builder()
                    .statusCode(400)
                    .message("injected throttling")
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("ThrottlingException")
                            .errorMessage("Rate of requests exceeds the allowed throughput (injected)")
                            .serviceName("DynamoDb")
                            .sdkHttpResponse(SdkHttpResponse.builder().statusCode(400).build())
                            .build())
                    .build();
        }
        lostAnswers.incrementAndGet();
        return true;
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(LOSE_ANSWER))) {
            // The body is replaced below: its checksum and length go with it.
            return context.httpResponse().toBuilder().statusCode(500).statusText("Internal Server Error")
                    .removeHeader("x-amz-crc32")
                    .putHeader("Content-Length", Integer.toString(INTERNAL_ERROR.getBytes(StandardCharsets.UTF_8).length))
                    .build();
        }
        return context.httpResponse();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(LOSE_ANSWER))) {
            context.responseBody().ifPresent(StoreFaults::drain);
            return Optional.of(new ByteArrayInputStream(INTERNAL_ERROR.getBytes(StandardCharsets.UTF_8)));
        }
        return context.responseBody();
    }

    private static void drain(InputStream in) {
        try (in) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // The real answer is thrown away either way.
        }
    }
}
