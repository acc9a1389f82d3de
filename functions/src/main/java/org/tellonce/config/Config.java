package org.tellonce.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one function is configured with, read once from its environment ({@code Config.from(System.getenv())}
 * in Lambda; the local stack passes each function the variables its template.yaml entry gives it).
 * Nothing else reads the environment. A blank variable counts as unset. Errors name the variable,
 * never its value (a value may be a secret).
 *
 * @param tableName                  the single table ({@code TABLE_NAME}, default {@code tellonce})
 * @param topics                     the topic list, comma-separated ({@code TOPICS}, required)
 * @param residentKeySecret          the secret itself (local stack, tests)
 * @param residentKeySecretParameter the SSM parameter holding it (AWS); one of the two is required
 * @param dynamoDbEndpoint           DynamoDB endpoint override (local stack)
 * @param ssmEndpoint                SSM endpoint override (LocalStack tests)
 * @param region                     {@code AWS_REGION}, default eu-west-2
 * @param environmentCredentials     {@code AWS_ACCESS_KEY_ID} is set: credentials come from the environment
 * @param emf                        metric lines are written (in Lambda: {@code AWS_LAMBDA_FUNCTION_NAME} is set)
 * @param dynamoDbAttemptTimeout     per DynamoDB attempt (default 3 s)
 * @param storiesPerContactPerHour   overrides the hourly per-contact story limit
 * @param partnerListCache           how long the story form caches the partner list (0 to 3600 s)
 * @param residentEraseBudget        how long one request erasing (or making private) all of a resident's stories
 *                                   starts new ones (1 to 12 s; {@code RESIDENT_ERASE_BUDGET_SECONDS}); empty: the default
 * @param localSms                   {@code SMS_SENDER=local}: replies go to the local outbox
 * @param stackName                  the CloudFormation stack (a metric dimension); {@code local} elsewhere
 * @param email                      how e-mail is sent
 * @param publicUrl                  {@code PUBLIC_URL}: the stack's address, for links in messages
 * @param moderation                 {@code MODERATION}: off, safeguarding (default) or all; anything else fails here
 * @param responseTargetDays         {@code RESPONSE_TARGET_DAYS}: the response clock's target, 1 to 365 days (default 20)
 * @param webhooks                   the webhook functions' queues and rules (SPEC section 14)
 */
