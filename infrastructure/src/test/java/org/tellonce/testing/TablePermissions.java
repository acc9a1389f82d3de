package org.tellonce.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tellonce.local.LambdaInvoker;
import org.tellonce.local.SamTemplate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The functions' DynamoDB policies of template.yaml, enforced on the local stack as IAM would: an SDK
 * interceptor on every function's client checks each call (per item for batches and transactions)
 * against the policy of the function running it ({@link LambdaInvoker#running()}) and refuses what
 * the policy does not allow with AccessDeniedException. Every flow run on a {@link TestStack} is so a
 * check that the template lets each function touch what it touches, and nothing proves it but a call.
 */
public final class TablePermissions implements ExecutionInterceptor {
    private static final String TABLE_ARN = "StoriesTable.Arn";

    /** One DynamoDB action on one partition (table) or on an index (index set, no partition). */
    public record Call(String function, String action, String partitionKey, String index) {
        @Override
        public String toString() {
            return function + " " + action + (index != null ? " on index " + index : " on " + partitionKey);
        }
    }

    /** A policy statement on the table (LeadingKeys patterns) or on named indexes. */
    private record Grant(List<String> actions, List<Pattern> leadingKeys, List<String> indexes) {
    }

    private final Map<String, List<Grant>> grants;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final List<String> unattributed = new CopyOnWriteArrayList<>();

    private TablePermissions(Map<String, List<Grant>> grants) {
        this.grants = grants;
    }

    public static TablePermissions of(SamTemplate template) {
        Map<String, List<Grant>> grants = new LinkedHashMap<>();
        for (SamTemplate.Function f : template.functions()) {
            List<Grant> own = new ArrayList<>();
            Object policies = map(template.resource(f.logicalId()).get("Properties")).get("Policies");
            for (Object policy : policies instanceof List<?> l ? l : List.of()) {
                for (Object s : list(map(policy).get("Statement"))) {
                    grant(map(s)).ifPresent(own::add);
                }
            }
            grants.put(f.logicalId(), own);
        }
        return new TablePermissions(grants);
    }

    private static Optional<Grant> grant(Map<String, Object> statement) {
        List<String> actions = strings(statement.get("Action")).stream().filter(a -> a.startsWith("dynamodb:"))
                .map(a -> a.substring("dynamodb:".length())).toList();
        if (actions.isEmpty() || !"Allow".equals(statement.get("Effect"))) {
            return Optional.empty();
        }
        List<Pattern> keys = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        for (Object resource : list(statement.get("Resource"))) {
            String sub = String.valueOf(map(resource).get("Fn::Sub"));
            if (List.of("StoriesTable", "Arn").equals(map(resource).get("Fn::GetAtt"))) {
                Object like = map(map(statement.get("Condition")).get("ForAllValues:StringLike"))
                        .get("dynamodb:LeadingKeys");
                // Without a LeadingKeys condition the whole table is granted.
                (like == null ? List.of("*") : strings(like)).forEach(k -> keys.add(glob(k)));
            } else if (sub.startsWith("${" + TABLE_ARN + "}/index/")) {
                indexes.add(sub.substring(sub.lastIndexOf('/') + 1));
            }
        }
        return Optional.of(new Grant(actions, keys, indexes));
    }

    /** IAM's StringLike: * any run of characters, ? one. */
    private static Pattern glob(String like) {
        StringBuilder regex = new StringBuilder();
        for (char c : like.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    public boolean allows(Call call) {
        return grants.getOrDefault(call.function(), List.of()).stream()
                .filter(g -> g.actions().contains(call.action()))
                .anyMatch(g -> call.index() != null ? g.indexes().contains(call.index())
                        || g.indexes().contains("*")
                        : g.leadingKeys().stream().anyMatch(p -> p.matcher(call.partitionKey()).matches()));
    }

    /** Every call a function made, allowed or not. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** What was refused. */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    /** Calls made on a function's client outside an invocation (a handler called directly), unchecked. */
    public List<String> unattributed() {
        return List.copyOf(unattributed);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Optional<String> function = LambdaInvoker.running();
        if (function.isEmpty()) {
            // A test calling a function's handler itself, not through the invoker: whose call it is is
            // unknown here, so it is not checked (TablePermissionsIntegrationTest has none).
            unattributed.add(context.request().getClass().getSimpleName());
            return;
        }
        for (Call call : calls(function.get(), context.request())) {
            calls.add(call);
            if (!allows(call)) {
                refuse(call.toString());
            }
        }
    }

    private void refuse(String what) {
        refused.add(what);
        throw DynamoDbException.builder().statusCode(400)
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("AccessDeniedException").serviceName("DynamoDb")
                        .errorMessage("not allowed by template.yaml: " + what).build())
                .message("AccessDeniedException: not allowed by template.yaml: " + what).build();
    }

    /** The IAM actions a request needs, one per item for batches and transactions. */
    static List<Call> calls(String function, SdkRequest request) {
        List<Call> out = new ArrayList<>();
        if (request instanceof GetItemRequest r) {
            out.add(item(function, "GetItem", r.key()));
        } else if (request instanceof PutItemRequest r) {
            out.add(item(function, "PutItem", r.item()));
        } else if (request instanceof UpdateItemRequest r) {
            out.add(item(function, "UpdateItem", r.key()));
        } else if (request instanceof DeleteItemRequest r) {
            out.add(item(function, "DeleteItem", r.key()));
        } else if (request instanceof QueryRequest r) {
            out.add(r.indexName() != null ? new Call(function, "Query", null, r.indexName())
                    : new Call(function, "Query", queriedPartition(r), null));
        } else if (request instanceof BatchGetItemRequest r) {
            r.requestItems().values().forEach(k -> k.keys().forEach(key -> out.add(item(function, "BatchGetItem", key))));
        } else if (request instanceof BatchWriteItemRequest r) {
            r.requestItems().values().forEach(writes -> writes.forEach(w -> out.add(item(function, "BatchWriteItem",
                    w.putRequest() != null ? w.putRequest().item() : w.deleteRequest().key()))));
        } else if (request instanceof TransactWriteItemsRequest r) {
            r.transactItems().forEach(t -> {
                if (t.put() != null) {
                    out.add(item(function, "PutItem", t.put().item()));
                } else if (t.update() != null) {
                    out.add(item(function, "UpdateItem", t.update().key()));
                } else if (t.delete() != null) {
                    out.add(item(function, "DeleteItem", t.delete().key()));
                } else {
                    out.add(item(function, "ConditionCheckItem", t.conditionCheck().key()));
                }
            });
        } else if (request instanceof TransactGetItemsRequest r) {
            r.transactItems().forEach(t -> out.add(item(function, "GetItem", t.get().key())));
        } else {
            // Scan, DescribeTable, ...: no function's policy grants them.
            out.add(new Call(function, request.getClass().getSimpleName().replace("Request", ""), "", null));
        }
        return out;
    }

    private static Call item(String function, String action, Map<String, AttributeValue> key) {
        AttributeValue pk = key.get("PK");
        return new Call(function, action, pk == null ? "" : pk.s(), null);
    }

    private static final Pattern PK_CONDITION = Pattern.compile("(#?\\w+)\\s*=\\s*(:\\w+)");

    /** The partition a table query reads: the value its key condition gives PK. */
    private static String queriedPartition(QueryRequest r) {
        Matcher m = PK_CONDITION.matcher(r.keyConditionExpression());
        while (m.find()) {
            String name = m.group(1).startsWith("#") ? r.expressionAttributeNames().get(m.group(1)) : m.group(1);
            if ("PK".equals(name)) {
                return r.expressionAttributeValues().get(m.group(2)).s();
            }
        }
        return "";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : value == null ? List.of() : List.of(value);
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }
}
