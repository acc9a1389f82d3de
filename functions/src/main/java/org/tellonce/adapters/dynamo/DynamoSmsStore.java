package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.sms.InboundSms;
import org.tellonce.core.sms.Routing;
import org.tellonce.core.sms.SmsStore;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.ConsentEvent;
import org.tellonce.core.story.Reference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * SMS state in the single table, keyed by resident key (never the number):
 * {@code RESIDENT#{rk} / SMS} (opt-out, reply allowance, chosen language), {@code RESIDENT#{rk} / PENDING#{ref}}
 * (stories awaiting YES/ANON/NO), the routing questions (see {@link DynamoRoutings}), {@code SMSMSG#{provider}#{sha256(id)} / SMSMSG} (a message id,
 * processed once).
 */
public final class DynamoSmsStore implements SmsStore {
    /** A claim not completed within this long is taken over by the next delivery (its processor died). */
    static final Duration CLAIM_LOCK = Duration.ofSeconds(30);
    static final Duration CLAIM_KEPT = Duration.ofDays(7);
    /** The language the number chose ({@code en}, {@code cy}, {@code pl}); absent until it chooses. */
    private static final String LANGUAGE = "language";

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoRoutings routings;

    public DynamoSmsStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.routings = new DynamoRoutings(dynamo, table);
    }

    private static String messagePk(InboundSms.Provider provider, String messageId) {
        return Table.smsMessagePk(provider.wire(), Hashing.sha256Hex(messageId));
    }

    @Override
    public Claim claimMessage(InboundSms.Provider provider, String messageId, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Table.PK, s(messagePk(provider, messageId)));
        item.put(Table.SK, s(Table.SMS_MESSAGE_SK));
        item.put("type", s("sms-message"));
        item.put("status", s("processing"));
        item.put("lockUntil", n(now.plus(CLAIM_LOCK).toEpochMilli()));
        item.put(Table.TTL, n(now.plus(CLAIM_KEPT).getEpochSecond()));
        try {
            Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(PK) OR (#status = :processing AND lockUntil < :now)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":processing", s("processing"), ":now", n(now.toEpochMilli())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return new Claimed();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> existing = e.hasItem() ? e.item() : Map.of();
            if (existing.isEmpty()) {
                existing = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                        .key(Dynamo.key(messagePk(provider, messageId), Table.SMS_MESSAGE_SK)).consistentRead(true))).item();
            }
            if (existing != null && "done".equals(Dynamo.string(existing, "status").orElse(""))) {
                return new Done(Dynamo.string(existing, "reply"));
            }
            return new InProgress();
        }
    }

    @Override
    public void completeMessage(InboundSms.Provider provider, String messageId, Optional<String> reply, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":done", s("done"));
        String expression = "SET #status = :done";
        if (reply.isPresent()) {
            expression += ", reply = :reply";
            values.put(":reply", s(reply.get()));
        }
        String update = expression;
        Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(Dynamo.key(messagePk(provider, messageId), Table.SMS_MESSAGE_SK))
                .updateExpression(update)
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)));
    }

    @Override
    public void releaseMessage(InboundSms.Provider provider, String messageId) {
        try {
            // Ends the lock rather than deleting the claim, so no function needs DeleteItem for it.
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(messagePk(provider, messageId), Table.SMS_MESSAGE_SK))
                    .updateExpression("SET lockUntil = :zero")
                    .conditionExpression("#status = :processing")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":zero", n(0), ":processing", s("processing")))));
        } catch (ConditionalCheckFailedException e) {
            // Completed meanwhile, or never claimed: nothing to release.
        }
    }

    @Override
    public boolean optedOut(String residentKey) {
        var item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.residentPk(residentKey), Table.SMS_STATE_SK)).consistentRead(true))).item();
        return item != null && Dynamo.bool(item, "optedOut");
    }

    @Override
    public void rememberProvider(String residentKey, InboundSms.Provider provider) {
        Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.residentPk(residentKey), Table.SMS_STATE_SK))
                .updateExpression("SET provider = :p, #type = :type")
                .expressionAttributeNames(Map.of("#type", "type"))
                .expressionAttributeValues(Map.of(":p", s(provider.wire()), ":type", s("sms-state")))));
    }

    @Override
    public Optional<InboundSms.Provider> provider(String residentKey) {
        var item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.residentPk(residentKey), Table.SMS_STATE_SK)).consistentRead(true))).item();
        return item == null ? Optional.empty() : Dynamo.string(item, "provider")
                .map(p -> p.equals("twilio") ? InboundSms.Provider.TWILIO : InboundSms.Provider.AWS);
    }

    /** Conditional on a change, so that of two STOPs at once only one is told it opted the number out. */
    @Override
    public boolean setOptedOut(String residentKey, boolean optedOut, Instant now) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.residentPk(residentKey), Table.SMS_STATE_SK))
                    .updateExpression("SET optedOut = :o, optChangedAt = :now, #type = :type")
                    .conditionExpression("attribute_not_exists(optedOut) OR optedOut <> :o")
                    .expressionAttributeNames(Map.of("#type", "type"))
                    .expressionAttributeValues(Map.of(":o", Dynamo.bool(optedOut), ":now", s(now.toString()),
                            ":type", s("sms-state")))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<org.tellonce.core.language.Language> language(String residentKey) {
        var item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.residentPk(residentKey), Table.SMS_STATE_SK)).consistentRead(true))).item();
        return item == null ? Optional.empty()
                : Dynamo.string(item, LANGUAGE).flatMap(org.tellonce.core.language.Language::of);
    }

    @Override
    public void setLanguage(String residentKey, org.tellonce.core.language.Language language, Instant now) {
        Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.residentPk(residentKey), Table.SMS_STATE_SK))
                .updateExpression("SET #language = :l, languageChangedAt = :now, #type = :type")
                .expressionAttributeNames(Map.of("#language", LANGUAGE, "#type", "type"))
                .expressionAttributeValues(Map.of(":l", s(language.tag()), ":now", s(now.toString()),
                        ":type", s("sms-state")))));
    }

    @Override
    public void addPending(String residentKey, Reference reference, Instant at) {
        try {
            Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of(Table.PK, s(Table.residentPk(residentKey)),
                            Table.SK, s(Table.pendingSk(reference)),
                            "type", s("sms-pending"),
                            "at", n(at.toEpochMilli()),
                            // Two stories in the same millisecond still have an order.
                            "tiebreak", n(System.nanoTime())))
                    .conditionExpression("attribute_not_exists(PK)")));
        } catch (ConditionalCheckFailedException e) {
            // Pending already (a redelivery).
        }
    }

    @Override
    public Optional<Reference> newestPending(String residentKey) {
        Reference newest = null;
        long newestAt = Long.MIN_VALUE;
        long newestTiebreak = Long.MIN_VALUE;
        for (Map<String, AttributeValue> item : pendingItems(residentKey)) {
            long at = Dynamo.number(item, "at");
            long tiebreak = Dynamo.number(item, "tiebreak");
            Optional<Reference> reference = Table.referenceFromPendingSk(
                    Dynamo.requireString(item, Table.SK));
            if (reference.isPresent() && (at > newestAt || (at == newestAt && tiebreak >= newestTiebreak))) {
                newest = reference.get();
                newestAt = at;
                newestTiebreak = tiebreak;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** A conditional delete: of two answers at once, only the one whose delete found the item applies. */
    @Override
    public boolean resolvePending(String residentKey, Reference reference) {
        try {
            Dynamo.call(() -> dynamo.deleteItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.residentPk(residentKey), Table.pendingSk(reference)))
                    .conditionExpression("attribute_exists(PK)")));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void clearPending(String residentKey) {
        for (Map<String, AttributeValue> item : pendingItems(residentKey)) {
            Dynamo.call(() -> dynamo.deleteItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.residentPk(residentKey), Dynamo.requireString(item, Table.SK)))));
        }
    }

    private List<Map<String, AttributeValue>> pendingItems(String residentKey) {
        QueryResponse response = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :p)")
                .expressionAttributeValues(Map.of(":pk", s(Table.residentPk(residentKey)), ":p", s(Table.PENDING_PREFIX)))
                .consistentRead(true)
                .build()));
        return response.items();
    }

    @Override
    public boolean startRouting(String residentKey, Routing routing) {
        return routings.start(residentKey, routing);
    }

    @Override
    public Optional<Routing> newestRouting(String residentKey) {
        return routings.newest(residentKey);
    }

    @Override
    public boolean updateRouting(String residentKey, Routing next) {
        return routings.update(residentKey, next);
    }

    @Override
    public boolean completeRouting(String residentKey, Routing routing) {
        return routings.complete(residentKey, routing);
    }

    @Override
    public List<DueRouting> routingsStartedBefore(Instant cutoff, int limit) {
        return routings.startedBefore(cutoff, limit);
    }

    @Override
    public void cancelRouting(String residentKey) {
        routings.cancel(residentKey);
    }

    @Override
    public boolean setConsent(Reference reference, String residentKey, Consent consent) {
        return ConsentChange.apply(dynamo, table, reference, consent, StoryItems.RESIDENT_KEY, residentKey,
                ConsentEvent.SMS);
    }

    @Override
    public List<Reference> stories(String residentKey) {
        return DynamoResidentRecords.references(dynamo, table, residentKey);
    }

    @Override
    public boolean allowReply(String residentKey, Instant now, int perHour) {
        long hour = now.getEpochSecond() / 3600;
        var key = Dynamo.key(Table.residentPk(residentKey), Table.SMS_STATE_SK);
        try {
            // A new hour: the count starts again.
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table).key(key)
                    .updateExpression("SET replyHour = :h, replyCount = :one, #type = :type")
                    .conditionExpression("attribute_not_exists(replyHour) OR replyHour <> :h")
                    .expressionAttributeNames(Map.of("#type", "type"))
                    .expressionAttributeValues(Map.of(":h", n(hour), ":one", n(1), ":type", s("sms-state")))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            try {
                Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table).key(key)
                        .updateExpression("ADD replyCount :one")
                        .conditionExpression("replyHour = :h AND replyCount < :max")
                        .expressionAttributeValues(Map.of(":h", n(hour), ":one", n(1), ":max", n(perHour)))));
                return true;
            } catch (ConditionalCheckFailedException limit) {
                return false;
            }
        }
    }
}
