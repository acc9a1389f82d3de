package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.bool;
import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.consent.ConsentStore;
import org.tellonce.core.consent.Owner;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.intake.IntakeStore;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.ConsentEvent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Stories in the single table: one item per story, guarded by conditional writes. */
public final class DynamoStoryStore implements IntakeStore, ResidentStore, ConsentStore {
    private static final String NOT_TAKEN = "attribute_not_exists(PK)";

    private static final String I_FINGERPRINT = IdempotencyItems.FINGERPRINT;
    private static final String I_REFERENCE = IdempotencyItems.REFERENCE;
    private static final String I_STORY_ID = "storyId";
    private static final String I_SEALED_TOKEN = "sealedManageToken";
    private static final String I_DUPLICATE = "duplicate";

    private final DynamoDbClient dynamo;
    private final String table;
    private final FieldCipher cipher;

    /** With the field key derived from the server secret of this environment. */
    public DynamoStoryStore(DynamoDbClient dynamo, String table, FieldCipher cipher) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
    }

    @Override
    public InsertResult insert(NewStoryWrite write, Instant now) {
        Map<String, AttributeValue> storyItem = StoryItems.toItem(write.story(), write.manageTokenHash(),
                write.duplicate().map(DuplicateClaim::duplicateKey), cipher);
        if (write.duplicate().isEmpty() && write.idempotency().isEmpty() && write.rate().isEmpty()) {
            try {
                Dynamo.call(() -> dynamo.putItem(PutItemRequest.builder()
                        .tableName(table).item(storyItem).conditionExpression(NOT_TAKEN).build()));
                return new Inserted();
            } catch (ConditionalCheckFailedException e) {
                return ownWrite(write) ? new Inserted() : new ReferenceTaken();
            }
        }

        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(table).item(storyItem).conditionExpression(NOT_TAKEN).build()).build());
        int idempotencyIndex = -1;
        int duplicateIndex = -1;
        if (write.idempotency().isPresent()) {
            idempotencyIndex = items.size();
            items.add(IdempotencyItems.claim(table, idempotencyItem(write.idempotency().get()), now));
        }
        if (write.duplicate().isPresent()) {
            duplicateIndex = items.size();
            items.add(IdempotencyItems.claim(table, duplicateItem(write.duplicate().get()), now));
        }
        int rateIndex = -1;
        if (write.rate().isPresent()) {
            rateIndex = items.size();
            items.add(rateClaim(write.rate().get()));
        }
        try {
            Dynamo.call(() -> dynamo.transactWriteItems(TransactWriteItemsRequest.builder()
                    .transactItems(items).build()));
            return new Inserted();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (Dynamo.failedCheck(reasons, 0) && ownWrite(write)) {
                return new Inserted();
            }
            if (Dynamo.failedCheck(reasons, idempotencyIndex)) {
                Map<String, AttributeValue> existing = reasons.get(idempotencyIndex).item();
                if (existing == null || existing.isEmpty()) {
                    existing = consistentGet(Table.idempotencyPk(write.idempotency().get().keyHash()), Table.IDEM_SK);
                }
                return existing.isEmpty() ? new Contended() : new IdempotencyTaken(idempotencyFrom(existing));
            }
            if (Dynamo.failedCheck(reasons, duplicateIndex)) {
                Map<String, AttributeValue> existing = reasons.get(duplicateIndex).item();
                if (existing == null || existing.isEmpty()) {
                    existing = consistentGet(Table.duplicatePk(write.duplicate().get().duplicateKey()), Table.DUP_SK);
                }
                return existing.isEmpty() ? new Contended() : new DuplicateTaken(duplicateFrom(existing));
            }
            if (Dynamo.failedCheck(reasons, rateIndex)) {
                return new RateLimited();
            }
            if (Dynamo.failedCheck(reasons, 0)) {
                return new ReferenceTaken();
            }
            // TransactionConflict: another transaction held one of these items just now.
            return new Contended();
        }
    }

    /**
     * Whether the item that failed our condition is this very story: the SDK retried a write whose
     * answer was lost (a timeout or a 500 after DynamoDB had applied it). Then it is stored, once, and
     * must not be written again under another reference.
     */
    private boolean ownWrite(NewStoryWrite write) {
        return Dynamo.string(consistentGet(Table.storyPk(write.story().reference()), Table.STORY_SK), StoryItems.STORY_ID)
                .filter(write.story().storyId()::equals).isPresent();
    }

    @Override
    public void rememberAnswer(IdempotencyRecord record, Instant now) {
        try {
            Dynamo.call(() -> dynamo.putItem(PutItemRequest.builder()
                    .tableName(table)
                    .item(idempotencyItem(record))
                    .conditionExpression(IdempotencyItems.NOT_TAKEN_OR_EXPIRED)
                    .expressionAttributeNames(Map.of("#ttl", Table.TTL))
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))
                    .build()));
        } catch (ConditionalCheckFailedException e) {
            // Someone stored the first answer already; that one stands.
        }
    }

    @Override
    public Optional<StoredStory> load(Reference reference) {
        // The access log sorts first in the partition and may grow long: the story is read after it.
        List<Map<String, AttributeValue>> partition = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusive = start;
            QueryResponse page = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression("PK = :pk AND SK > :log")
                    .expressionAttributeValues(Map.of(":pk", s(Table.storyPk(reference)),
                            ":log", s(Table.ACCESS_END)))
                    .consistentRead(true)
                    .exclusiveStartKey(exclusive)
                    .build()));
            partition.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        Map<String, AttributeValue> storyItem = null;
        List<StoredStory.SharedWith> shares = new ArrayList<>();
        List<StoredStory.PartnerResponse> responses = new ArrayList<>();
        List<StoredStory.OutcomeLink> outcomes = new ArrayList<>();
        List<StoredStory.Removal> removals = new ArrayList<>();
        for (Map<String, AttributeValue> item : partition) {
            String sk = Dynamo.requireString(item, Table.SK);
            if (sk.equals(Table.STORY_SK)) {
                storyItem = item;
            } else if (sk.startsWith(Table.SHARE_PREFIX)) {
                shares.add(new StoredStory.SharedWith(Dynamo.requireString(item, "partnerId"),
                        Dynamo.string(item, "partnerName").orElse("")));
            } else if (sk.startsWith(Table.OUTCOME_PREFIX)) {
                outcomes.add(OutcomeItems.storyLink(item));
            } else if (sk.startsWith(Table.REMOVAL_PREFIX)) {
                removals.add(RemovalItems.removal(item));
            } else if (sk.startsWith(Table.RESPONSE_PREFIX)) {
                responses.add(new StoredStory.PartnerResponse(Dynamo.requireString(item, "partnerId"),
                        Dynamo.string(item, "partnerName").orElse(""),
                        Dynamo.string(item, ResponseItems.TEXT).map(t -> ResponseItems.openText(cipher,
                                Dynamo.requireString(item, Table.PK), sk, t)).orElse(""),
                        Instant.parse(Dynamo.requireString(item, "at"))));
            }
        }
        if (storyItem == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredStory(StoryItems.fromItem(storyItem, cipher),
                Dynamo.string(storyItem, StoryItems.MANAGE_TOKEN_HASH).orElse(""), shares, responses,
                StoryItems.consentHistory(storyItem), outcomes, removals));
    }

    @Override
    public boolean changeConsent(Reference reference, Owner owner, Consent consent) {
        return ConsentChange.apply(dynamo, table, reference, consent, guardAttribute(owner), guardValue(owner),
                owner instanceof Owner.Resident ? ConsentEvent.RESIDENT_SESSION : ConsentEvent.MANAGE_TOKEN);
    }

    /** The story item's attribute that proves the owner. */
    private static String guardAttribute(Owner owner) {
        return owner instanceof Owner.Resident ? StoryItems.RESIDENT_KEY : StoryItems.MANAGE_TOKEN_HASH;
    }

    private static String guardValue(Owner owner) {
        return owner instanceof Owner.Resident resident ? resident.residentKey() : ((Owner.ManageToken) owner).hash();
    }

    @Override
    public boolean erase(Reference reference, Owner owner) {
        Map<String, AttributeValue> story = consistentGet(Table.storyPk(reference), Table.STORY_SK);
        if (story.isEmpty()) {
            return false;
        }
        Optional<String> duplicateKey = Dynamo.string(story, StoryItems.DUPLICATE_KEY);
        // The access log goes with the story; only how many entries it had stays on the tombstone.
        long accesses = keysOf(reference, Table.ACCESS_PREFIX).size();
        Update tombstone = Update.builder().tableName(table)
                .key(Dynamo.key(Table.storyPk(reference), Table.STORY_SK))
                // Only ids, times and "erased" remain.
                .updateExpression("SET #status = :erased, erasedAt = :now, #share = :private, #partners = :none, "
                        + StoryItems.ACCESS_COUNT + " = :accesses, "
                        + "#version = #version + :one REMOVE #text, #name, email, phone, residentKey, GSI1PK, GSI1SK, "
                        + "topics, area, #language, #token, duplicateKey, " + StoryItems.CONSENT_HISTORY + ", " + StoryItems.SHARED_AS + ", "
                        + StoryItems.CONTACT_PROVEN + ", #review, " + StoryItems.CONCERNS + ", " + StoryItems.HELD_AT + ", "
                        + StoryItems.SHARED_TEXT + ", " + StoryItems.REVIEW_REASON + ", " + StoryItems.DECIDED_AT + ", "
                        + Table.GSI3PK + ", " + Table.GSI3SK)
                .conditionExpression("#status = :received AND #guard = :guard")
                .expressionAttributeNames(Map.of("#status", StoryItems.STATUS, "#share", StoryItems.SHARE,
                        "#partners", StoryItems.PARTNERS, "#version", StoryItems.VERSION, "#text", StoryItems.TEXT,
                        "#name", StoryItems.NAME, "#language", StoryItems.LANGUAGE,
                        "#token", StoryItems.MANAGE_TOKEN_HASH, "#guard", guardAttribute(owner),
                        "#review", StoryItems.REVIEW))
                .expressionAttributeValues(Map.of(":erased", s("erased"), ":now", s(Instant.now().toString()),
                        ":private", s("private"), ":none", AttributeValue.fromL(List.of()), ":one", n(1),
                        ":received", s("received"), ":guard", s(guardValue(owner)), ":accesses", n(accesses)))
                .build();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(tombstone).build());
        // The duplicate guard goes too, unless it already guards a newer story of the same text.
        duplicateKey.ifPresent(k -> items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(Dynamo.key(Table.duplicatePk(k), Table.DUP_SK))
                .conditionExpression("attribute_not_exists(PK) OR #ref = :ref")
                .expressionAttributeNames(Map.of("#ref", I_REFERENCE))
                .expressionAttributeValues(Map.of(":ref", s(reference.value())))
                .build()).build()));
        try {
            Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(items)));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (Dynamo.failedCheck(reasons, 0) || items.size() == 1) {
                return false;
            }
            try {
                Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(tombstone.tableName()).key(tombstone.key())
                        .updateExpression(tombstone.updateExpression())
                        .conditionExpression(tombstone.conditionExpression())
                        .expressionAttributeNames(tombstone.expressionAttributeNames())
                        .expressionAttributeValues(tombstone.expressionAttributeValues())));
            } catch (ConditionalCheckFailedException gone) {
                return false;
            }
        }
        // One read of the partition's keys (not one per kind): what goes with the story, read after the
        // tombstone so a reply written just before it goes too.
        // Outcome links say which stories an outcome answers: they go (the outcome's public count stays).
        // Which partner led it says which organisation worked on it: it goes too.
        deleteKeys(keysOf(reference, "").stream().filter(key -> {
            String sk = Dynamo.requireString(key, Table.SK);
            return sk.startsWith(Table.RESPONSE_PREFIX) || sk.startsWith(Table.ACCESS_PREFIX)
                    || sk.startsWith(Table.ALERT_PREFIX) || sk.startsWith(Table.OUTCOME_PREFIX)
                    || sk.startsWith(Table.LEAD_SK);
        }).toList());
        return true;
    }

    /** Responses are encrypted bound to their own key. */
    static String responseContext(Map<String, AttributeValue> item) {
        return ResponseItems.textContext(Dynamo.requireString(item, Table.PK), Dynamo.requireString(item, Table.SK));
    }

    /**
     * Partners' replies may quote the story, and the access log says who read it: they go with it (as do
     * the records of the safeguarding alerts about it).
     */
    private void deleteKeys(List<Map<String, AttributeValue>> keys) {
        List<WriteRequest> deletes = keys.stream()
                .map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                .toList();
        for (int i = 0; i < deletes.size(); i += 25) {
            List<WriteRequest> chunk = deletes.subList(i, Math.min(deletes.size(), i + 25));
            Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt >= 8) {
                    // Never leave a reply or an access entry behind unsaid: the erasure fails loudly.
                    throw new org.tellonce.core.StoreUnavailableException(
                            new IllegalStateException("erasure deletes unprocessed"));
                }
                if (attempt > 0) {
                    try {
                        Thread.sleep(10L << attempt);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new org.tellonce.core.StoreUnavailableException(e);
                    }
                }
                Map<String, List<WriteRequest>> current = pending;
                var result = Dynamo.call(() -> dynamo.batchWriteItem(b -> b.requestItems(current)));
                pending = result.hasUnprocessedItems() && !result.unprocessedItems().isEmpty()
                        ? result.unprocessedItems() : Map.of();
            }
        }
    }

    /** The keys of the story's items whose sort key starts with {@code prefix} (empty: all), every page. */
    private List<Map<String, AttributeValue>> keysOf(Reference reference, String prefix) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusive = start;
            QueryResponse page = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                    .tableName(table)
                    .keyConditionExpression(prefix.isEmpty() ? "PK = :pk" : "PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(prefix.isEmpty() ? Map.of(":pk", s(Table.storyPk(reference)))
                            : Map.of(":pk", s(Table.storyPk(reference)), ":prefix", s(prefix)))
                    .projectionExpression("PK, SK")
                    .consistentRead(true)
                    .exclusiveStartKey(exclusive)
                    .build()));
            page.items().forEach(item -> keys.add(Dynamo.key(Dynamo.requireString(item, Table.PK),
                    Dynamo.requireString(item, Table.SK))));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return keys;
    }

    /** Counts the story against the resident's hour, in the same transaction as the story itself. */
    private TransactWriteItem rateClaim(RateClaim rate) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(Dynamo.key(Table.ratePk(rate.residentKey()), Long.toString(rate.hour())))
                .updateExpression("ADD #n :one SET #ttl = :ttl, #type = :type")
                .conditionExpression("attribute_not_exists(#n) OR #n < :max")
                .expressionAttributeNames(Map.of("#n", "stories", "#ttl", Table.TTL, "#type", StoryItems.TYPE))
                .expressionAttributeValues(Map.of(":one", n(1), ":max", n(rate.max()),
                        ":ttl", n((rate.hour() + 2) * 3600), ":type", s("rate")))
                .build()).build();
    }

    @Override
    public Optional<IdempotencyRecord> findAnswer(String keyHash, Instant now) {
        Map<String, AttributeValue> item = consistentGet(Table.idempotencyPk(keyHash), Table.IDEM_SK);
        if (item.isEmpty()) {
            return Optional.empty();
        }
        IdempotencyRecord record = idempotencyFrom(item);
        // DynamoDB's TTL deletes late: an expired record is as good as gone, as in the claim's condition.
        return record.expiresAt().isAfter(now) ? Optional.of(record) : Optional.empty();
    }

    private Map<String, AttributeValue> consistentGet(String pk, String sk) {
        return Dynamo.consistentGet(dynamo, table, pk, sk);
    }

    private static Map<String, AttributeValue> idempotencyItem(IdempotencyRecord record) {
        Map<String, AttributeValue> item = IdempotencyItems.item(record.keyHash(), record.fingerprint(),
                record.reference(), record.expiresAt());
        item.put(I_STORY_ID, s(record.storyId()));
        record.sealedManageToken().ifPresent(t -> item.put(I_SEALED_TOKEN, s(t)));
        item.put(I_DUPLICATE, bool(record.duplicate()));
        return item;
    }

    private static IdempotencyRecord idempotencyFrom(Map<String, AttributeValue> item) {
        String pk = Dynamo.requireString(item, Table.PK);
        return new IdempotencyRecord(Table.keyHashFromIdempotencyPk(pk),
                Dynamo.requireString(item, I_FINGERPRINT),
                new Reference(Dynamo.requireString(item, I_REFERENCE)),
                Dynamo.requireString(item, I_STORY_ID),
                Dynamo.string(item, I_SEALED_TOKEN),
                Dynamo.bool(item, I_DUPLICATE),
                Instant.ofEpochSecond(Dynamo.number(item, Table.TTL)));
    }

    private static Map<String, AttributeValue> duplicateItem(DuplicateClaim claim) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Table.PK, s(Table.duplicatePk(claim.duplicateKey())));
        item.put(Table.SK, s(Table.DUP_SK));
        item.put(StoryItems.TYPE, s("duplicate"));
        item.put(I_REFERENCE, s(claim.reference().value()));
        item.put(I_STORY_ID, s(claim.storyId()));
        item.put(Table.TTL, n(claim.expiresAt().getEpochSecond()));
        return item;
    }

    private static DuplicateClaim duplicateFrom(Map<String, AttributeValue> item) {
        String pk = Dynamo.requireString(item, Table.PK);
        return new DuplicateClaim(Table.duplicateKeyFromPk(pk),
                new Reference(Dynamo.requireString(item, I_REFERENCE)),
                Dynamo.requireString(item, I_STORY_ID),
                Instant.ofEpochSecond(Dynamo.number(item, Table.TTL)));
    }
}
