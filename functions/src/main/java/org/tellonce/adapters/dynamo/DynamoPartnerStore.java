package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.bool;
import static org.tellonce.adapters.dynamo.Dynamo.list;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Partners in the single table: profiles under one partition ({@code PARTNERS}) so the fan-out
 * reads them all in one query; each API key hash as its own item so a key is found in one read.
 */
public final class DynamoPartnerStore implements PartnerStore {
    static final String PARTNER_ID = "partnerId";
    static final String NAME = "name";
    static final String TOPICS = "topics";
    static final String AREAS = "areas";
    static final String ENABLED = "enabled";
    static final String KEY_HASH = "keyHash";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoPartnerStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<Partner> all() {
        List<Partner> partners = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            QueryResponse page = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(Table.PARTNERS_PK)))
                    .exclusiveStartKey(exclusiveStart)
                    .consistentRead(true)
                    .build()));
            page.items().forEach(item -> partners.add(fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return partners;
    }

    @Override
    public Optional<Partner> find(String partnerId) {
        return profileItem(partnerId).map(DynamoPartnerStore::fromItem);
    }

    @Override
    public Optional<Keyed> findWithKeyHash(String partnerId) {
        return profileItem(partnerId).map(item -> new Keyed(fromItem(item), Dynamo.string(item, KEY_HASH).orElse("")));
    }

    @Override
    public Optional<Partner> findByKeyHash(String keyHash) {
        var key = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.apiKeyPk(keyHash), Table.APIKEY_SK)).consistentRead(true))).item();
        if (key == null || key.isEmpty()) {
            return Optional.empty();
        }
        return profileItem(Dynamo.requireString(key, PARTNER_ID))
                // The profile names the current key: a key item left behind by a rotation is dead.
                .filter(profile -> org.tellonce.core.crypto.Hashing.constantTimeEquals(
                        Dynamo.string(profile, KEY_HASH).orElse(""), keyHash))
                .map(DynamoPartnerStore::fromItem);
    }

    @Override
    public boolean add(Partner partner, String keyHash) {
        Map<String, AttributeValue> profile = new HashMap<>();
        profile.put(Table.PK, s(Table.PARTNERS_PK));
        profile.put(Table.SK, s(Table.partnerSk(partner.id())));
        profile.put("type", s("partner"));
        profile.put(PARTNER_ID, s(partner.id()));
        profile.put(NAME, s(partner.name()));
        profile.put(TOPICS, list(partner.topics()));
        profile.put(AREAS, list(partner.areas()));
        profile.put(ENABLED, bool(partner.enabled()));
        profile.put(KEY_HASH, s(keyHash));
        profile.put("createdAt", s(Instant.now().toString()));
        try {
            Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(profile)
                            .conditionExpression("attribute_not_exists(PK)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(keyItem(partner.id(), keyHash))
                            .conditionExpression("attribute_not_exists(PK)").build()).build())));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    @Override
    public boolean rotateKey(String partnerId, String newKeyHash) {
        Optional<Map<String, AttributeValue>> profile = profileItem(partnerId);
        if (profile.isEmpty()) {
            return false;
        }
        String oldHash = Dynamo.string(profile.get(), KEY_HASH).orElse("");
        try {
            Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(Update.builder().tableName(table)
                            .key(Dynamo.key(Table.PARTNERS_PK, Table.partnerSk(partnerId)))
                            .updateExpression("SET keyHash = :new, updatedAt = :now")
                            .conditionExpression("keyHash = :old")
                            .expressionAttributeValues(Map.of(":new", s(newKeyHash), ":old", s(oldHash),
                                    ":now", s(Instant.now().toString())))
                            .build()).build(),
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(Dynamo.key(Table.apiKeyPk(oldHash), Table.APIKEY_SK)).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table)
                            .item(keyItem(partnerId, newKeyHash))
                            .conditionExpression("attribute_not_exists(PK)").build()).build())));
            return true;
        } catch (TransactionCanceledException e) {
            // A concurrent rotation won; ours did not happen.
            throw new IllegalStateException("The key was rotated by someone else at the same time; try again");
        }
    }

    @Override
    public boolean setEnabled(String partnerId, boolean enabled) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.PARTNERS_PK, Table.partnerSk(partnerId)))
                    .updateExpression("SET enabled = :e, updatedAt = :now")
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeValues(Map.of(":e", bool(enabled), ":now", s(Instant.now().toString())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean update(Partner partner) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.PARTNERS_PK, Table.partnerSk(partner.id())))
                    .updateExpression("SET #name = :name, topics = :topics, areas = :areas, updatedAt = :now")
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeNames(Map.of("#name", NAME))
                    .expressionAttributeValues(Map.of(":name", s(partner.name()), ":topics", list(partner.topics()),
                            ":areas", list(partner.areas()), ":now", s(Instant.now().toString())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Optional<Map<String, AttributeValue>> profileItem(String partnerId) {
        var item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.PARTNERS_PK, Table.partnerSk(partnerId))).consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static Map<String, AttributeValue> keyItem(String partnerId, String keyHash) {
        return Map.of(Table.PK, s(Table.apiKeyPk(keyHash)), Table.SK, s(Table.APIKEY_SK),
                "type", s("apikey"), PARTNER_ID, s(partnerId));
    }

    static Partner fromItem(Map<String, AttributeValue> item) {
        return new Partner(Dynamo.requireString(item, PARTNER_ID), Dynamo.string(item, NAME).orElse(""),
                Dynamo.strings(item, TOPICS), Dynamo.strings(item, AREAS), Dynamo.bool(item, ENABLED));
    }
}