public record Config(String tableName, String topics, Optional<String> residentKeySecret,
                     Optional<String> residentKeySecretParameter, Optional<String> dynamoDbEndpoint,
                     Optional<String> ssmEndpoint, String region, boolean environmentCredentials, boolean emf,
                     Duration dynamoDbAttemptTimeout, OptionalInt storiesPerContactPerHour,
                     Optional<Duration> partnerListCache, boolean localSms, Sms sms, String stackName,
                     Email email, Optional<String> publicUrl, String moderation, int responseTargetDays,
                     Webhooks webhooks, Optional<Duration> residentEraseBudget) {
    public static final String DEFAULT_TABLE = "tellonce";
    public static final String DEFAULT_REGION = "eu-west-2";
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
    public static final String DEFAULT_MODERATION = "safeguarding";
    public static final int DEFAULT_RESPONSE_TARGET_DAYS = 20;
    public static final int MAX_RESPONSE_TARGET_DAYS = 365;
    private static final java.util.Set<String> MODERATION_MODES = java.util.Set.of("off", "safeguarding", "all");

    /**
     * The SMS functions' settings.
     *
     * @param originationIdentity  End User Messaging identity replies are sent from (empty: AWS chooses)
     * @param twilioAccountSid     present: replies to Twilio messages go through Twilio from this account
     * @param twilioFromNumber     the Twilio number replies are sent from
     * @param twilioAuthToken      the token itself (local stack, tests)
     * @param twilioAuthTokenParameter the SSM parameter holding it (AWS)
     */
    public record Sms(Optional<String> originationIdentity, Optional<String> twilioAccountSid,
                      Optional<String> twilioFromNumber, Optional<String> twilioAuthToken,
                      Optional<String> twilioAuthTokenParameter) {
    }

    /**
     * How e-mail (verification codes, notifications) is sent.
     *
     * @param local {@code EMAIL_SENDER=local}: to the local outbox
     * @param from  {@code EMAIL_FROM}: the SES identity it is sent from
     */
    public record Email(boolean local, Optional<String> from) {
    }

    /**
     * Webhooks (SPEC section 14).
     *
     * @param queueUrl           {@code WEBHOOK_QUEUE_URL}: the FIFO queue events wait in
     * @param deadLetterQueueUrl {@code WEBHOOK_DEAD_LETTER_QUEUE_URL}: where an event goes after 24 hours of failures
     * @param sqsEndpoint        {@code SQS_ENDPOINT}: SQS endpoint override (local stack)
     * @param allowLoopback      {@code WEBHOOK_ALLOW_LOOPBACK=true}: http://127.0.0.1 and localhost URLs (local stack only)
     * @param firstRetrySeconds  {@code WEBHOOK_FIRST_RETRY_SECONDS}: the first retry's wait, doubling (default 30; local 1)
     */
    public record Webhooks(Optional<String> queueUrl, Optional<String> deadLetterQueueUrl, Optional<String> sqsEndpoint,
                           boolean allowLoopback, int firstRetrySeconds) {
    }

    public Config {
        Objects.requireNonNull(webhooks);
        Objects.requireNonNull(tableName);
        Objects.requireNonNull(topics);
        Objects.requireNonNull(region);
        Objects.requireNonNull(sms);
        Objects.requireNonNull(email);
        if (!MODERATION_MODES.contains(moderation)) {
            throw new IllegalStateException("Environment variable " + EnvNames.MODERATION
                    + " must be off, safeguarding or all");
        }
        if (responseTargetDays < 1 || responseTargetDays > MAX_RESPONSE_TARGET_DAYS) {
            throw new IllegalStateException("Environment variable " + EnvNames.RESPONSE_TARGET_DAYS
                    + " must be a whole number of days from 1 to " + MAX_RESPONSE_TARGET_DAYS);
        }
    }

    /** Reads the configuration once; a required variable missing or a number that is not one fails here. */
    public static Config from(Map<String, String> environment) {
        Reader env = new Reader(environment);
        Optional<String> secret = env.get(EnvNames.RESIDENT_KEY_SECRET);
        Optional<String> secretParameter = env.get(EnvNames.RESIDENT_KEY_SECRET_PARAMETER);
        if (secret.isEmpty() && secretParameter.isEmpty()) {
            throw new IllegalStateException("Environment variable " + EnvNames.RESIDENT_KEY_SECRET_PARAMETER
                    + " (or " + EnvNames.RESIDENT_KEY_SECRET + ") is not set");
        }
        return new Config(
                env.get(EnvNames.TABLE_NAME).orElse(DEFAULT_TABLE),
                env.require(EnvNames.TOPICS),
                secret,
                secretParameter,
                env.get(EnvNames.DYNAMODB_ENDPOINT),
                env.get(EnvNames.SSM_ENDPOINT),
                env.get(EnvNames.AWS_REGION).orElse(DEFAULT_REGION),
                env.get(EnvNames.AWS_ACCESS_KEY_ID).isPresent(),
                env.get(EnvNames.AWS_LAMBDA_FUNCTION_NAME).isPresent(),
                env.number(EnvNames.DYNAMODB_ATTEMPT_TIMEOUT_MS).stream().mapToObj(Duration::ofMillis).findFirst()
                        .orElse(DEFAULT_ATTEMPT_TIMEOUT),
                env.number(EnvNames.STORIES_PER_CONTACT_PER_HOUR),
                // Out of range or not a number: the default (a typo must not stop the story form).
                env.get(EnvNames.PARTNER_LIST_CACHE_SECONDS).flatMap(Config::seconds),
                "local".equals(env.get(EnvNames.SMS_SENDER).orElse("")),
                new Sms(env.get(EnvNames.SMS_ORIGINATION_IDENTITY), env.get(EnvNames.TWILIO_ACCOUNT_SID),
                        env.get(EnvNames.TWILIO_FROM_NUMBER), env.get(EnvNames.TWILIO_AUTH_TOKEN),
                        env.get(EnvNames.TWILIO_AUTH_TOKEN_PARAMETER)),
                env.get(EnvNames.STACK_NAME).orElse("local"),
                new Email("local".equals(env.get(EnvNames.EMAIL_SENDER).orElse("")), env.get(EnvNames.EMAIL_FROM)),
                env.get(EnvNames.PUBLIC_URL).map(u -> u.replaceAll("/+$", "")),
                env.get(EnvNames.MODERATION).map(String::strip).orElse(DEFAULT_MODERATION),
                env.number(EnvNames.RESPONSE_TARGET_DAYS).orElse(DEFAULT_RESPONSE_TARGET_DAYS),
                new Webhooks(env.get(EnvNames.WEBHOOK_QUEUE_URL), env.get(EnvNames.WEBHOOK_DEAD_LETTER_QUEUE_URL),
                        env.get(EnvNames.SQS_ENDPOINT), "true".equals(env.get(EnvNames.WEBHOOK_ALLOW_LOOPBACK).orElse("")),
                        env.number(EnvNames.WEBHOOK_FIRST_RETRY_SECONDS).orElse(30)),
                // Out of range or not a number: the default (MyStories.DEFAULT_BUDGET).
                env.get(EnvNames.RESIDENT_ERASE_BUDGET_SECONDS).flatMap(Config::seconds)
                        .filter(d -> !d.isZero() && d.getSeconds() <= 12));
    }

    /** The same configuration with metric lines written (or not) wherever it runs. */
    public Config withEmf(boolean on) {
        return new Config(tableName, topics, residentKeySecret, residentKeySecretParameter, dynamoDbEndpoint,
                ssmEndpoint, region, environmentCredentials, on, dynamoDbAttemptTimeout, storiesPerContactPerHour,
                partnerListCache, localSms, sms, stackName, email, publicUrl, moderation, responseTargetDays, webhooks,
                residentEraseBudget);
    }

    private static Optional<Duration> seconds(String value) {
        try {
            long s = Long.parseLong(value.strip());
            return s >= 0 && s <= 3600 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Reads variables by name; says which one is wrong, never what it holds. */
    private record Reader(Map<String, String> environment) {
        Optional<String> get(String name) {
            String value = environment.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
        }

        String require(String name) {
            return get(name).orElseThrow(() -> new IllegalStateException("Environment variable " + name
                    + " is not set"));
        }

        OptionalInt number(String name) {
            Optional<String> value = get(name);
            if (value.isEmpty()) {
                return OptionalInt.empty();
            }
            try {
                int n = Integer.parseInt(value.get().strip());
                if (n > 0) {
                    return OptionalInt.of(n);
                }
            } catch (NumberFormatException e) {
                // Reported below, without the value.
            }
            throw new IllegalStateException("Environment variable " + name + " must be a positive whole number");
        }
    }
}
