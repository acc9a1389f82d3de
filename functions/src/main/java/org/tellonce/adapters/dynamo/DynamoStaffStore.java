package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.bool;
import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.digest.DigestPreferences;
import org.tellonce.core.staff.Role;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.core.staff.StaffStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Staff members, all in one partition (as partners are), each under their staff key. E-mail, name and
 * phone are sealed with the field cipher, bound to the item's key and the attribute.
 */
public final class DynamoStaffStore implements StaffStore, DigestPreferences {
    private static final String EMAIL = "email";
    private static final String NAME = "name";
    private static final String PHONE = "phone";
    private static final String ROLE = "role";
    private static final String PARTNER = "partnerId";
    private static final String ENABLED = "enabled";
    private static final String GENERATION = "generation";
    /** false once the member opted out of the daily digest (absent: they get it). */
    private static final String DIGEST = "digest";

    private final DynamoDbClient dynamo;
    private final String table;
    private final FieldCipher cipher;

    public DynamoStaffStore(DynamoDbClient dynamo, String table, FieldCipher cipher) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
    }

    @Override
    public Optional<Stored> find(String staffKey) {
        Map<String, AttributeValue> item = Dynamo.consistentGet(dynamo, table, Table.STAFF_PK, Table.staffSk(staffKey));
        return item.isEmpty() ? Optional.empty() : Optional.of(new Stored(member(item), Dynamo.number(item, GENERATION)));
    }

    @Override
    public List<StaffMember> all() {
        return items().stream().map(this::member).toList();
    }

    private List<Map<String, AttributeValue>> items() {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = Dynamo.call(() -> dynamo.query(b -> b.tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", Table.PK))
                    .expressionAttributeValues(Map.of(":pk", s(Table.STAFF_PK))).exclusiveStartKey(from)));
            all.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return all;
    }

    @Override
    public void put(String staffKey, StaffMember member) {
        write(staffKey, member, Optional.empty());
    }

    @Override
    public boolean putInPartner(String staffKey, StaffMember member) {
        try {
            write(staffKey, member, Optional.of(member.partnerId().orElseThrow()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean disableInPartner(String staffKey, String partnerId) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.STAFF_PK, Table.staffSk(staffKey)))
                    .updateExpression("SET #enabled = :no ADD #generation :one")
                    .conditionExpression("#partner = :partner")
                    .expressionAttributeNames(Map.of("#enabled", ENABLED, "#generation", GENERATION, "#partner", PARTNER))
                    .expressionAttributeValues(Map.of(":no", bool(false), ":one", n(1), ":partner", s(partnerId)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** @param onlyOfPartner write only while the key is free or its member is of this partner */
    private void write(String staffKey, StaffMember member, Optional<String> onlyOfPartner) {
        String sk = Table.staffSk(staffKey);
        Map<String, String> names = new HashMap<>(Map.of("#email", EMAIL, "#name", NAME, "#role", ROLE,
                "#enabled", ENABLED, "#generation", GENERATION, "#partner", PARTNER, "#phone", PHONE));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":email", sealed(sk, EMAIL, member.email()),
                ":name", sealed(sk, NAME, member.name()), ":role", s(member.role().wire()),
                ":enabled", bool(member.enabled()), ":one", n(1)));
        StringBuilder set = new StringBuilder("SET #email = :email, #name = :name, #role = :role, #enabled = :enabled");
        StringBuilder remove = new StringBuilder();
        optional(member.partnerId().map(p -> s(p)), "#partner", ":partner", set, remove, values);
        optional(member.phone().map(p -> sealed(sk, PHONE, p)), "#phone", ":phone", set, remove, values);
        String update = set + remove.toString() + " ADD #generation :one";
        onlyOfPartner.ifPresent(p -> {
            names.put("#pk", Table.PK);
            values.put(":only", s(p));
        });
        String condition = onlyOfPartner.isPresent() ? "attribute_not_exists(#pk) OR #partner = :only" : null;
        Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table).key(Dynamo.key(Table.STAFF_PK, sk))
                .updateExpression(update).conditionExpression(condition).expressionAttributeNames(names)
                .expressionAttributeValues(values)));
    }

    @Override
    public boolean disable(String staffKey) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.STAFF_PK, Table.staffSk(staffKey)))
                    .updateExpression("SET #enabled = :no ADD #generation :one")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#enabled", ENABLED, "#generation", GENERATION, "#pk", Table.PK))
                    .expressionAttributeValues(Map.of(":no", bool(false), ":one", n(1)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public List<Recipient> recipients() {
        return items().stream().map(item -> new Recipient(Table.staffKeyFromSk(Dynamo.requireString(item, Table.SK)),
                member(item), digest(item))).toList();
    }

    @Override
    public Optional<Boolean> digest(String staffKey) {
        Map<String, AttributeValue> item = Dynamo.consistentGet(dynamo, table, Table.STAFF_PK, Table.staffSk(staffKey));
        return item.isEmpty() ? Optional.empty() : Optional.of(digest(item));
    }

    /** Only the one attribute: a replacement by {@link #put} keeps it, and sessions stay as they are. */
    @Override
    public boolean setDigest(String staffKey, boolean digest) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.STAFF_PK, Table.staffSk(staffKey)))
                    .updateExpression("SET #digest = :digest").conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#digest", DIGEST, "#pk", Table.PK))
                    .expressionAttributeValues(Map.of(":digest", bool(digest)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static boolean digest(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(DIGEST);
        return value == null || !Boolean.FALSE.equals(value.bool());
    }

    /** SETs an optional attribute when there is a value, else REMOVEs it (a replacement drops the old one). */
    private static void optional(Optional<AttributeValue> value, String name, String placeholder, StringBuilder set,
                                 StringBuilder remove, Map<String, AttributeValue> values) {
        if (value.isPresent()) {
            set.append(", ").append(name).append(" = ").append(placeholder);
            values.put(placeholder, value.get());
        } else {
            remove.append(remove.isEmpty() ? " REMOVE " : ", ").append(name);
        }
    }

    private StaffMember member(Map<String, AttributeValue> item) {
        String sk = Dynamo.requireString(item, Table.SK);
        return new StaffMember(open(item, sk, EMAIL).orElseThrow(), open(item, sk, NAME).orElse(""),
                Role.of(Dynamo.requireString(item, ROLE)).orElseThrow(), Dynamo.string(item, PARTNER),
                open(item, sk, PHONE), Dynamo.bool(item, ENABLED));
    }

    private AttributeValue sealed(String sk, String attribute, String value) {
        return s(cipher.seal(value, StoryItems.fieldContext(Table.STAFF_PK + "|" + sk, attribute)));
    }

    private Optional<String> open(Map<String, AttributeValue> item, String sk, String attribute) {
        return Dynamo.string(item, attribute)
                .map(v -> cipher.open(v, StoryItems.fieldContext(Table.STAFF_PK + "|" + sk, attribute)));
    }
}
