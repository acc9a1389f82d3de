package org.tellonce.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml as the local stack reads it: the single source of truth for the functions, their
 * HTTP routes, their environment and the table.
 */
public final class SamTemplate {
    public static final String FILE = "template.yaml";

    private final Path path;
    private final Map<String, Object> root;

    private SamTemplate(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    /** A function of the template. */
    public record Function(String logicalId, String handlerClass, String handlerMethod,
                           Map<String, Object> environment, List<HttpRoute> routes, List<Event> events) {
    }

    /**
     * An HTTP API route served by a function; {@code authorizer} is the Lambda authorizer's
     * function id and identity headers when the route has one.
     */
    public record HttpRoute(String method, String path, String functionId, Optional<Authorizer> authorizer) {
        public boolean authorized() {
            return authorizer.isPresent();
        }
    }

    /** A Lambda authorizer of an HTTP API. */
    public record Authorizer(String name, String functionId, List<String> identityHeaders, boolean simpleResponses) {
    }

    /** Any event source of a function (HttpApi, DynamoDB, SNS, ...). */
    public record Event(String name, String type, Map<String, Object> properties) {
    }

    public static SamTemplate load(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Yaml yaml = new Yaml(new CloudFormationConstructor(new LoaderOptions()));
            Map<String, Object> root = yaml.load(reader);
            return new SamTemplate(path, root);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Finds template.yaml in {@code start} or one of its parents. */
    public static Path locate(Path start) {
        Path dir = start.toAbsolutePath().normalize();
        while (dir != null) {
            Path candidate = dir.resolve(FILE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("No " + FILE + " found in " + start.toAbsolutePath() + " or its parents");
    }

    public Path path() {
        return path;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> resources() {
        return (Map<String, Object>) root.getOrDefault("Resources", Map.of());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> resource(String logicalId) {
        Object r = resources().get(logicalId);
        if (!(r instanceof Map)) {
            throw new IllegalArgumentException("No resource " + logicalId + " in " + FILE);
        }
        return (Map<String, Object>) r;
    }

    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, r) -> {
            if (r instanceof Map<?, ?> m && type.equals(m.get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** A parameter's default value. */
    @SuppressWarnings("unchecked")
    public Optional<String> parameterDefault(String name) {
        Map<String, Object> parameters = (Map<String, Object>) root.getOrDefault("Parameters", Map.of());
        Object p = parameters.get(name);
        if (p instanceof Map<?, ?> m && m.get("Default") != null) {
            return Optional.of(String.valueOf(m.get("Default")));
        }
        return Optional.empty();
    }

    public boolean isParameter(String name) {
        Object parameters = root.get("Parameters");
        return parameters instanceof Map<?, ?> m && m.containsKey(name);
    }

    /** Globals.Function: what every function inherits. */
    public Map<String, Object> globalFunctionProperties() {
        return globalsFunction();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> globalsFunction() {
        Map<String, Object> globals = (Map<String, Object>) root.getOrDefault("Globals", Map.of());
        return (Map<String, Object>) globals.getOrDefault("Function", Map.of());
    }

    public List<Function> functions() {
        List<Function> functions = new ArrayList<>();
        for (String id : resourcesOfType("AWS::Serverless::Function")) {
            functions.add(function(id));
        }
        return functions;
    }

    @SuppressWarnings("unchecked")
    public Function function(String logicalId) {
        Map<String, Object> resource = resource(logicalId);
        if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
            throw new IllegalArgumentException(logicalId + " is not a function in " + FILE);
        }
        Map<String, Object> props = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
        String handler = String.valueOf(props.getOrDefault("Handler", globalsFunction().get("Handler")));
        String handlerClass = handler;
        String handlerMethod = "handleRequest";
        int sep = handler.indexOf("::");
        if (sep >= 0) {
            handlerClass = handler.substring(0, sep);
            handlerMethod = handler.substring(sep + 2);
        }
        Map<String, Object> environment = new LinkedHashMap<>(variables(globalsFunction()));
        environment.putAll(variables(props));

        List<HttpRoute> routes = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        Map<String, Object> eventMap = (Map<String, Object>) props.getOrDefault("Events", Map.of());
        eventMap.forEach((name, e) -> {
            Map<String, Object> event = (Map<String, Object>) e;
            String type = String.valueOf(event.get("Type"));
            Map<String, Object> eventProps = (Map<String, Object>) event.getOrDefault("Properties", Map.of());
            events.add(new Event(name, type, eventProps));
            if ("HttpApi".equals(type)) {
                routes.add(new HttpRoute(String.valueOf(eventProps.get("Method")).toUpperCase(Locale.ROOT),
                        String.valueOf(eventProps.get("Path")), logicalId, authorizer(eventProps)));
            }
        });
        return new Function(logicalId, handlerClass, handlerMethod, environment, routes, events);
    }

    /** The route's Lambda authorizer: its own Auth.Authorizer, else the API's DefaultAuthorizer. */
    @SuppressWarnings("unchecked")
    private Optional<Authorizer> authorizer(Map<String, Object> eventProps) {
        Object apiId = eventProps.get("ApiId");
        if (!(apiId instanceof Map<?, ?> ref) || ref.get("Ref") == null) {
            return Optional.empty();
        }
        Map<String, Object> api = resource(String.valueOf(ref.get("Ref")));
        Map<String, Object> apiProps = (Map<String, Object>) api.getOrDefault("Properties", Map.of());
        Map<String, Object> apiAuth = (Map<String, Object>) apiProps.getOrDefault("Auth", Map.of());
        Object name = apiAuth.get("DefaultAuthorizer");
        if (eventProps.get("Auth") instanceof Map<?, ?> routeAuth && routeAuth.get("Authorizer") != null) {
            name = routeAuth.get("Authorizer");
        }
        if (name == null || "NONE".equals(name)) {
            return Optional.empty();
        }
        Map<String, Object> authorizers = (Map<String, Object>) apiAuth.getOrDefault("Authorizers", Map.of());
        Object definition = authorizers.get(String.valueOf(name));
        if (!(definition instanceof Map<?, ?> def)) {
            throw new IllegalStateException("Route uses authorizer " + name + " that the API does not define");
        }
        Object arn = def.get("FunctionArn");
        String functionId;
        if (arn instanceof Map<?, ?> getAtt && getAtt.get("Fn::GetAtt") instanceof List<?> parts) {
            functionId = String.valueOf(parts.get(0));
        } else if (arn instanceof Map<?, ?> r && r.get("Ref") != null) {
            // SAM names a function's AutoPublishAlias resource <Function>Alias<alias>.
            functionId = String.valueOf(r.get("Ref")).replaceFirst("Alias[A-Za-z0-9]+$", "");
        } else {
            throw new IllegalStateException("Authorizer " + name + " must name its function with !GetAtt X.Arn");
        }
        List<String> headers = List.of();
        if (def.get("Identity") instanceof Map<?, ?> identity && identity.get("Headers") instanceof List<?> h) {
            headers = h.stream().map(String::valueOf).toList();
        }
        return Optional.of(new Authorizer(String.valueOf(name), functionId, headers,
                Boolean.parseBoolean(String.valueOf(def.get("EnableSimpleResponses")))));
    }

    public List<HttpRoute> httpRoutes() {
        List<HttpRoute> routes = new ArrayList<>();
        functions().forEach(f -> routes.addAll(f.routes()));
        return routes;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(Map<String, Object> props) {
        Object env = props.get("Environment");
        if (env instanceof Map<?, ?> m && m.get("Variables") instanceof Map<?, ?> vars) {
            return (Map<String, Object>) vars;
        }
        return Map.of();
    }

    /** The single table's logical id. */
    public String tableLogicalId() {
        List<String> tables = resourcesOfType("AWS::DynamoDB::Table");
        if (tables.size() != 1) {
            throw new IllegalStateException(FILE + " must define exactly one AWS::DynamoDB::Table, found " + tables.size());
        }
        return tables.get(0);
    }

    /**
     * Keeps CloudFormation's short-form intrinsic functions ({@code !Ref}, {@code !GetAtt},
     * {@code !Sub}, ...) as the long form's maps, so the template can be read safely.
     */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            for (String fn : List.of("Ref", "GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not",
                    "And", "Or", "FindInMap", "ImportValue", "GetAZs", "Base64", "Cidr", "Condition", "Transform")) {
                this.yamlConstructors.put(new Tag("!" + fn), new Intrinsic(fn));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String name;

            Intrinsic(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = scalar.getValue();
                    if (name.equals("GetAtt")) {
                        value = List.of(((String) value).split("\\.", 2));
                    }
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                String key = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                return Map.of(key, value);
            }
        }
    }
}
