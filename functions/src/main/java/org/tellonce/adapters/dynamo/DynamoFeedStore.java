package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.StoreUnavailableException;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.feed.FeedStore;
import org.tellonce.core.feed.Handling;
import org.tellonce.core.feed.Lead;
import org.tellonce.core.feed.LeadOutcome;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.feed.Work;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Story;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The partner feed over the single table. */
public final class DynamoFeedStore implements FeedStore {
    private static final int BATCH_GET_MAX = 100;
    /** Read past {@code max} in a resident's history: the same second's later stories the Query also finds. */
    private static final int HISTORY_SLACK = 4;
    /** Where the Idempotency-Key claim is in a response's transaction: after the story check and the response. */
    private static final int CLAIM_INDEX = 2;
    /** The partner's work, on its share marker: handling, assignee (staff key and sealed name), first reply. */
    static final String HANDLING = "handling";
    static final String ASSIGNEE_KEY = "assigneeKey";
    static final String ASSIGNEE_NAME = "assigneeName";
    static final String ANSWERED_AT = "answeredAt";
    /** The lead item: which partner leads, its name as it was then, since when. */
    static final String LEAD_PARTNER = "partnerId";
    static final String LEAD_NAME = "partnerName";
    static final String LEAD_SINCE = "since";
    private static final int LEAD_ATTEMPTS = 4;

    private final DynamoDbClient dynamo;
    private final String table;
    private final FieldCipher cipher;

