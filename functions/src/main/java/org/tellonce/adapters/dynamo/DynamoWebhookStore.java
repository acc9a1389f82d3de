package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.webhook.WebhookStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Webhooks in their own partition ({@code WEBHOOKS}), apart from the partner profiles every function reads:
 * the signing secret is sealed with the field cipher, bound to its item, and only the webhook delivery reads it.
 */
public final class DynamoWebhookStore implements WebhookStore {
    static final String URL = "url";
    static final String SECRET = "secret";

    private final DynamoDbClient dynamo;
    private final String table;
    private final java.util.function.Supplier<FieldCipher> cipher;

    public DynamoWebhookStore(DynamoDbClient dynamo, String table, FieldCipher cipher) {
        this(dynamo, table, () -> cipher);
    }

    /**
     * @param cipher asked for only when a secret is read or written: the stream function, which only lists
     *               who has a webhook, never reads the server secret (it has no permission to)
     */
    public DynamoWebhookStore(DynamoDbClient dynamo, String table, java.util.function.Supplier<FieldCipher> cipher) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
    }

    @Override
    public Optional<Registration> find(String partnerId) {
        Map<String, AttributeValue> item = Dynamo.consistentGet(dynamo, table, Table.WEBHOOKS_PK, Table.partnerSk(partnerId));
        if (item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Registration(partnerId, Dynamo.requireString(item, URL),
                cipher.get().open(Dynamo.requireString(item, SECRET), context(partnerId))));
    }

    @Override
    public Set<String> registered() {
        Set<String> partners = new LinkedHashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusive = start;
            QueryResponse page = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(Table.WEBHOOKS_PK)))
                    .projectionExpression("PK, SK")
                    .consistentRead(true)
                    .exclusiveStartKey(exclusive)
                    .build()));
            page.items().forEach(item -> partners.add(Dynamo.requireString(item, Table.SK).substring("PARTNER#".length())));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return partners;
    }

    @Override
    public void put(Registration registration, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Table.PK, s(Table.WEBHOOKS_PK));
        item.put(Table.SK, s(Table.partnerSk(registration.partnerId())));
        item.put("type", s("webhook"));
        item.put(URL, s(registration.url()));
        item.put(SECRET, s(cipher.get().seal(registration.secret(), context(registration.partnerId()))));
        item.put("updatedAt", s(at.toString()));
        Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public boolean remove(String partnerId) {
        var response = Dynamo.call(() -> dynamo.deleteItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.WEBHOOKS_PK, Table.partnerSk(partnerId)))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD)));
        return response.hasAttributes() && !response.attributes().isEmpty();
    }

    private static String context(String partnerId) {
        return StoryItems.fieldContext(Table.WEBHOOKS_PK + "|" + Table.partnerSk(partnerId), SECRET);
    }
}
