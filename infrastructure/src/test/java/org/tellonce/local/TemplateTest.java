package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.testing.ProjectFiles;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * template.yaml is the single source of truth: what it names exists, what the local stack serves
 * comes from it, and the table is set up as SPEC §3 asks. The YAML is read here on its own, not
 * through {@link SamTemplate}, so a mistake there cannot hide a mistake in the template.
 */
class TemplateTest {
    private static final String FUNCTION = "AWS::Serverless::Function";

    private static Map<String, Object> root;
    private static Map<String, Object> resources;

    @BeforeAll
    static void readTemplate() throws IOException {
        try (Reader reader = Files.newBufferedReader(ProjectFiles.template(), StandardCharsets.UTF_8)) {
            root = new Yaml(new AnyTagConstructor()).load(reader);
            resources = map(root.get("Resources"));
        }
    }

    @Test
    void everyFunctionsHandlerIsALambdaHandlerOnTheClasspath() throws Exception {
        assertThat(functionIds()).isNotEmpty();
        for (String id : functionIds()) {
            String handler = (String) properties(id).get("Handler");
            assertThat(handler).as(id + " Handler").matches("[\\w.]+::\\w+");
            String[] parts = handler.split("::");
            Class<?> type = Class.forName(parts[0]);

            assertThat(RequestHandler.class.isAssignableFrom(type) || RequestStreamHandler.class.isAssignableFrom(type))
                    .as(id + ": " + type.getName() + " implements RequestHandler or RequestStreamHandler").isTrue();
            assertThat(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()))
                    .as(id + ": Lambda can instantiate " + type.getName()).isTrue();
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers()))
                    .as(id + ": public no-argument constructor").isTrue();
            List<Method> methods = Arrays.stream(type.getMethods())
                    .filter(m -> m.getName().equals(parts[1]))
                    .filter(m -> Arrays.asList(m.getParameterTypes()).contains(Context.class)
                            || (m.getParameterCount() == 3 && m.getParameterTypes()[0] == InputStream.class
                            && m.getParameterTypes()[1] == OutputStream.class))
                    .toList();
            assertThat(methods).as(id + ": handler method " + parts[1]).isNotEmpty();
        }
    }

    @Test
    void theLocalStackServesExactlyTheHttpRoutesOfTheTemplate() {
        Set<String> inTemplate = new LinkedHashSet<>();
        for (String id : functionIds()) {
            map(properties(id).get("Events")).values().stream().map(TemplateTest::map)
                    .filter(event -> "HttpApi".equals(event.get("Type")))
                    .map(event -> map(event.get("Properties")))
                    .forEach(p -> inTemplate.add(p.get("Method").toString().toUpperCase() + " " + p.get("Path")
                            + " -> " + id));
        }

        Set<String> served = new LinkedHashSet<>();
        SamTemplate.load(ProjectFiles.template()).httpRoutes()
                .forEach(r -> served.add(r.method() + " " + r.path() + " -> " + r.functionId()));

        assertThat(served).containsExactlyInAnyOrderElementsOf(inTemplate);
        assertThat(served).contains(
                "GET / -> StoryFormFunction",
                "POST /stories -> SubmitStoryFunction",
                "GET /stories/{reference} -> ResidentStoryFunction");
    }

    @Test
    void aRequestForAPathOrMethodNotInTheTemplateIsNotFound() throws Exception {
        SamTemplate template = SamTemplate.load(ProjectFiles.template());
        try (LocalApiServer api = new LocalApiServer(0, template.httpRoutes(), new LambdaInvoker(template, id -> { throw new AssertionError("no function runs for " + id); }),
                (route, event) -> new LocalApiServer.AuthResult(false, 401, Map.of()))) {
            api.start();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + api.port();

            for (String[] request : List.of(
                    new String[] {"GET", "/no-such-page"},
                    new String[] {"GET", "/stories"},
                    new String[] {"GET", "/stories/TO-7QK4MZ/extra"},
                    new String[] {"POST", "/"},
                    new String[] {"PATCH", "/stories"})) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + request[1]))
                                .method(request[0], HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).as(request[0] + " " + request[1]).isEqualTo(404);
                assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
            }
        }
    }

    @Test
    void theTableHasAStreamTimeToLiveRecoveryOnDemandBillingAndEncryption() {
        List<String> tables = idsOfType("AWS::DynamoDB::Table");
        assertThat(tables).as("one table (single-table design)").hasSize(1);
        Map<String, Object> table = properties(tables.get(0));

        assertThat(map(table.get("StreamSpecification")).get("StreamViewType")).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(map(table.get("TimeToLiveSpecification")))
                .containsEntry("AttributeName", Table.TTL)
                .containsEntry("Enabled", true);
        assertThat(Table.TTL).isEqualTo("ttl");
        assertThat(map(table.get("PointInTimeRecoverySpecification")))
                .containsEntry("PointInTimeRecoveryEnabled", true);
        assertThat(table.get("BillingMode")).isEqualTo("PAY_PER_REQUEST");
        assertThat(map(table.get("SSESpecification"))).containsEntry("SSEEnabled", true);
        assertThat(map(resources.get(tables.get(0)))).as("stories outlive a deleted stack")
                .containsEntry("DeletionPolicy", "Retain");
    }

    @Test
    void theTableKeysAreTheOnesTheCodeUses() {
        Map<String, Object> table = properties(idsOfType("AWS::DynamoDB::Table").get(0));

        assertThat(keySchema(table.get("KeySchema"))).containsExactly(Table.PK + " HASH", Table.SK + " RANGE");
        List<Map<String, Object>> indexes = list(table.get("GlobalSecondaryIndexes"));
        assertThat(indexes).extracting(i -> i.get("IndexName")).containsExactly(Table.GSI1, Table.GSI2, Table.GSI3);
        assertThat(keySchema(indexes.get(0).get("KeySchema"))).containsExactly(Table.GSI1PK + " HASH",
                Table.GSI1SK + " RANGE");
        assertThat(keySchema(indexes.get(1).get("KeySchema"))).containsExactly(Table.GSI2PK + " HASH");
        assertThat(keySchema(indexes.get(2).get("KeySchema"))).containsExactly(Table.GSI3PK + " HASH",
                Table.GSI3SK + " RANGE");
    }

    @Test
    void theLocalTableIsCreatedAsTheTemplateDefinesIt() {
        var request = TableDefinition.from(SamTemplate.load(ProjectFiles.template()), "tellonce");

        assertThat(request.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(request.streamSpecification().streamEnabled()).isTrue();
        assertThat(request.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(request.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString())
                .containsExactly("PK HASH", "SK RANGE");
        assertThat(request.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("GSI1", "GSI2", "GSI3");
    }

    @Test
    void everyFunctionHasASampleEventOfTheShapeItsRouteReceives() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String id : functionIds()) {
            Path file = ProjectFiles.event(id);
            assertThat(file).as("events/" + id + ".json").isRegularFile();
            JsonNode event = json.readTree(file.toFile());

            List<String> routeKeys = map(properties(id).get("Events")).values().stream().map(TemplateTest::map)
                    .filter(e -> "HttpApi".equals(e.get("Type")))
                    .map(e -> map(e.get("Properties")))
                    .map(p -> p.get("Method").toString().toUpperCase() + " " + p.get("Path"))
                    .toList();
            if (routeKeys.isEmpty()) {
                continue;
            }
            assertThat(event.path("version").asText()).as(id).isEqualTo("2.0");
            assertThat(event.path("routeKey").asText()).as(id).isIn(routeKeys);
            assertThat(event.path("requestContext").path("routeKey").asText()).isEqualTo(event.path("routeKey").asText());
            String method = event.path("routeKey").asText().split(" ", 2)[0];
            String pathTemplate = event.path("routeKey").asText().split(" ", 2)[1];
            assertThat(event.path("requestContext").path("http").path("method").asText()).as(id).isEqualTo(method);
            assertThat(event.path("rawPath").asText()).as(id)
                    .matches(pathTemplate.replaceAll("\\{[^}]+}", "[^/]+"))
                    .isEqualTo(event.path("requestContext").path("http").path("path").asText());
            event.path("headers").fieldNames().forEachRemaining(name ->
                    assertThat(name).as(id + " header names are lower-case, as API Gateway sends them")
                            .isEqualTo(name.toLowerCase()));
            assertThat(event.path("isBase64Encoded").isBoolean()).as(id).isTrue();
        }
    }

    @Test
    void everySampleEventBelongsToAFunction() throws IOException {
        try (Stream<Path> files = Files.list(ProjectFiles.root().resolve("events"))) {
            assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.json$", "")))
                    .allMatch(functionIds()::contains);
        }
    }

    @Test
    void everyFunctionIsToldWhichTableAndTopicsToUse() {
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        Map<String, Object> variables = map(map(globals.get("Environment")).get("Variables"));
        String table = idsOfType("AWS::DynamoDB::Table").get(0);

        assertThat(variables.get("TABLE_NAME")).isEqualTo(Map.of("!Ref", table));
        assertThat(variables.get("TOPICS")).isEqualTo(Map.of("!Ref", "Topics"));
    }

    @Test
    void theTableIsNamedPerStackKeptWhenTheStackGoesAndExportedForTheAdminCommands() throws IOException {
        String table = idsOfType("AWS::DynamoDB::Table").get(0);
        Map<String, Object> resource = map(resources.get(table));
        assertThat(resource).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        // No fixed name unless the TableName parameter (empty by default) gives one to an older stack.
        assertThat(properties(table).get("TableName"))
                .isEqualTo(Map.of("!If", List.of("HasFixedTableName", Map.of("!Ref", "TableName"),
                        Map.of("!Ref", "AWS::NoValue"))));
        assertThat(map(map(root.get("Parameters")).get("TableName"))).containsEntry("Default", "");
        assertThat(ProjectFiles.root().resolve("samconfig.toml")).content().doesNotContain("TableName");

        Map<String, Object> output = map(map(root.get("Outputs")).get("TableName"));
        assertThat(output.get("Value")).isEqualTo(Map.of("!Ref", table));
        assertThat(map(output.get("Export")).get("Name")).isEqualTo(Map.of("!Sub", "${AWS::StackName}-TableName"));

        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        assertThat(map(map(globals.get("Environment")).get("Variables")).get("TABLE_NAME"))
                .isEqualTo(Map.of("!Ref", table));
        for (String id : functionIds()) {
            Object own = map(map(properties(id).get("Environment")).get("Variables")).get("TABLE_NAME");
            assertThat(own).as(id + " keeps the table of its stack").isIn(null, Map.of("!Ref", table));
        }
    }

    // --- alarms ----------------------------------------------------------------------------------

    @Test
    void everyAlarmWatchesOneOfTellOncesOwnResourcesAndNotifiesTheAlarmTopic() {
        List<String> alarms = idsOfType("AWS::CloudWatch::Alarm");
        assertThat(alarms).isNotEmpty();
        Set<String> queues = new LinkedHashSet<>(idsOfType("AWS::SQS::Queue"));
        for (String id : alarms) {
            Map<String, Object> alarm = properties(id);
            assertThat(alarm).as(id + ": one metric, no metric math").doesNotContainKey("Metrics");
            assertThat(list(alarm.get("AlarmActions"))).as(id).containsExactly(Map.of("!Ref", "AlarmTopic"));
            List<Map<String, Object>> dimensions = list(alarm.get("Dimensions"));
            assertThat(dimensions).as(id + ": without a dimension the metric is the whole account's").hasSize(1);
            Map<String, Object> dimension = dimensions.get(0);
            switch ((String) alarm.get("Namespace")) {
                case "AWS/Lambda" -> {
                    // FunctionName alone sums every version and alias of the function (SnapStart's "live" too).
                    assertThat(dimension.get("Name")).as(id).isEqualTo("FunctionName");
                    assertThat(functionIds()).as(id + " watches a function of the template")
                            .contains(refTo(dimension.get("Value")));
                }
                case "AWS/SQS" -> {
                    assertThat(dimension.get("Name")).as(id).isEqualTo("QueueName");
                    assertThat(getAttOf(dimension.get("Value"))).as(id + " watches a queue of the template")
                            .isIn(queues);
                }
                case "AWS/ApiGateway" -> {
                    assertThat(dimension.get("Name")).as(id).isEqualTo("ApiId");
                    assertThat(refTo(dimension.get("Value"))).as(id + " watches the stack's API").isEqualTo("TellOnceApi");
                }
                case "TellOnce" -> {
                    // TellOnce's own EMF metrics carry the stack name, so two stacks in one account stay apart.
                    assertThat(dimension.get("Name")).as(id).isEqualTo("Stack");
                    assertThat(refTo(dimension.get("Value"))).as(id).isEqualTo("AWS::StackName");
                }
                default -> throw new AssertionError(id + ": unexpected namespace " + alarm.get("Namespace"));
            }
        }
    }

    @Test
    void everyFunctionHasItsOwnErrorsAndThrottlesAlarms() {
        for (String id : functionIds()) {
            assertThat(lambdaAlarms(id)).as(id).contains("Errors", "Throttles");
        }
        assertThat(idsOfType("AWS::CloudWatch::Alarm"))
                .as("the account-wide alarms are gone").doesNotContain("FunctionErrorsAlarm", "FunctionThrottlesAlarm");
    }

    @Test
    void whatCouldBeLostOrDelayedSilentlyHasAnAlarm() {
        for (String id : functionIds()) {
            Map<String, Object> props = properties(id);
            boolean stream = map(props.get("Events")).values().stream().map(TemplateTest::map)
                    .anyMatch(e -> List.of("DynamoDB", "Kinesis").contains(e.get("Type")));
            if (stream) {
                assertThat(lambdaAlarms(id)).as(id + " reads a stream").contains("IteratorAge",
                        "DestinationDeliveryFailures");
            }
            if (props.containsKey("DeadLetterQueue")) {
                assertThat(lambdaAlarms(id)).as(id + " has a dead-letter queue").contains("DeadLetterErrors");
                String queue = getAttOf(map(props.get("DeadLetterQueue")).get("TargetArn"));
                assertThat(queueAlarms()).as(id + "'s dead-letter queue " + queue).contains(queue);
            }
        }
        for (String queue : idsOfType("AWS::SQS::Queue")) {
            if (properties(queue).containsKey("RedrivePolicy")) {
                // A work queue (the webhook queue): its messages waiting too long alarm, and what keeps failing
                // moves on to a dead-letter queue, which alarms below.
                assertThat(queueAlarms("ApproximateAgeOfOldestMessage")).as(queue + " (a work queue) waits too long")
                        .contains(queue);
            } else {
                assertThat(queueAlarms()).as(queue + " (a dead-letter queue) has messages").contains(queue);
            }
        }
    }

    /** The AWS/Lambda metrics alarmed for one function. */
    private static Set<String> lambdaAlarms(String function) {
        Set<String> metrics = new LinkedHashSet<>();
        for (String id : idsOfType("AWS::CloudWatch::Alarm")) {
            Map<String, Object> alarm = properties(id);
            if ("AWS/Lambda".equals(alarm.get("Namespace")) && list(alarm.get("Dimensions")).stream()
                    .anyMatch(d -> "FunctionName".equals(d.get("Name")) && function.equals(refTo(d.get("Value"))))) {
                metrics.add((String) alarm.get("MetricName"));
            }
        }
        return metrics;
    }

    /** The queues whose visible messages are alarmed. */
    private static Set<String> queueAlarms() {
        return queueAlarms("ApproximateNumberOfMessagesVisible");
    }

    private static Set<String> queueAlarms(String metric) {
        Set<String> queues = new LinkedHashSet<>();
        for (String id : idsOfType("AWS::CloudWatch::Alarm")) {
            Map<String, Object> alarm = properties(id);
            if ("AWS/SQS".equals(alarm.get("Namespace")) && metric.equals(alarm.get("MetricName"))) {
                list(alarm.get("Dimensions")).forEach(d -> queues.add(getAttOf(d.get("Value"))));
            }
        }
        return queues;
    }

    /** The resource of {@code !GetAtt Resource.Attribute}, or null. */
    private static String getAttOf(Object value) {
        Object getAtt = map(value).get("!GetAtt");
        return getAtt == null ? null : getAtt.toString().split("\\.")[0];
    }

    private static String refTo(Object value) {
        return value instanceof Map<?, ?> m && m.get("!Ref") != null ? m.get("!Ref").toString() : null;
    }

    // --- sending SMS: only from the configured origination identity -------------------------------

    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-west-2";

    @Test
    void theSmsFunctionsMaySendOnlyFromTheConfiguredOriginationIdentity() {
        String phoneArn = "arn:aws:sms-voice:" + REGION + ":" + ACCOUNT + ":phone-number/phone-0123456789abcdef";
        String poolArn = "arn:aws:sms-voice:" + REGION + ":" + ACCOUNT + ":pool/pool-0123456789abcdef";
        String senderArn = "arn:aws:sms-voice:" + REGION + ":" + ACCOUNT + ":sender-id/TellOnce/GB";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("phone-0123456789abcdef", phoneArn);
        expected.put("pool-0123456789abcdef", poolArn);
        expected.put(phoneArn, phoneArn);
        expected.put(poolArn, poolArn);
        expected.put(senderArn, senderArn);

        List<String> senders = functionIds().stream()
                .filter(id -> sendTextStatements(id).size() > 0).toList();
        assertThat(senders).containsExactlyInAnyOrder("SmsInboundFunction", "ResponseNotifierFunction",
                "ResidentVerifyFunction", "ResidentPagesFunction", "AssistedStoryFunction", "SafeguardingAlertFunction");
        for (String id : senders) {
            List<Map<String, Object>> statements = sendTextStatements(id);
            assertThat(statements).as(id).hasSize(1);
            assertThat(statements.get(0).get("Action")).as(id + ": nothing else on that resource")
                    .isEqualTo("sms-voice:SendTextMessage");
            Object resource = statements.get(0).get("Resource");
            Object variable = map(map(properties(id).get("Environment")).get("Variables"))
                    .get("SMS_ORIGINATION_IDENTITY");
            expected.forEach((identity, arn) -> {
                assertThat(evaluate(resource, identity)).as(id + " may send from " + identity).isEqualTo(arn);
                assertThat(evaluate(variable, identity)).as(id + " sends from " + identity).isEqualTo(arn);
            });
            // Without an identity End User Messaging chooses one of the account's at send time: only "*" names it.
            assertThat(evaluate(resource, "")).as(id).isEqualTo("*");
            assertThat(evaluate(variable, "")).as(id).isEqualTo("");
        }
    }

    @Test
    void theOriginationIdentityParameterTakesIdsAndArnsButNoPhoneNumbers() {
        String pattern = (String) map(map(root.get("Parameters")).get("SmsOriginationIdentity")).get("AllowedPattern");
        for (String ok : List.of("", "phone-0123456789abcdef", "pool-0123456789abcdef",
                "arn:aws:sms-voice:eu-west-2:111122223333:phone-number/phone-0123456789abcdef",
                "arn:aws:sms-voice:eu-west-2:111122223333:pool/pool-0123456789abcdef",
                "arn:aws:sms-voice:eu-west-2:111122223333:sender-id/TellOnce/GB")) {
            assertThat(ok).as("allowed").matches(pattern);
        }
        // An E.164 number would not match a policy scoped to the identity's ARN: the replies would be refused.
        for (String refused : List.of("+447700900000", "TellOnce", "arn:aws:sns:eu-west-2:111122223333:topic",
                "phone-abc def")) {
            assertThat(refused).as("refused").doesNotMatch(pattern);
        }
    }

    private static List<Map<String, Object>> sendTextStatements(String function) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Object policy : (List<?>) properties(function).getOrDefault("Policies", List.of())) {
            if (policy instanceof Map<?, ?> p && p.get("Statement") instanceof List<?> statements) {
                for (Object s : statements) {
                    if (String.valueOf(map(s).get("Action")).contains("sms-voice:")) {
                        out.add(map(s));
                    }
                }
            }
        }
        return out;
    }

    /** Evaluates the intrinsic functions used here, with SmsOriginationIdentity = {@code identity}. */
    private static Object evaluate(Object node, String identity) {
        if (!(node instanceof Map<?, ?> m) || m.size() != 1) {
            return node;
        }
        String fn = m.keySet().iterator().next().toString();
        Object arg = m.values().iterator().next();
        return switch (fn) {
            case "!Ref" -> switch (arg.toString()) {
                case "SmsOriginationIdentity" -> identity;
                case "AWS::Partition" -> "aws";
                case "AWS::Region" -> REGION;
                case "AWS::AccountId" -> ACCOUNT;
                default -> throw new AssertionError("Ref " + arg);
            };
            case "!Sub" -> {
                String text = arg.toString();
                java.util.regex.Matcher v = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(text);
                StringBuilder out = new StringBuilder();
                while (v.find()) {
                    v.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
                            evaluate(Map.of("!Ref", v.group(1)), identity).toString()));
                }
                yield v.appendTail(out).toString();
            }
            case "!If" -> {
                List<?> args = (List<?>) arg;
                boolean condition = (Boolean) evaluate(map(root.get("Conditions")).get(args.get(0).toString()), identity);
                yield evaluate(args.get(condition ? 1 : 2), identity);
            }
            case "!Not" -> !(Boolean) evaluate(arg instanceof List<?> l ? l.get(0) : arg, identity);
            case "!Equals" -> evaluate(((List<?>) arg).get(0), identity)
                    .equals(evaluate(((List<?>) arg).get(1), identity));
            case "!Select" -> ((List<?>) evaluate(((List<?>) arg).get(1), identity))
                    .get(Integer.parseInt(((List<?>) arg).get(0).toString()));
            case "!Split" -> List.of(evaluate(((List<?>) arg).get(1), identity).toString()
                    .split(java.util.regex.Pattern.quote(((List<?>) arg).get(0).toString()), -1));
            default -> throw new AssertionError("unexpected " + fn);
        };
    }

    // --- reading the YAML ---------------------------------------------------------------------

    private static List<String> functionIds() {
        return idsOfType(FUNCTION);
    }

    private static List<String> idsOfType(String type) {
        return resources.entrySet().stream()
                .filter(e -> type.equals(map(e.getValue()).get("Type")))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static Map<String, Object> properties(String id) {
        return map(map(resources.get(id)).get("Properties"));
    }

    private static List<String> keySchema(Object schema) {
        return list(schema).stream().map(k -> k.get("AttributeName") + " " + k.get("KeyType")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    /** Reads CloudFormation's short tags ({@code !Ref X}) as {@code {"!Ref": "X"}}. */
    private static final class AnyTagConstructor extends SafeConstructor {
        AnyTagConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = scalar.getValue();
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = new LinkedHashMap<>(constructMapping((MappingNode) node));
                    }
                    return Map.of(node.getTag().getValue(), value);
                }
            });
        }
    }
}