    public DynamoFeedStore(DynamoDbClient dynamo, String table, FieldCipher cipher) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
    }

    @Override
    public List<FeedEntry> entriesAfter(String partnerId, long afterSeq, int max) {
        return entries(QueryRequest.builder()
                .keyConditionExpression("PK = :pk AND SK > :after")
                .expressionAttributeValues(Map.of(":pk", s(Table.feedPk(partnerId)),
                        ":after", s(Table.feedSk(afterSeq))))
                .limit(max));
    }

    @Override
    public List<FeedEntry> entriesBefore(String partnerId, long beforeSeq, int max) {
        QueryRequest.Builder query = QueryRequest.builder().scanIndexForward(false).limit(max);
        if (beforeSeq == Long.MAX_VALUE) {
            query.keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(Table.feedPk(partnerId))));
        } else {
            query.keyConditionExpression("PK = :pk AND SK < :before")
                    .expressionAttributeValues(Map.of(":pk", s(Table.feedPk(partnerId)),
                            ":before", s(Table.feedSk(beforeSeq))));
        }
        return entries(query);
    }

    /** One Query of the feed partition (its positions are small: a page of 1,000 is far below 1 MB). */
    private List<FeedEntry> entries(QueryRequest.Builder query) {
        var response = Dynamo.call(() -> dynamo.query(query.tableName(table).consistentRead(true).build()));
        List<FeedEntry> entries = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            entries.add(new FeedEntry(Dynamo.number(item, DynamoShareStore.SEQ),
                    Dynamo.string(item, DynamoShareStore.STATE).orElse(DynamoShareStore.SKIP),
                    Dynamo.string(item, "reference").flatMap(Reference::parse),
                    Instant.parse(Dynamo.requireString(item, DynamoShareStore.SHARED_AT))));
        }
        return entries;
    }

    @Override
    public Map<Reference, Held> held(Collection<Reference> references, String partnerId) {
        return held(references, partnerId, new HashMap<>());
    }

    /** The same, and each story item's version into {@code versions} (an outcome's write checks it again). */
    Map<Reference, Held> held(Collection<Reference> references, String partnerId, Map<Reference, Long> versions) {
        Map<Reference, Held> out = new HashMap<>();
        List<Reference> unique = new ArrayList<>(new LinkedHashSet<>(references));
        Map<String, Map<String, AttributeValue>> stories = new HashMap<>();
        Map<String, Map<String, AttributeValue>> markers = new HashMap<>();
        Map<String, Map<String, AttributeValue>> leads = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Reference reference : unique) {
            keys.add(Dynamo.key(Table.storyPk(reference), Table.STORY_SK));
            keys.add(Dynamo.key(Table.storyPk(reference), Table.shareSk(partnerId)));
            keys.add(Dynamo.key(Table.storyPk(reference), Table.LEAD_SK));
        }
        for (Map<String, AttributeValue> item : batchGetAll(keys)) {
            String pk = Dynamo.requireString(item, Table.PK);
            String sk = Dynamo.requireString(item, Table.SK);
            if (Table.STORY_SK.equals(sk)) {
                stories.put(pk, item);
            } else if (Table.LEAD_SK.equals(sk)) {
                leads.put(pk, item);
            } else {
                markers.put(pk, item);
            }
        }
        dropStaleLeads(leads, partnerId, markers.keySet());
        for (Reference reference : unique) {
            Map<String, AttributeValue> story = stories.get(Table.storyPk(reference));
            if (story == null) {
                continue;
            }
            Map<String, AttributeValue> marker = markers.get(Table.storyPk(reference));
            if (story.containsKey(StoryItems.VERSION)) {
                versions.put(reference, Dynamo.number(story, StoryItems.VERSION));
            }
            out.put(reference, new Held(StoryItems.fromItem(story, cipher), marker != null,
                    marker == null ? Optional.empty()
                            : Dynamo.string(marker, DynamoShareStore.SHARED_AT).map(Instant::parse),
                    StoryItems.sharedAs(story), marker == null ? Work.NONE : work(marker),
                    Optional.ofNullable(leads.get(Table.storyPk(reference))).map(DynamoFeedStore::lead)));
        }
        return out;
    }

    /**
     * A lead counts only while its partner still holds the story (checked at read time, so a share taken
     * back shows no lead even before the fan-out clears it): the other partners' markers in one more read.
     */
    private void dropStaleLeads(Map<String, Map<String, AttributeValue>> leads, String partnerId,
                                java.util.Set<String> heldByAsker) {
        List<Map<String, AttributeValue>> others = new ArrayList<>();
        leads.forEach((pk, lead) -> {
            String leader = Dynamo.requireString(lead, LEAD_PARTNER);
            if (!leader.equals(partnerId)) {
                others.add(Dynamo.key(pk, Table.shareSk(leader)));
            }
        });
        java.util.Set<String> stillHeld = new java.util.HashSet<>();
        for (Map<String, AttributeValue> marker : others.isEmpty() ? List.<Map<String, AttributeValue>>of()
                : batchGetAll(others)) {
            stillHeld.add(Dynamo.requireString(marker, Table.PK) + "\n" + Dynamo.requireString(marker, Table.SK));
        }
        leads.entrySet().removeIf(e -> {
            String leader = Dynamo.requireString(e.getValue(), LEAD_PARTNER);
            return leader.equals(partnerId) ? !heldByAsker.contains(e.getKey())
                    : !stillHeld.contains(e.getKey() + "\n" + Table.shareSk(leader));
        });
    }

    private static Lead lead(Map<String, AttributeValue> item) {
        return new Lead(Dynamo.requireString(item, LEAD_PARTNER), Dynamo.string(item, LEAD_NAME).orElse(""),
                Instant.parse(Dynamo.requireString(item, LEAD_SINCE)));
    }

    @Override
    public LeadOutcome claimLead(Reference reference, Partner partner, Instant at) {
        String pk = Table.storyPk(reference);
        for (int attempt = 0; attempt < LEAD_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> current = Dynamo.consistentGet(dynamo, table, pk, Table.LEAD_SK);
            String condition = "attribute_not_exists(PK)";
            Map<String, AttributeValue> values = new HashMap<>();
            if (!current.isEmpty()) {
                Lead lead = lead(current);
                if (lead.partnerId().equals(partner.id())) {
                    return new LeadOutcome.Leading(lead);
                }
                if (holds(reference, lead.partnerId())) {
                    return new LeadOutcome.Taken(lead);
                }
                // The lead's partner no longer holds the story: its lead lapsed, and this claim replaces it.
                condition = "#leader = :stale";
                values.put(":stale", s(lead.partnerId()));
            }
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(Table.PK, s(pk));
            item.put(Table.SK, s(Table.LEAD_SK));
            item.put("type", s("lead"));
            item.put(LEAD_PARTNER, s(partner.id()));
            item.put(LEAD_NAME, s(partner.name()));
            item.put(LEAD_SINCE, s(at.toString()));
            Put.Builder put = Put.builder().tableName(table).item(item).conditionExpression(condition);
            if (!values.isEmpty()) {
                put.expressionAttributeNames(Map.of("#leader", LEAD_PARTNER)).expressionAttributeValues(values);
            }
            try {
                // The claimant's share is checked in the same write: a share taken back meanwhile claims nothing.
                Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                                .key(Dynamo.key(pk, Table.shareSk(partner.id())))
                                .conditionExpression("attribute_exists(PK)").build()).build(),
                        TransactWriteItem.builder().put(put.build()).build())));
                return new LeadOutcome.Leading(new Lead(partner.id(), partner.name(), at));
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (Dynamo.failedCheck(reasons, 0)) {
                    return new LeadOutcome.NotShared();
                }
                // Another claim landed first (or a conflict): read what is there now and decide again.
                org.tellonce.core.Contention.backOff(attempt);
            }
        }
        Map<String, AttributeValue> now = Dynamo.consistentGet(dynamo, table, pk, Table.LEAD_SK);
        if (now.isEmpty()) {
            throw new StoreUnavailableException(new IllegalStateException("lead claim kept conflicting"));
        }
        Lead lead = lead(now);
        return lead.partnerId().equals(partner.id()) ? new LeadOutcome.Leading(lead) : new LeadOutcome.Taken(lead);
    }

    @Override
    public LeadOutcome releaseLead(Reference reference, String partnerId) {
        String pk = Table.storyPk(reference);
        for (int attempt = 0; attempt < LEAD_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> current = Dynamo.consistentGet(dynamo, table, pk, Table.LEAD_SK);
            if (current.isEmpty()) {
                return new LeadOutcome.Released();
            }
            Lead lead = lead(current);
            if (!lead.partnerId().equals(partnerId) && holds(reference, lead.partnerId())) {
                return new LeadOutcome.Taken(lead);
            }
            // Our own lead, or one that lapsed with its partner's share: either may go.
            if (deleteLead(reference, lead.partnerId())) {
                return new LeadOutcome.Released();
            }
            org.tellonce.core.Contention.backOff(attempt);
        }
        throw new StoreUnavailableException(new IllegalStateException("lead release kept conflicting"));
    }

    /** Deletes the story's lead item only while this partner leads. @return false when another one does (or none) */
    boolean deleteLead(Reference reference, String partnerId) {
        try {
            Dynamo.call(() -> dynamo.deleteItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.storyPk(reference), Table.LEAD_SK))
                    .conditionExpression("#leader = :partner")
                    .expressionAttributeNames(Map.of("#leader", LEAD_PARTNER))
                    .expressionAttributeValues(Map.of(":partner", s(partnerId)))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private boolean holds(Reference reference, String partnerId) {
        return !Dynamo.consistentGet(dynamo, table, Table.storyPk(reference), Table.shareSk(partnerId)).isEmpty();
    }

    private List<Map<String, AttributeValue>> batchGetAll(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += BATCH_GET_MAX) {
            items.addAll(batchGet(keys.subList(i, Math.min(keys.size(), i + BATCH_GET_MAX))));
        }
        return items;
    }

    /** The partner's work as its share of the story holds it; the assignee's name is sealed like every name. */
    private Work work(Map<String, AttributeValue> marker) {
        Handling handling = Dynamo.string(marker, HANDLING).flatMap(Handling::of).orElse(Handling.NEW);
        Optional<Work.Assignee> assignee = Dynamo.string(marker, ASSIGNEE_KEY).map(key -> new Work.Assignee(key,
                Dynamo.string(marker, ASSIGNEE_NAME).map(name -> cipher.open(name, nameContext(marker))).orElse("")));
        return new Work(handling, assignee, marker.containsKey(ANSWERED_AT));
    }

    private static String nameContext(Map<String, AttributeValue> marker) {
        return Dynamo.requireString(marker, Table.PK) + "\n" + Dynamo.requireString(marker, Table.SK) + "\n"
                + ASSIGNEE_NAME;
    }

    @Override
    public boolean setHandling(Reference reference, String partnerId, Handling handling) {
        return updateShare(reference, partnerId, "SET #handling = :handling", Map.of("#handling", HANDLING),
                Map.of(":handling", s(handling.wire())), "");
    }

    @Override
    public boolean setAssignee(Reference reference, String partnerId, Optional<Work.Assignee> assignee) {
        if (assignee.isEmpty()) {
            return updateShare(reference, partnerId, "REMOVE #key, #name",
                    Map.of("#key", ASSIGNEE_KEY, "#name", ASSIGNEE_NAME), Map.of(), "");
        }
        Map<String, AttributeValue> key = Dynamo.key(Table.storyPk(reference), Table.shareSk(partnerId));
        String sealed = cipher.seal(assignee.get().name(), nameContext(key));
        return updateShare(reference, partnerId, "SET #key = :key, #name = :name",
                Map.of("#key", ASSIGNEE_KEY, "#name", ASSIGNEE_NAME),
                Map.of(":key", s(assignee.get().staffKey()), ":name", s(sealed)), "");
    }

    @Override
    public void markAnswered(Reference reference, String partnerId, Instant at) {
        boolean moved = updateShare(reference, partnerId, "SET #answered = :at, #handling = :responded",
                Map.of("#answered", ANSWERED_AT, "#handling", HANDLING),
                Map.of(":at", s(at.toString()), ":responded", s(Handling.RESPONDED.wire()),
                        ":new", s(Handling.NEW.wire())),
                " AND (attribute_not_exists(#handling) OR #handling = :new)");
        if (!moved) {
            // Handled already (or the share is gone): only remember the reply.
            updateShare(reference, partnerId, "SET #answered = :at", Map.of("#answered", ANSWERED_AT),
                    Map.of(":at", s(at.toString())), "");
        }
    }

    /**
     * Updates the partner's share marker only while it exists: a share taken back (consent withdrawn)
     * must not come back as a marker holding only the partner's work. @return false when it did not exist
     */
    private boolean updateShare(Reference reference, String partnerId, String update, Map<String, String> names,
                                Map<String, AttributeValue> values, String alsoRequired) {
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> {
                b.tableName(table).key(Dynamo.key(Table.storyPk(reference), Table.shareSk(partnerId)))
                        .updateExpression(update).conditionExpression("attribute_exists(PK)" + alsoRequired)
                        .expressionAttributeNames(names);
                if (!values.isEmpty()) {
                    b.expressionAttributeValues(values);
                }
            }));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        for (int attempt = 0; !request.isEmpty(); attempt++) {
            Map<String, KeysAndAttributes> current = request;
            BatchGetItemResponse response = Dynamo.call(() -> dynamo.batchGetItem(b -> b.requestItems(current)));
            items.addAll(response.responses().getOrDefault(table, List.of()));
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            if (!request.isEmpty()) {
                if (attempt >= 8) {
                    throw new StoreUnavailableException(new IllegalStateException("unprocessed keys"));
                }
                try {
                    Thread.sleep(10L << attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException(e);
                }
            }
        }
        return items;
    }

    @Override
    public Optional<Reference> referenceOf(String storyId) {
        return referenceOf(dynamo, table, storyId);
    }

    /** A story's reference by the id partners know it by: one Query of GSI2 (keys only). */
    static Optional<Reference> referenceOf(DynamoDbClient dynamo, String table, String storyId) {
        var response = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                .tableName(table)
                .indexName(Table.GSI2)
                .keyConditionExpression("GSI2PK = :id")
                .expressionAttributeValues(Map.of(":id", s(Table.storyIdPk(storyId))))
                .limit(1)
                .build()));
        return response.items().stream().findFirst()
                .map(item -> Dynamo.requireString(item, Table.PK))
                .flatMap(Table::referenceFromPk);
    }

    /**
     * One Query of the resident's GSI1 partition, from the story before {@code before} backwards. The key
     * condition takes the whole second {@code before} falls in (a time on the whole second is written
     * without a fraction, so it sorts after the same second's others); the ones not strictly before it
     * are dropped here, and the Query goes on only if that left fewer than {@code max}.
     */
    @Override
    public List<ResidentStory> residentStories(String residentKey, Instant before, int max) {
        List<ResidentStory> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var response = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                    .tableName(table)
                    .indexName(Table.GSI1)
                    .keyConditionExpression("GSI1PK = :rk AND GSI1SK < :below")
                    .expressionAttributeValues(Map.of(":rk", s(Table.residentPk(residentKey)),
                            ":below", s(Table.historySkAfterSecondOf(before))))
                    .scanIndexForward(false)
                    .limit(max - out.size() + HISTORY_SLACK)
                    .exclusiveStartKey(from)
                    .build()));
            for (Map<String, AttributeValue> item : response.items()) {
                Optional<Reference> reference = Table.referenceFromPk(Dynamo.requireString(item, Table.PK));
                Instant receivedAt = Table.receivedAtOfHistorySk(Dynamo.requireString(item, Table.GSI1SK));
                if (reference.isPresent() && receivedAt.isBefore(before) && out.size() < max) {
                    out.add(new ResidentStory(reference.get(), receivedAt));
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null && out.size() < max);
        return out;
    }

    @Override
    public AddResult addResponse(NewResponse response) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(storyNotErased(response.reference()));
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(responseItem(response))
                .conditionExpression("attribute_not_exists(PK)").build()).build());
        response.claim().ifPresent(claim -> items.add(IdempotencyItems.claim(table,
                claimItem(claim, response), response.at())));
        try {
            Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(items)));
            return new Added();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (Dynamo.failedCheck(reasons, 0)) {
                return new StoryErased();
            }
            if (Dynamo.failedCheck(reasons, CLAIM_INDEX)) {
                return claimFrom(reasons.get(CLAIM_INDEX).item(), response.claim().orElseThrow());
            }
            // TransactionConflict, or (at odds of 2^-96) a response id taken at the same millisecond.
            return new Contended();
        }
    }

    /**
     * The story exists and is not erased, checked in the response's own transaction: erasure writes
     * the tombstone first, so a response either lands before it (and erasure deletes it) or not at all.
     */
    private TransactWriteItem storyNotErased(Reference reference) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(Dynamo.key(Table.storyPk(reference), Table.STORY_SK))
                .conditionExpression("attribute_exists(PK) AND #status <> :erased")
                .expressionAttributeNames(Map.of("#status", StoryItems.STATUS))
                .expressionAttributeValues(Map.of(":erased", s(Story.Status.ERASED.wire())))
                .build()).build();
    }

    private Map<String, AttributeValue> responseItem(NewResponse response) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Table.PK, s(Table.storyPk(response.reference())));
        item.put(Table.SK, s(Table.responseSk(response.at(), response.responseId())));
        item.put("type", s("response"));
        item.put(ResponseItems.RESPONSE_ID, s(response.responseId()));
        item.put("partnerId", s(response.partner().id()));
        item.put(ResponseItems.PARTNER_NAME, s(response.partner().name()));
        item.put("at", s(response.at().toString()));
        item.put(ResponseItems.TEXT, s(cipher.seal(response.text(), DynamoStoryStore.responseContext(item))));
        return item;
    }

    /** The Idempotency-Key record of a response: which response it stored, and for which partner. */
    private static Map<String, AttributeValue> claimItem(ResponseClaim claim, NewResponse response) {
        Map<String, AttributeValue> item = IdempotencyItems.item(claim.keyHash(), claim.fingerprint(),
                response.reference(), claim.expiresAt());
        item.put(ResponseItems.RESPONSE_ID, s(claim.responseId()));
        item.put("partnerId", s(response.partner().id()));
        item.put("at", s(claim.at().toString()));
        return item;
    }

    /** The claim that holds the key, as the cancelled transaction returned it or as it is now. */
    private AddResult claimFrom(Map<String, AttributeValue> returned, ResponseClaim ours) {
        Map<String, AttributeValue> item = returned == null || returned.isEmpty()
                ? Dynamo.consistentGet(dynamo, table, Table.idempotencyPk(ours.keyHash()), Table.IDEM_SK) : returned;
        if (item.isEmpty() || Dynamo.string(item, ResponseItems.RESPONSE_ID).isEmpty()) {
            return new Contended();
        }
        return new ClaimTaken(new ResponseClaim(ours.keyHash(),
                Dynamo.requireString(item, IdempotencyItems.FINGERPRINT),
                Dynamo.requireString(item, ResponseItems.RESPONSE_ID), Instant.parse(Dynamo.requireString(item, "at")),
                Instant.ofEpochSecond(Dynamo.number(item, Table.TTL))));
    }
}
