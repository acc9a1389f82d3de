package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.outcome.Outcome;
import org.tellonce.core.outcome.OutcomeStore;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Story;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Outcomes over the single table: one item for the public list, one link per story, one transaction. */
public final class DynamoOutcomeStore implements OutcomeStore {
    /** The outcome, then its Idempotency-Key claim, then per story its check and its link. */
    private static final int CLAIM_INDEX = 1;

    private final DynamoDbClient dynamo;
    private final String table;
    private final java.util.function.Supplier<FieldCipher> cipher;

    /** @param cipher opens the stories an outcome links; the public list never needs it (nor its secret) */
    public DynamoOutcomeStore(DynamoDbClient dynamo, String table, java.util.function.Supplier<FieldCipher> cipher) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
    }

    @Override
    public Map<String, Candidate> candidates(Collection<String> storyIds, String partnerId) {
        DynamoFeedStore feed = new DynamoFeedStore(dynamo, table, cipher.get());
        Map<Reference, String> ids = new HashMap<>();
        for (String storyId : new LinkedHashSet<>(storyIds)) {
            if (storyId.matches("[0-9a-f-]{36}")) {
                feed.referenceOf(storyId).ifPresent(reference -> ids.put(reference, storyId));
            }
        }
        Map<String, Candidate> out = new HashMap<>();
        Map<Reference, Long> versions = new HashMap<>();
        feed.held(ids.keySet(), partnerId, versions).forEach((reference, held) -> out.put(ids.get(reference),
                new Candidate(held.story(), held.sharedWithPartner(), versions.getOrDefault(reference, 0L))));
        return out;
    }

    @Override
    public AddResult add(NewOutcome outcome) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(OutcomeItems.published(outcome))
                .conditionExpression("attribute_not_exists(PK)").build()).build());
        outcome.claim().ifPresent(claim -> items.add(IdempotencyItems.claim(table, claimItem(claim, outcome),
                outcome.at())));
        for (Link link : outcome.links()) {
            items.add(storyAsRead(link));
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(OutcomeItems.link(outcome, link.reference()))
                    .conditionExpression("attribute_not_exists(PK)").build()).build());
        }
        try {
            Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(items)));
            return new Added();
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (outcome.claim().isPresent() && Dynamo.failedCheck(reasons, CLAIM_INDEX)) {
                Map<String, AttributeValue> returned = reasons.get(CLAIM_INDEX).item();
                Optional<Claim> existing = returned == null || returned.isEmpty()
                        ? claim(outcome.claim().get().keyHash(), outcome.at()) : claimFrom(returned);
                return existing.<AddResult>map(ClaimTaken::new).orElseGet(Contended::new);
            }
            int first = outcome.claim().isPresent() ? 2 : 1;
            for (int i = first; i < items.size(); i += 2) {
                if (Dynamo.failedCheck(reasons, i)) {
                    return new StoryChanged();
                }
            }
            return new Contended();
        }
    }

    /**
     * The story is as it was read: not erased, its version unchanged (a consent change, an erasure or a
     * moderator's decision moves it), so the partner it was shared with still holds it.
     */
    private TransactWriteItem storyAsRead(Link link) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                .key(Dynamo.key(Table.storyPk(link.reference()), Table.STORY_SK))
                .conditionExpression("attribute_exists(PK) AND #status = :received AND #version = :version")
                .expressionAttributeNames(Map.of("#status", StoryItems.STATUS, "#version", StoryItems.VERSION))
                .expressionAttributeValues(Map.of(":received", s(Story.Status.RECEIVED.wire()),
                        ":version", n(link.version())))
                .build()).build();
    }

    private static Map<String, AttributeValue> claimItem(Claim claim, NewOutcome outcome) {
        // The record names a story (every key record does): the first one linked.
        Map<String, AttributeValue> item = IdempotencyItems.item(claim.keyHash(), claim.fingerprint(),
                outcome.links().get(0).reference(), claim.expiresAt());
        item.put(OutcomeItems.OUTCOME_ID, s(claim.outcomeId()));
        item.put(OutcomeItems.PARTNER_ID, s(outcome.partner().id()));
        return item;
    }

    @Override
    public Optional<Claim> claim(String keyHash, Instant now) {
        Map<String, AttributeValue> item = Dynamo.consistentGet(dynamo, table, Table.idempotencyPk(keyHash),
                Table.IDEM_SK);
        if (item.isEmpty() || Dynamo.number(item, Table.TTL) < now.getEpochSecond()) {
            return Optional.empty();
        }
        return claimFrom(item);
    }

    private static Optional<Claim> claimFrom(Map<String, AttributeValue> item) {
        Optional<String> outcomeId = Dynamo.string(item, OutcomeItems.OUTCOME_ID);
        if (outcomeId.isEmpty()) {
            // The key's record is another writer's (a story's, a response's): not an outcome to replay.
            return Optional.of(new Claim(Table.keyHashFromIdempotencyPk(Dynamo.requireString(item, Table.PK)), "", "",
                    Instant.ofEpochSecond(Dynamo.number(item, Table.TTL))));
        }
        return Optional.of(new Claim(Table.keyHashFromIdempotencyPk(Dynamo.requireString(item, Table.PK)),
                Dynamo.requireString(item, IdempotencyItems.FINGERPRINT), outcomeId.get(),
                Instant.ofEpochSecond(Dynamo.number(item, Table.TTL))));
    }

    @Override
    public OutcomePage published(Optional<String> after, int max) {
        if (after.isPresent() && !Table.isOutcomeSk(after.get())) {
            throw new IllegalArgumentException("not an outcome page");
        }
        QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                .keyConditionExpression(after.isPresent() ? "PK = :pk AND SK < :after" : "PK = :pk")
                .scanIndexForward(false)
                .limit(max);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(Table.OUTCOMES_PK));
        after.ifPresent(sk -> values.put(":after", s(sk)));
        query.expressionAttributeValues(values);
        QueryResponse page = Dynamo.call(() -> dynamo.query(query.build()));
        List<Outcome> outcomes = new ArrayList<>();
        String last = null;
        for (Map<String, AttributeValue> item : page.items()) {
            outcomes.add(OutcomeItems.outcome(item));
            last = Dynamo.requireString(item, Table.SK);
        }
        boolean more = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() && last != null;
        return new OutcomePage(outcomes, more ? Optional.of(last) : Optional.empty());
    }
}
