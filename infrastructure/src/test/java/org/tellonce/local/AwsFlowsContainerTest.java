package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.config.Config;
import org.tellonce.config.EnvNames;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.partner.PartnerAdmin;
import org.tellonce.http.Json;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TwilioRequests;
import org.tellonce.wiring.Wiring;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The flows of the local stack again, against LocalStack's emulation of the AWS services instead of
 * moto and in-process stand-ins: the table and its stream (DynamoDB, DynamoDB Streams), the
 * secrets (SSM SecureStrings, read as in AWS through the parameter names template.yaml gives), and
 * inbound SMS (an SNS topic, delivered through an SQS subscription). Needs Docker; skipped without it.
 */
@Testcontainers(disabledWithoutDocker = true)
class AwsFlowsContainerTest {
    private static final String TABLE = "tellonce";
    private static final Duration FEED_DEADLINE = Duration.ofSeconds(10);

    @Container
    private static final LocalStackContainer LOCALSTACK = localStack();

    private static SamTemplate template;
    private static String residentKeySecret;
    private static String twilioToken;
    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;
    private static LambdaInvoker invoker;
    private static StreamPoller fanOut;
    private static TableItems table;
    private static final LocalOutbox OUTBOX = new LocalOutbox();

    /** The pinned image (the parent pom's localstack.image); a newer, unified image needs LOCALSTACK_AUTH_TOKEN. */
    private static LocalStackContainer localStack() {
        DockerImageName image = DockerImageName.parse(
                System.getProperty("tellonce.localstackImage", "localstack/localstack:4.12.0"))
                .asCompatibleSubstituteFor("localstack/localstack");
        LocalStackContainer container = new LocalStackContainer(image)
                .withServices("dynamodb", "dynamodbstreams", "sns", "sqs", "ssm")
                .withEnv("EAGER_SERVICE_LOADING", "1");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        return container;
    }

