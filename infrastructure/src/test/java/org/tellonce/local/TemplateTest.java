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
import org.tellonce.store.Table;
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
        try (LocalApiServer api = new LocalApiServer(0, template.httpRoutes(), new LambdaInvoker(template),
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
        assertThat(indexes).extracting(i -> i.get("IndexName")).containsExactly(Table.GSI1, Table.GSI2);
        assertThat(keySchema(indexes.get(0).get("KeySchema"))).containsExactly(Table.GSI1PK + " HASH",
                Table.GSI1SK + " RANGE");
        assertThat(keySchema(indexes.get(1).get("KeySchema"))).containsExactly(Table.GSI2PK + " HASH");
    }

    @Test
    void theLocalTableIsCreatedAsTheTemplateDefinesIt() {
        var request = TableDefinition.from(SamTemplate.load(ProjectFiles.template()), "tellonce");

        assertThat(request.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(request.streamSpecification().streamEnabled()).isTrue();
        assertThat(request.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(request.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString())
                .containsExactly("PK HASH", "SK RANGE");
        assertThat(request.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("GSI1", "GSI2");
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
