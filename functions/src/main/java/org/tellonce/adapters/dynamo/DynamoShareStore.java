package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.sharing.ShareStore;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.telemetry.Log;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A share is two pointers written together: a marker in the story's partition (who holds the
 * story) and an entry in the partner's feed at the next sequence number (share order). Neither
 * copies the text.
 */
public final class DynamoShareStore implements ShareStore {
    public static final String STATE = "state";
    public static final String SHARED = "shared";
    public static final String REMOVED = "removed";
    /** A sequence number whose share turned out to exist already: nothing to deliver. */
    public static final String SKIP = "skip";
    public static final String SEQ = "seq";
    public static final String SHARED_AT = "sharedAt";

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoStoryStore stories;

    public DynamoShareStore(DynamoDbClient dynamo, String table, org.tellonce.core.crypto.FieldCipher cipher) {
        this(dynamo, table, new DynamoStoryStore(dynamo, table, cipher));
    }

    private DynamoShareStore(DynamoDbClient dynamo, String table, DynamoStoryStore stories) {
        this.dynamo = dynamo;
        this.table = table;
        this.stories = stories;
    }

    @Override
    public Optional<StoredStory> story(Reference reference) {
        return stories.load(reference);
    }

    @Override
    public boolean share(StoredStory stored, Partner partner, Instant at) {
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        long seq = nextSeq(partner.id());
        Map<String, AttributeValue> marker = marker(stored.story().reference(), partner, seq, now);
        Map<String, AttributeValue> entry = sharedEntry(stored.story(), partner.id(), seq, now);
        try {
            Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(marker)
                            .conditionExpression("attribute_not_exists(PK)").build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(entry)
                            .conditionExpression("attribute_not_exists(PK)").build()).build())));
            return true;
        } catch (TransactionCanceledException e) {
            boolean markerExists = e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code());
            if (!markerExists) {
                // A conflict or anything else: not shared. Fail the record so the stream retries it.
                throw new IllegalStateException("The share could not be written (" + Log.describe(e) + ")");
            }
            // Shared already (a redelivery): fill the sequence number so readers need not wait for it.
            try {
                Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(feedEntry(partner.id(), seq, now, SKIP))
                        .conditionExpression("attribute_not_exists(PK)")));
            } catch (ConditionalCheckFailedException ignored) {
                // Filled already.
            }
            return false;
        }
    }

    @Override
    public boolean hold(Reference reference, Instant at) {
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.storyPk(reference), Table.STORY_SK))
                    .updateExpression("SET #review = :held, #heldAt = :now, #qpk = :qpk, #qsk = :qsk")
                    .conditionExpression("attribute_exists(PK) AND attribute_not_exists(#review) AND #status = :received")
                    .expressionAttributeNames(Map.of("#review", StoryItems.REVIEW, "#heldAt", StoryItems.HELD_AT,
                            "#qpk", Table.GSI3PK, "#qsk", Table.GSI3SK, "#status", StoryItems.STATUS))
                    .expressionAttributeValues(Map.of(":held", s(org.tellonce.core.story.Review.State.HELD.wire()),
                            ":now", s(now.toString()), ":qpk", s(Table.MODERATION_PK),
                            ":qsk", s(Table.moderationSk(false, now, reference)),
                            ":received", s(org.tellonce.core.story.Story.Status.RECEIVED.wire())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            // Reviewed, held or erased since it was read: the next pass works from what it is now.
            return false;
        }
    }

    @Override
    public boolean unshare(Reference reference, String partnerId) {
        return remove(reference, partnerId, Optional.empty());
    }

    /**
     * Removes the share and, in the same transaction, records the partner as told (a {@code REMOVAL#} item
     * whose stream record is {@code story.withdrawn}); a later withdrawal after a re-share replaces it, so
     * the partner is told again and confirms again.
     */
    @Override
    public boolean withdraw(StoredStory story, String partnerId) {
        Reference reference = story.story().reference();
        Map<String, AttributeValue> removal = new HashMap<>();
        removal.put(Table.PK, s(Table.storyPk(reference)));
        removal.put(Table.SK, s(Table.removalSk(partnerId)));
        removal.put("type", s("removal"));
        removal.put(RemovalItems.PARTNER_ID, s(partnerId));
        removal.put(RemovalItems.STORY_ID, s(story.story().storyId()));
        removal.put(RemovalItems.REASON, s(story.story().status() == org.tellonce.core.story.Story.Status.ERASED
                ? RemovalItems.ERASED : RemovalItems.WITHDRAWN));
        removal.put(RemovalItems.WITHDRAWN_AT, s(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString()));
        story.sharedWith().stream().filter(w -> w.partnerId().equals(partnerId)).findFirst()
                .ifPresent(w -> removal.put(RemovalItems.PARTNER_NAME, s(w.name())));
        return remove(reference, partnerId, Optional.of(removal));
    }

    private boolean remove(Reference reference, String partnerId, Optional<Map<String, AttributeValue>> removal) {
        var marker = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.storyPk(reference), Table.shareSk(partnerId))).consistentRead(true))).item();
        if (marker == null || marker.isEmpty()) {
            return false;
        }
        long seq = Dynamo.number(marker, SEQ);
        java.util.List<TransactWriteItem> items = new java.util.ArrayList<>();
        items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(Dynamo.key(Table.storyPk(reference), Table.shareSk(partnerId)))
                .conditionExpression("attribute_exists(PK) AND seq = :seq")
                .expressionAttributeValues(Map.of(":seq", n(seq))).build()).build());
        items.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Dynamo.key(Table.feedPk(partnerId), Table.feedSk(seq)))
                // The entry stays as a content-free marker so feed readers do not wait for a gap.
                .updateExpression("SET #state = :removed REMOVE #ref, #sid")
                .expressionAttributeNames(Map.of("#state", STATE, "#ref", "reference", "#sid", "storyId"))
                .expressionAttributeValues(Map.of(":removed", s(REMOVED)))
                .build()).build());
        removal.ifPresent(item -> {
            Map<String, AttributeValue> withName = new HashMap<>(item);
            withName.putIfAbsent(RemovalItems.PARTNER_NAME, marker.getOrDefault("partnerName", s("")));
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(withName).build()).build());
        });
        try {
            Dynamo.call(() -> dynamo.transactWriteItems(b -> b.transactItems(items)));
        } catch (TransactionCanceledException e) {
            return false;
        }
        clearLead(reference, partnerId);
        return true;
    }

    /**
     * A partner that no longer holds the story no longer leads it (SPEC section 13). Readers already
     * ignore such a lead; this removes it, only if it is still this partner's.
     */
    private void clearLead(Reference reference, String partnerId) {
        try {
            Dynamo.call(() -> dynamo.deleteItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.storyPk(reference), Table.LEAD_SK))
                    .conditionExpression("#leader = :partner")
                    .expressionAttributeNames(Map.of("#leader", "partnerId"))
                    .expressionAttributeValues(Map.of(":partner", s(partnerId)))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            // Another partner leads, or nobody: nothing to clear.
        }
    }

    private long nextSeq(String partnerId) {
        var response = Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.feedSeqPk(partnerId), Table.SEQ_SK))
                .updateExpression("ADD #seq :one")
                .expressionAttributeNames(Map.of("#seq", SEQ))
                .expressionAttributeValues(Map.of(":one", n(1)))
                .returnValues(ReturnValue.UPDATED_NEW)));
        return Long.parseLong(response.attributes().get(SEQ).n());
    }

    /** The share's marker in the story's partition, as {@link #share} writes it (the benchmark's loader too). */
    public static Map<String, AttributeValue> marker(Reference reference, Partner partner, long seq, Instant now) {
        Map<String, AttributeValue> marker = new HashMap<>();
        marker.put(Table.PK, s(Table.storyPk(reference)));
        marker.put(Table.SK, s(Table.shareSk(partner.id())));
        marker.put("type", s("share"));
        marker.put("partnerId", s(partner.id()));
        marker.put("partnerName", s(partner.name()));
        marker.put(SEQ, n(seq));
        marker.put(SHARED_AT, s(now.toString()));
        return marker;
    }

    /** The story's entry at {@code seq} in the partner's feed, as {@link #share} writes it. */
    public static Map<String, AttributeValue> sharedEntry(org.tellonce.core.story.Story story, String partnerId,
                                                          long seq, Instant now) {
        Map<String, AttributeValue> entry = feedEntry(partnerId, seq, now, SHARED);
        entry.put("reference", s(story.reference().value()));
        entry.put("storyId", s(story.storyId()));
        return entry;
    }

    /** The partner's feed sequence counter standing at {@code seq}, as {@code nextSeq} leaves it. */
    public static Map<String, AttributeValue> sequence(String partnerId, long seq) {
        return new HashMap<>(Map.of(Table.PK, s(Table.feedSeqPk(partnerId)), Table.SK, s(Table.SEQ_SK), SEQ, n(seq)));
    }

    private static Map<String, AttributeValue> feedEntry(String partnerId, long seq, Instant now, String state) {
        Map<String, AttributeValue> entry = new HashMap<>();
        entry.put(Table.PK, s(Table.feedPk(partnerId)));
        entry.put(Table.SK, s(Table.feedSk(seq)));
        entry.put("type", s("feed"));
        entry.put(SEQ, n(seq));
        entry.put(STATE, s(state));
        entry.put(SHARED_AT, s(now.toString()));
        return entry;
    }
}