    @BeforeAll
    static void functionsConfiguredAsInAwsButPointedAtTheContainer() {
        template = SamTemplate.load(ProjectFiles.template());
        String secretParameter = template.parameterDefault("ResidentKeySecretParameter").orElseThrow();
        String twilioParameter = template.parameterDefault("TwilioAuthTokenParameter").orElseThrow();
        residentKeySecret = Hashing.randomToken(32);
        twilioToken = Hashing.randomToken(24);
        try (SsmClient ssm = pointedAtContainer(SsmClient.builder())) {
            for (var p : Map.of(secretParameter, residentKeySecret, twilioParameter, twilioToken).entrySet()) {
                ssm.putParameter(b -> b.name(p.getKey()).value(p.getValue()).type(ParameterType.SECURE_STRING));
            }
        }

        String endpoint = LOCALSTACK.getEndpoint().toString();
        Map<String, String> env = new HashMap<>();
        env.put(EnvNames.TABLE_NAME, TABLE);
        env.put(EnvNames.TOPICS, template.parameterDefault("Topics").orElseThrow());
        env.put(EnvNames.AWS_REGION, LOCALSTACK.getRegion());
        env.put(EnvNames.DYNAMODB_ENDPOINT, endpoint);
        env.put("DYNAMODB_ATTEMPT_TIMEOUT_MS", "15000");
        env.put(EnvNames.SSM_ENDPOINT, endpoint);
        // The secrets come only from SSM, as in AWS: the functions read nothing but this map, so no
        // RESIDENT_KEY_SECRET or TWILIO_AUTH_TOKEN of the shell that runs the tests reaches them.
        env.put(EnvNames.RESIDENT_KEY_SECRET_PARAMETER, secretParameter);
        env.put(EnvNames.TWILIO_AUTH_TOKEN_PARAMETER, twilioParameter);
        env.put(EnvNames.SMS_SENDER, "local");
        Config config = Config.from(env);
        Map<String, Wiring> wirings = new java.util.concurrent.ConcurrentHashMap<>();

        dynamo = AwsClients.newDynamoDb(endpoint);
        TableDefinition.ensure(dynamo, template, TABLE);
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
        streams = DynamoDbStreamsClient.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(AwsClients.DEFAULT_REGION)
                .credentialsProvider(AwsClients.localCredentials())
                .httpClient(AwsClients.httpClient())
                .build();
        invoker = new LambdaInvoker(template, id -> wirings.computeIfAbsent(id,
                k -> new Wiring(config, Wiring.Overrides.none().withSender(OUTBOX))));
        SamTemplate.Function fanOutFunction = invoker.function("FanOutFunction");
        SamTemplate.Event stream = fanOutFunction.events().stream()
                .filter(e -> "DynamoDB".equals(e.type())).findFirst().orElseThrow();
        StreamPoller.Signal written = new StreamPoller.Signal();
        invoker.afterEachInvocation(written::fire);
        fanOut = new StreamPoller(dynamo, streams, TABLE, invoker, fanOutFunction, stream, LOCALSTACK.getRegion(),
                null, true, written).start();
        // Story text is only in the table sealed under a key from the SSM secret: reading it back with
        // that secret shows the functions used the parameter's value.
        table = new TableItems(dynamo, TABLE,
                FieldCipher.fromSecret(residentKeySecret.getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void tearDown() {
        if (fanOut != null) {
            fanOut.close();
        }
        if (streams != null) {
            streams.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @Test
    void anAnonymousStoryTravelsFromIntakeThroughTheTableStreamToThePartnerFeedMasked() {
        String partnerId = new PartnerAdmin(new DynamoPartnerStore(dynamo, TABLE))
                .add("council", "Leicester City Council", List.of("*"), List.of()).partner().id();
        ObjectNode story = Json.object();
        story.put("story", "My GP in LE1 5WW never calls back. Email me at priya.shah@example.org or ring 07700 900123.");
        story.putArray("topics").add("health");
        story.put("area", "LE1");
        story.put("name", "Priya Shah");
        story.put("contact", "priya.shah@example.org");
        story.putObject("consent").put("share", "anonymous").putArray("partners");

        APIGatewayV2HTTPResponse created = http("SubmitStoryFunction", request("POST", "/stories")
                .withHeaders(Map.of("content-type", "application/json", "idempotency-key", UUID.randomUUID().toString()))
                .withBody(Json.write(story)));

        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        String storyId = json(created.getBody()).get("storyId").asText();
        Eventually.within(FEED_DEADLINE, "the story in the partner's feed", () -> feedItem(partnerId, storyId).isPresent());
        JsonNode item = feedItem(partnerId, storyId).orElseThrow();
        assertThat(item.get("text").asText()).isEqualTo(
                "My GP in [postcode removed] never calls back. Email me at [email removed] or ring [phone removed].");
        assertThat(item.get("contact").isNull()).isTrue();
        assertThat(item.toString()).doesNotContain("Priya", "priya.shah", "07700", "5WW");
    }

    @Test
    void aTextPublishedToTheSnsTopicIsOneStoryWithOneReplyHoweverOftenItIsDelivered() {
        try (SnsClient sns = pointedAtContainer(SnsClient.builder());
             SqsClient sqs = pointedAtContainer(SqsClient.builder())) {
            String topicArn = sns.createTopic(b -> b.name("tellonce-SmsInboundTopic")).topicArn();
            String queueUrl = sqs.createQueue(b -> b.queueName("tellonce-sms-inbound")).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            // Not raw: the queue receives SNS's notification envelope, from which Lambda's SNS event is made.
            String subscriptionArn = sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                    .attributes(Map.of("RawMessageDelivery", "false")).returnSubscriptionArn(true)).subscriptionArn();
            String from = TestPhones.next();
            String text = StoryTexts.unique("The lift in our block has been broken for a month.");
            String message = endUserMessagingSms(from, text, UUID.randomUUID().toString());

            for (int delivery = 1; delivery <= 2; delivery++) {
                sns.publish(b -> b.topicArn(topicArn).message(message));
                invoker.invokeJson("SmsInboundFunction", snsEvent(receiveOne(sqs, queueUrl), subscriptionArn));

                assertThat(table.storiesTelling(text)).as("stories after delivery %d", delivery).hasSize(1);
                assertThat(repliesTo(from)).as("replies after delivery %d", delivery).hasSize(1);
            }
            String reference = table.storiesTelling(text).get(0).get("reference").s();
            assertThat(repliesTo(from).get(0)).contains(reference);
        }
    }

    @Test
    void aTwilioWebhookIsCheckedWithTheAuthTokenHeldInSsm() {
        String url = "https://api.example.org/sms/twilio";
        String from = TestPhones.next();
        String text = StoryTexts.unique("The bins on our street have not been collected for three weeks.");
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        TwilioRequests.Signed forged = TwilioRequests.message("not-" + twilioToken, url, sid, from, "+447700900000", text);
        TwilioRequests.Signed signed = TwilioRequests.message(twilioToken, url, sid, from, "+447700900000", text);

        assertThat(http("TwilioWebhookFunction", twilio(forged)).getStatusCode()).isEqualTo(403);
        assertThat(table.storiesTelling(text)).isEmpty();

        APIGatewayV2HTTPResponse accepted = http("TwilioWebhookFunction", twilio(signed));
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(200);
        assertThat(table.storiesTelling(text)).hasSize(1);
        assertThat(accepted.getBody()).contains("<Message>", table.storiesTelling(text).get(0).get("reference").s());
    }

    /** A client of the container's services, with the credentials and region it was started with. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C pointedAtContainer(B builder) {
        return builder.endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .httpClient(AwsClients.httpClient())
                .build();
    }

    private static APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder request(String method, String path) {
        return request(method, path, null);
    }

    /** An HTTP API request (payload 2.0), with what the Lambda authorizer passed on if any. */
    private static APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder request(String method, String path,
                                                                             Map<String, Object> authorizer) {
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId(UUID.randomUUID().toString())
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build());
        if (authorizer != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withLambda(authorizer).build());
        }
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath(path).withRequestContext(context.build());
    }

    private static APIGatewayV2HTTPResponse http(String function, APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder event) {
        return (APIGatewayV2HTTPResponse) invoker.invoke(function, event.build());
    }

    /** The partner's feed as PartnerFeedFunction answers it behind the authorizer. */
    private static Optional<JsonNode> feedItem(String partnerId, String storyId) {
        APIGatewayV2HTTPResponse response = http("PartnerFeedFunction", request("GET", "/partner/stories",
                Map.of("authenticated", "true", "partnerId", partnerId))
                .withHeaders(Map.of("accept", "application/json"))
                .withRawQueryString("limit=100")
                .withQueryStringParameters(Map.of("limit", "100")));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        for (JsonNode item : json(response.getBody()).path("items")) {
            if (item.path("storyId").asText().equals(storyId)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    private static APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder twilio(TwilioRequests.Signed signed) {
        return request("POST", "/sms/twilio")
                .withHeaders(Map.of("content-type", "application/x-www-form-urlencoded", "host", "api.example.org",
                        "x-forwarded-proto", "https", "x-twilio-signature", signed.signature()))
                .withBody(signed.body());
    }

    /** An inbound text as AWS End User Messaging SMS publishes it to the two-way SNS topic. */
    private static String endUserMessagingSms(String from, String body, String inboundMessageId) {
        ObjectNode message = Json.object();
        message.put("originationNumber", from);
        message.put("destinationNumber", "+447700900000");
        message.put("messageKeyword", "KEYWORD_123456789012");
        message.put("messageBody", body);
        message.put("inboundMessageId", inboundMessageId);
        message.putNull("previousPublishedMessageId");
        return Json.write(message);
    }

    /** Waits (bounded) for SNS's delivery to the queue and takes it off. */
    private static String receiveOne(SqsClient sqs, String queueUrl) {
        long end = System.nanoTime() + FEED_DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1)
                    .waitTimeSeconds(2)).messages();
            if (!messages.isEmpty()) {
                Message m = messages.get(0);
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                return m.body();
            }
        }
        throw new AssertionError("SNS delivered nothing to the queue within " + FEED_DEADLINE.toSeconds() + " s");
    }

    /**
     * Lambda's SNS event for the notification SNS put on the queue: the same fields, in a record, with
     * Lambda's spelling of the two URL fields. LambdaInvoker reads it with the Lambda runtime's serialiser.
     */
    private static byte[] snsEvent(String notificationJson, String subscriptionArn) {
        JsonNode notification = json(notificationJson);
        assertThat(notification.path("Type").asText()).isEqualTo("Notification");
        ObjectNode sns = Json.object();
        for (String field : List.of("Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp",
                "SignatureVersion", "Signature")) {
            if (notification.has(field)) {
                sns.set(field, notification.get(field));
            }
        }
        if (notification.has("SigningCertURL")) {
            sns.set("SigningCertUrl", notification.get("SigningCertURL"));
        }
        if (notification.has("UnsubscribeURL")) {
            sns.set("UnsubscribeUrl", notification.get("UnsubscribeURL"));
        }
        sns.set("MessageAttributes", notification.has("MessageAttributes")
                ? notification.get("MessageAttributes") : Json.object());
        ObjectNode event = Json.object();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("EventSource", "aws:sns");
        record.put("EventVersion", "1.0");
        record.put("EventSubscriptionArn", subscriptionArn);
        record.set("Sns", sns);
        return Json.write(event).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> repliesTo(String phone) {
        return OUTBOX.sent().stream().filter(s -> s.to().equals(phone)).map(LocalOutbox.Sent::body).toList();
    }

    private static JsonNode json(String body) {
        return Json.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
