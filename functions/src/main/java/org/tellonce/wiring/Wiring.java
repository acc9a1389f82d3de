package org.tellonce.wiring;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.adapters.aws.AwsClients.Lazy;
import org.tellonce.adapters.aws.Secrets;
import org.tellonce.adapters.dynamo.DynamoAccessLog;
import org.tellonce.adapters.dynamo.DynamoDigestStore;
import org.tellonce.adapters.dynamo.DynamoFeedStore;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.adapters.dynamo.DynamoResidentRecords;
import org.tellonce.adapters.dynamo.DynamoResidentSessionStore;
import org.tellonce.adapters.dynamo.DynamoShareStore;
import org.tellonce.adapters.dynamo.DynamoSignInLock;
import org.tellonce.adapters.dynamo.DynamoSmsStore;
import org.tellonce.adapters.dynamo.DynamoStaffStore;
import org.tellonce.adapters.dynamo.DynamoStoryStore;
import org.tellonce.adapters.dynamo.DynamoVerificationStore;
import org.tellonce.adapters.email.LocalEmailOutbox;
import org.tellonce.adapters.email.SesEmailSender;
import org.tellonce.adapters.sms.EndUserMessagingSender;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.adapters.sms.TwilioSender;
import org.tellonce.config.Config;
import org.tellonce.config.EnvNames;
import org.tellonce.config.Priming;
import org.tellonce.core.access.AccessHistory;
import org.tellonce.core.access.AccessLog;
import org.tellonce.core.access.AccessRecorder;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.PartnerAudit;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.digest.DigestLinks;
import org.tellonce.core.digest.StaffDigest;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.feed.FeedCursor;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.intake.IntakeService;
import org.tellonce.core.intake.Limits;
import org.tellonce.core.intake.StoryValidator;
import org.tellonce.core.moderation.Moderation;
import org.tellonce.core.moderation.Safeguarding;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.core.partner.RecentPartners;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.resident.ResidentRecords;
import org.tellonce.core.sharing.FanOut;
import org.tellonce.core.sms.Conversation;
import org.tellonce.core.sms.InboundSms;
import org.tellonce.core.sms.ResponseNotifier;
import org.tellonce.core.sms.SmsDelivery;
import org.tellonce.core.sms.SmsSelfService;
import org.tellonce.core.sms.SmsSender;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.core.staff.StaffSignIn;
import org.tellonce.core.story.Topics;
import org.tellonce.core.verify.CodeCourier;
import org.tellonce.core.verify.MyStories;
import org.tellonce.core.verify.ReplyNotifier;
import org.tellonce.core.verify.ResidentSessions;
import org.tellonce.core.verify.Verification;
import org.tellonce.telemetry.IntakeMetrics;
import org.tellonce.telemetry.Metrics;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one composition root: from a function's {@link Config} (and, for tests and the bench, a few
 * {@link Overrides}) it builds the SDK clients, secrets, stores, services and SMS senders a handler
 * needs. Each is built on first use, so a function only touches (and only needs permission for) what
 * it uses. Handlers take a {@code Wiring} (or its pieces) through their constructors; only their
 * no-argument constructors, which Lambda calls, use {@link #lambda()}.
 *
 * <p>Handlers add their SnapStart warm-ups here ({@link #warmUp}); {@link #prime} runs them with the
 * AWS clients' own priming, counting no metrics, and the Lambda wiring registers that with
 * {@link Priming}.
 */
public final class Wiring {
    private static final Lazy<Wiring> LAMBDA = Lazy.of(() -> {
        Wiring wiring = new Wiring(Config.from(System.getenv()));
        Priming.register(wiring::prime);
        return wiring;
    });

    /**
     * What tests and the bench put in place of what the wiring would build.
     *
     * @param dynamoDb     a DynamoDB client to use instead of building one
     * @param interceptors added to the DynamoDB client the wiring builds (write counters, faults)
     * @param sender       every SMS reply goes here
     * @param email        every e-mail goes here
     * @param clock        the clock of every service
     */
    public record Overrides(Optional<DynamoDbClient> dynamoDb, List<ExecutionInterceptor> interceptors,
                            Optional<SmsSender> sender, Optional<EmailSender> email, Optional<Clock> clock,
                            Optional<org.tellonce.core.webhook.WebhookDelivery.Attempts> webhookAttempts) {
        public Overrides {
            interceptors = List.copyOf(interceptors);
        }

        public static Overrides none() {
            return new Overrides(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }

        public Overrides withDynamoDb(DynamoDbClient client) {
            return new Overrides(Optional.of(client), interceptors, sender, email, clock, webhookAttempts);
        }

        public Overrides withInterceptors(List<ExecutionInterceptor> more) {
            List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
            all.addAll(more);
            return new Overrides(dynamoDb, all, sender, email, clock, webhookAttempts);
        }

        public Overrides withSender(SmsSender smsSender) {
            return new Overrides(dynamoDb, interceptors, Optional.of(smsSender), email, clock, webhookAttempts);
        }

        public Overrides withEmail(EmailSender emailSender) {
            return new Overrides(dynamoDb, interceptors, sender, Optional.of(emailSender), clock, webhookAttempts);
        }

        public Overrides withClock(Clock c) {
            return new Overrides(dynamoDb, interceptors, sender, email, Optional.of(c), webhookAttempts);
        }

        /** Every webhook delivery attempt is also written here (the local stack's {@code GET /_local/webhooks}). */
        public Overrides withWebhookAttempts(org.tellonce.core.webhook.WebhookDelivery.Attempts attempts) {
            return new Overrides(dynamoDb, interceptors, sender, email, clock, Optional.of(attempts));
        }
    }

    private final Config config;
    private final Overrides overrides;
    private final Clock clock;
    private final Metrics metrics;
    private final AwsClients aws;
    private final Secrets secrets;
    private final List<Runnable> warmUps = new CopyOnWriteArrayList<>();

    private final Supplier<Topics> topics;
    private final Supplier<byte[]> secret;
    private final Supplier<ResidentKeys> residentKeys;
    private final Supplier<FieldCipher> fieldCipher;
    private final Supplier<byte[]> cursorKey;
    private final Supplier<DynamoStoryStore> storyStore;
    private final Supplier<DynamoPartnerStore> partnerStore;
    private final Supplier<DynamoFeedStore> feedStore;
    private final Supplier<DynamoSmsStore> smsStore;
    private final Supplier<PartnerDirectory> partnerDirectory;
    private final Supplier<RecentPartners> recentPartners;
    private final Supplier<String> twilioAuthToken;
    private final Supplier<SmsSender> endUserMessaging;
    private final Supplier<SmsSender> twilio;
    private final Supplier<LocalOutbox> localOutbox;
    private final Supplier<EmailSender> email;

    public Wiring(Config config) {
        this(config, Overrides.none());
    }

    public Wiring(Config config, Overrides overrides) {
        this.config = config;
        this.overrides = overrides;
        this.clock = overrides.clock().orElseGet(Clock::systemUTC);
        this.metrics = new Metrics(config.emf(), config.stackName());
        this.aws = new AwsClients(config, overrides.interceptors());
        this.secrets = new Secrets(aws::ssm);
        this.topics = Lazy.of(() -> Topics.parse(config.topics()));
        this.secret = Lazy.of(() -> secrets.residentKeySecret(config.residentKeySecret(),
                config.residentKeySecretParameter()));
        this.residentKeys = Lazy.of(() -> new ResidentKeys(secret.get()));
        this.fieldCipher = Lazy.of(() -> FieldCipher.fromSecret(secret.get()));
        this.cursorKey = Lazy.of(() -> Hashing.hmacSha256(secret.get(), "feed-cursor"));
        this.storyStore = Lazy.of(() -> new DynamoStoryStore(dynamoDb(), config.tableName(), fieldCipher()));
        this.partnerStore = Lazy.of(() -> new DynamoPartnerStore(dynamoDb(), config.tableName()));
        this.feedStore = Lazy.of(() -> new DynamoFeedStore(dynamoDb(), config.tableName(), fieldCipher()));
        this.smsStore = Lazy.of(() -> new DynamoSmsStore(dynamoDb(), config.tableName()));
        this.partnerDirectory = Lazy.of(() -> new PartnerDirectory(partnerStore(), clock,
                config.partnerListCache().orElse(PartnerDirectory.DEFAULT_TTL)));
        // The same setting as the form's list (0 locally, so tests see a change at once).
        this.recentPartners = Lazy.of(() -> new RecentPartners(partnerStore(), clock,
                config.partnerListCache().orElse(RecentPartners.DEFAULT_TTL)));
        this.twilioAuthToken = Lazy.of(() -> config.sms().twilioAuthToken().orElseGet(() -> secrets.parameter(
                config.sms().twilioAuthTokenParameter().orElseThrow(() -> new IllegalStateException(
                        "Environment variable " + EnvNames.TWILIO_AUTH_TOKEN_PARAMETER + " is not set")))));
        this.endUserMessaging = Lazy.of(() -> new EndUserMessagingSender(aws.smsVoice(),
                config.sms().originationIdentity().orElse("")));
        this.twilio = Lazy.of(() -> new TwilioSender(config.sms().twilioAccountSid().orElseThrow(),
                twilioAuthToken(), config.sms().twilioFromNumber().orElseThrow(() -> new IllegalStateException(
                        "Environment variable " + EnvNames.TWILIO_FROM_NUMBER + " is not set"))));
        this.localOutbox = Lazy.of(LocalOutbox::new);
        this.email = Lazy.of(() -> overrides.email().orElseGet(() -> config.email().local() ? new LocalEmailOutbox()
                : new SesEmailSender(aws.ses(), config.email().from().orElseThrow(() -> new IllegalStateException(
                        "Environment variable " + EnvNames.EMAIL_FROM + " is not set")))));
    }

    /** The process's wiring in Lambda: read once from {@code System.getenv()}, primed before a SnapStart snapshot. */
    public static Wiring lambda() {
        return LAMBDA.get();
    }

    public Config config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    public Metrics metrics() {
        return metrics;
    }

    public IntakeMetrics intakeMetrics() {
        return new IntakeMetrics(metrics);
    }

    public AwsClients aws() {
        return aws;
    }

    public DynamoDbClient dynamoDb() {
        return overrides.dynamoDb().orElseGet(aws::dynamoDb);
    }

    public Topics topics() {
        return topics.get();
    }

    public ResidentKeys residentKeys() {
        return residentKeys.get();
    }

    public FieldCipher fieldCipher() {
        return fieldCipher.get();
    }

    /** Key that MACs partner feed cursors. */
    public byte[] cursorKey() {
        return cursorKey.get().clone();
    }

    public DynamoStoryStore storyStore() {
        return storyStore.get();
    }

    public DynamoPartnerStore partnerStore() {
        return partnerStore.get();
    }

    public DynamoFeedStore feedStore() {
        return feedStore.get();
    }

    public DynamoSmsStore smsStore() {
        return smsStore.get();
    }

    public DynamoShareStore shareStore() {
        return new DynamoShareStore(dynamoDb(), config.tableName(), fieldCipher());
    }

    /** The partners the story form offers, through the function's cache. */
    /**
     * The partner store whose list of every partner is up to PARTNER_LIST_CACHE_SECONDS (default 30 s) old,
     * for what only names or offers partners (resident pages, access logs); never for deciding access or
     * sharing, which read {@link #partnerStore()}.
     */
    public RecentPartners recentPartners() {
        return recentPartners.get();
    }

    public PartnerDirectory partnerDirectory() {
        return partnerDirectory.get();
    }

    public PartnerAdmin partnerAdmin() {
        return new PartnerAdmin(partnerStore());
    }

    public FeedService feedService() {
        return new FeedService(feedStore(), new FeedCursor(this::cursorKey), residentKeys(), clock,
                () -> recentPartners().all().stream().flatMap(p -> p.areas().stream()).toList(),
                java.time.Duration.ofDays(config.responseTargetDays()));
    }

    public IntakeService intakeService() {
        return new IntakeService(storyStore(), new StoryValidator(topics()), residentKeys(), clock,
                config.storiesPerContactPerHour().orElse(Limits.STORIES_PER_CONTACT_PER_HOUR), moderation());
    }

    public FanOut fanOut() {
        return new FanOut(shareStore(), clock, moderation());
    }

    /** The partnership's moderation policy with the shipped phrase lists (SPEC section 12). */
    public Moderation moderation() {
        return new Moderation(Moderation.Mode.parse(config.moderation()).orElseThrow(), Safeguarding.load());
    }

    public Conversation conversation() {
        IntakeMetrics counted = intakeMetrics();
        return new Conversation(intakeService(), smsStore(), residentKeys(), clock, topics(),
                new SmsSelfService(smsStore(), storyStore(), storyStore()),
                (outcome, channel) -> counted.record(Conversation.class, outcome, channel));
    }

    public SmsDelivery smsDelivery() {
        return new SmsDelivery(conversation(), smsStore(), clock);
    }

    /** Twilio's auth token: from the environment locally, from SSM in AWS. */
    public String twilioAuthToken() {
        return twilioAuthToken.get();
    }

    /** The sender of SMS replies: End User Messaging ({@code SMS_SENDER=local}: the local outbox). */
    public SmsSender sender() {
        return sender(InboundSms.Provider.AWS);
    }

    /** The sender for residents who wrote through {@code provider}. */
    public SmsSender sender(InboundSms.Provider provider) {
        if (overrides.sender().isPresent()) {
            return overrides.sender().get();
        }
        if (config.localSms()) {
            return localOutbox.get();
        }
        if (provider == InboundSms.Provider.TWILIO && config.sms().twilioAccountSid().isPresent()) {
            return twilio.get();
        }
        return endUserMessaging.get();
    }

    /** The sender of e-mail: Amazon SES ({@code EMAIL_SENDER=local}: the local outbox). */
    public EmailSender emailSender() {
        return email.get();
    }

    public ResidentSessions residentSessions() {
        return new ResidentSessions(new DynamoResidentSessionStore(dynamoDb(), config.tableName()), clock);
    }

    public ResidentRecords residentRecords() {
        return new DynamoResidentRecords(dynamoDb(), config.tableName());
    }

    /** Partners' replies to residents: SMS stories by SMS, web residents who asked by a notice. */
    public ReplyNotifier replyNotifier() {
        return new ReplyNotifier(new ResponseNotifier(storyStore(), smsStore(), residentKeys(), this::sender, clock),
                storyStore(), residentRecords(), new DynamoVerificationStore(dynamoDb(), config.tableName()), smsStore(),
                this::sender, emailSender(), config.publicUrl().orElse(""), clock);
    }

    public MyStories myStories() {
        return new MyStories(residentRecords(), storyStore(), storyStore(), clock,
                config.residentEraseBudget().orElse(MyStories.DEFAULT_BUDGET));
    }

    public Verification verification() {
        return new Verification(new DynamoVerificationStore(dynamoDb(), config.tableName()), residentRecords(),
                residentKeys(),
                new CodeCourier(smsStore(), this::sender, emailSender()), residentSessions(), clock);
    }

    public DynamoStaffStore staffStore() {
        return new DynamoStaffStore(dynamoDb(), config.tableName(), fieldCipher());
    }

    /** Staff sessions: checked against the person on every use, so disabling them ends them at once. */
    public StaffSessions staffSessions() {
        return new StaffSessions(DynamoResidentSessionStore.forStaff(dynamoDb(), config.tableName()), staffStore(),
                clock);
    }

    public StaffSignIn staffSignIn() {
        return new StaffSignIn(staffStore(), DynamoVerificationStore.forStaff(dynamoDb(), config.tableName()),
                new DynamoSignInLock(dynamoDb(), config.tableName()), residentKeys(), staffSessions(), emailSender(),
                clock);
    }

    /** The access log (SPEC section 11): kept in each story's partition, and by partner in GSI1. */
    public AccessLog accessLog() {
        return new DynamoAccessLog(dynamoDb(), config.tableName());
    }

    /** Who a partner route's request comes from: an API key, or a staff session. */
    public Actors actors() {
        return new Actors(partnerStore());
    }

    /** Records reads and replies in the access log, at this wiring's clock. */
    public AccessRecorder accessRecorder() {
        return new AccessRecorder(accessLog(), clock);
    }

    /** A story's access log as its resident sees it: organisations, never staff. */
    public AccessHistory accessHistory() {
        // Names of organisations in an access log: a list up to 30 s old is harmless, and an export of
        // hundreds of stories reads it once, not once per story.
        return new AccessHistory(accessLog(), recentPartners());
    }

    /** A partner admin's view of their partner's access log. */
    public PartnerAudit partnerAudit() {
        return new PartnerAudit(accessLog(), staffStore());
    }

    /** The moderators' queue and decisions (SPEC section 12), each view and decision in the access log. */
    public org.tellonce.core.moderators.Moderators moderators() {
        return new org.tellonce.core.moderators.Moderators(new org.tellonce.adapters.dynamo.DynamoModerationStore(
                dynamoDb(), config.tableName(), fieldCipher()), accessRecorder(), clock);
    }

    /** Opt-out links of the daily digest: MACed with a key derived apart from every other. */
    public DigestLinks digestLinks() {
        return new DigestLinks(() -> Hashing.hmacSha256(secret.get(), "staff-digest"), config.publicUrl().orElse(""));
    }

    /** The daily e-mail digest of new stories to partners' responders and administrators. */
    public StaffDigest staffDigest() {
        return new StaffDigest(partnerStore(), feedStore(), new DynamoDigestStore(dynamoDb(), config.tableName()),
                staffStore(), emailSender(), digestLinks());
    }

    /** Safeguarding alerts to the safeguarding staff and partnership administrators (SPEC section 12). */
    public org.tellonce.core.safeguarding.SafeguardingAlerts safeguardingAlerts() {
        return new org.tellonce.core.safeguarding.SafeguardingAlerts(
                new org.tellonce.adapters.dynamo.DynamoSafeguardingAlerts(dynamoDb(), config.tableName()),
                () -> staffStore().recipients().stream()
                        .map(r -> new org.tellonce.core.safeguarding.SafeguardingAlerts.Recipient(r.staffKey(), r.member()))
                        .toList(),
                emailSender(), sender(), config.publicUrl().orElse(""));
    }

    /** Adds a SnapStart warm-up: work that loads and exercises the function's path without writing data. */
    public void warmUp(Runnable warmUp) {
        warmUps.add(warmUp);
    }

    /**
     * What runs before a SnapStart snapshot: the AWS clients' priming, then every warm-up, with no
     * metric counted (a snapshot is not traffic). All run; the first failure is thrown after.
     */
    public void prime() {
        List<Runnable> all = new ArrayList<>();
        all.add(() -> aws.prime(dynamoDb()));
        all.addAll(warmUps);
        RuntimeException failure = null;
        for (Runnable warmUp : all) {
            try {
                metrics.quietly(warmUp);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Outcomes (SPEC section 13): what partners changed, linked to the stories that led to it. */
    public org.tellonce.core.outcome.Outcomes outcomes() {
        return new org.tellonce.core.outcome.Outcomes(outcomeStore(), residentKeys(), clock);
    }

    /** Where outcomes are kept; the public list reads it without the resident key (no secret needed). */
    public org.tellonce.core.outcome.OutcomeStore outcomeStore() {
        return new org.tellonce.adapters.dynamo.DynamoOutcomeStore(dynamoDb(), config.tableName(), this::fieldCipher);
    }

    // Webhooks (SPEC section 14).

    public org.tellonce.adapters.dynamo.DynamoWebhookStore webhookStore() {
        return new org.tellonce.adapters.dynamo.DynamoWebhookStore(dynamoDb(), config.tableName(), this::fieldCipher);
    }

    public org.tellonce.adapters.dynamo.DynamoRemovalStore removalStore() {
        return new org.tellonce.adapters.dynamo.DynamoRemovalStore(dynamoDb(), config.tableName());
    }

    public org.tellonce.core.webhook.DeletionConfirmations deletionConfirmations() {
        return new org.tellonce.core.webhook.DeletionConfirmations(removalStore(), clock);
    }

    /** Where a webhook URL may point: https to public addresses (and loopback on the local stack). */
    public org.tellonce.core.webhook.WebhookAddress webhookAddresses() {
        return new org.tellonce.core.webhook.WebhookAddress(config.webhooks().allowLoopback(),
                org.tellonce.core.webhook.WebhookAddress.Resolver.system());
    }

    public org.tellonce.core.webhook.RetrySchedule webhookRetries() {
        return org.tellonce.core.webhook.RetrySchedule.startingAt(config.webhooks().firstRetrySeconds());
    }

    public org.tellonce.core.webhook.WebhookProducer webhookProducer() {
        return new org.tellonce.core.webhook.WebhookProducer(webhookStore(), removalStore());
    }

    public org.tellonce.adapters.aws.SqsWebhookQueue webhookQueue() {
        return new org.tellonce.adapters.aws.SqsWebhookQueue(aws.sqs(), config.webhooks().queueUrl().orElseThrow(() ->
                new IllegalStateException("Environment variable " + EnvNames.WEBHOOK_QUEUE_URL + " is not set")),
                config.webhooks().deadLetterQueueUrl());
    }

    /** Each attempt: a log line and a metric (no URL, no body), and the local record when there is one. */
    public org.tellonce.core.webhook.WebhookDelivery.Attempts webhookAttempts() {
        org.tellonce.core.webhook.WebhookDelivery.Attempts logged = attempt -> {
            org.tellonce.telemetry.Log.info(org.tellonce.core.webhook.WebhookDelivery.class, "-", "webhook_attempt",
                    attempt.type() + " to " + attempt.partnerId() + " " + attempt.result().name().toLowerCase(java.util.Locale.ROOT)
                            + (attempt.status() == 0 ? "" : " " + attempt.status()) + " attempt " + attempt.attempt());
            metrics.count(org.tellonce.core.webhook.WebhookDelivery.class, "WebhookAttempts", 1, "Result",
                    attempt.result().name().toLowerCase(java.util.Locale.ROOT));
        };
        return overrides.webhookAttempts().<org.tellonce.core.webhook.WebhookDelivery.Attempts>map(local -> attempt -> {
            logged.record(attempt);
            local.record(attempt);
        }).orElse(logged);
    }
}
