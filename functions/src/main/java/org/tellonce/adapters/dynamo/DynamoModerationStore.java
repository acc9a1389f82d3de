package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tellonce.core.StoreUnavailableException;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.moderators.ModerationStore;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Story;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The moderation queue is GSI3 (keys only, {@code GSI3PK = MODERATION}, sorted flagged first then
 * oldest): a page is one query and one batch read of the story items. A decision is one conditional
 * update that sets the review and takes the story out of the queue together.
 */
public final class DynamoModerationStore implements ModerationStore {
    private static final int ATTEMPTS = 8;
    /** After every flagged key ("0#…") and before every other ("1#…"). */
    private static final String FLAGGED_END = "0$";
    private static final Pattern QUEUE_KEY = Pattern.compile("[01]#[0-9T:.Z-]{1,40}#[A-Z0-9-]{1,40}");

    private final DynamoDbClient dynamo;
    private final String table;
    private final FieldCipher cipher;

    public DynamoModerationStore(DynamoDbClient dynamo, String table, FieldCipher cipher) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
    }

    @Override
    public Page queue(boolean flaggedOnly, Optional<Cursor> cursor, int max) {
        boolean forward = cursor.map(Cursor::after).orElse(true);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(Table.MODERATION_PK));
        String range;
        if (cursor.isEmpty()) {
            range = flaggedOnly ? " AND GSI3SK < :end" : "";
        } else if (forward) {
            // The smallest key after the cursor's: a space sorts before every character a key holds.
            values.put(":from", s(cursor.get().key() + " "));
            range = " AND GSI3SK BETWEEN :from AND :end";
        } else {
            values.put(":before", s(cursor.get().key()));
            range = " AND GSI3SK < :before";
        }
        if (range.contains(":end")) {
            values.put(":end", s(flaggedOnly ? FLAGGED_END : "2"));
        }
        QueryResponse response = Dynamo.call(() -> dynamo.query(QueryRequest.builder()
                .tableName(table)
                .indexName(Table.GSI3)
                .keyConditionExpression("GSI3PK = :pk" + range)
                .expressionAttributeValues(values)
                .scanIndexForward(forward)
                .limit(max + 1)
                .build()));
        List<String> keys = new ArrayList<>(response.items().stream()
                .map(k -> Dynamo.requireString(k, Table.GSI3SK))
                .filter(k -> !flaggedOnly || k.startsWith("0#"))
                .toList());
        boolean more = keys.size() > max;
        if (more) {
            keys = new ArrayList<>(keys.subList(0, max));
        }
        if (!forward) {
            Collections.reverse(keys);
        }
        Optional<Cursor> previous;
        Optional<Cursor> next;
        if (keys.isEmpty()) {
            previous = Optional.empty();
            next = Optional.empty();
        } else if (forward) {
            previous = cursor.isPresent() ? Optional.of(new Cursor(false, keys.get(0))) : Optional.empty();
            next = more ? Optional.of(new Cursor(true, keys.get(keys.size() - 1))) : Optional.empty();
        } else {
            previous = more ? Optional.of(new Cursor(false, keys.get(0))) : Optional.empty();
            next = Optional.of(new Cursor(true, keys.get(keys.size() - 1)));
        }
        return new Page(stories(keys), previous, next);
    }

    /** The story items of these queue keys, in their order; one gone or decided meanwhile is left out. */
    private List<Story> stories(List<String> queueKeys) {
        List<Reference> references = queueKeys.stream()
                .flatMap(k -> Table.referenceFromModerationSk(k).stream()).toList();
        if (references.isEmpty()) {
            return List.of();
        }
        List<Map<String, AttributeValue>> keys = references.stream()
                .map(r -> Dynamo.key(Table.storyPk(r), Table.STORY_SK)).toList();
        Map<String, Map<String, AttributeValue>> byPk = new HashMap<>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
        for (int attempt = 0; !request.isEmpty(); attempt++) {
            if (attempt >= ATTEMPTS) {
                throw new StoreUnavailableException(new IllegalStateException("queue stories unprocessed"));
            }
            Map<String, KeysAndAttributes> current = request;
            BatchGetItemResponse got = Dynamo.call(() -> dynamo.batchGetItem(b -> b.requestItems(current)));
            got.responses().getOrDefault(table, List.of())
                    .forEach(item -> byPk.put(Dynamo.requireString(item, Table.PK), item));
            request = got.hasUnprocessedKeys() ? got.unprocessedKeys() : Map.of();
        }
        List<Story> stories = new ArrayList<>();
        for (Reference reference : references) {
            Map<String, AttributeValue> item = byPk.get(Table.storyPk(reference));
            if (item != null) {
                Story story = StoryItems.fromItem(item, cipher);
                if (story.review().state() == Review.State.HELD && story.status() == Story.Status.RECEIVED) {
                    stories.add(story);
                }
            }
        }
        return stories;
    }

    @Override
    public Cursor cursor(String text) {
        if (text == null || text.length() < 3 || text.charAt(1) != '.' || "ab".indexOf(text.charAt(0)) < 0) {
            throw new IllegalArgumentException("not a queue cursor");
        }
        String key;
        try {
            key = new String(Base64.getUrlDecoder().decode(text.substring(2)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a queue cursor", e);
        }
        if (!QUEUE_KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a queue cursor");
        }
        return new Cursor(text.charAt(0) == 'a', key);
    }

    @Override
    public String cursorText(Cursor cursor) {
        return (cursor.after() ? "a." : "b.") + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(cursor.key().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<Story> story(Reference reference) {
        Map<String, AttributeValue> item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(Dynamo.key(Table.storyPk(reference), Table.STORY_SK)).consistentRead(true))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(StoryItems.fromItem(item, cipher));
    }

    @Override
    public Optional<Reference> referenceOf(String storyId) {
        return DynamoFeedStore.referenceOf(dynamo, table, storyId);
    }

    @Override
    public Written decide(Reference reference, Review decided) {
        String pk = Table.storyPk(reference);
        Map<String, String> names = new HashMap<>(Map.of("#review", StoryItems.REVIEW, "#status", StoryItems.STATUS,
                "#decidedAt", StoryItems.DECIDED_AT, "#qpk", Table.GSI3PK, "#qsk", Table.GSI3SK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":state", s(decided.state().wire()),
                ":held", s(Review.State.HELD.wire()), ":received", s(Story.Status.RECEIVED.wire()),
                ":at", s(decided.decidedAt().orElseThrow().toString())));
        StringBuilder set = new StringBuilder("SET #review = :state, #decidedAt = :at");
        decided.sharedText().ifPresent(text -> {
            names.put("#sharedText", StoryItems.SHARED_TEXT);
            values.put(":sharedText", s(cipher.seal(text, StoryItems.fieldContext(pk, StoryItems.SHARED_TEXT))));
            set.append(", #sharedText = :sharedText");
        });
        decided.reason().ifPresent(reason -> {
            names.put("#reason", StoryItems.REVIEW_REASON);
            values.put(":reason", s(cipher.seal(reason, StoryItems.fieldContext(pk, StoryItems.REVIEW_REASON))));
            set.append(", #reason = :reason");
        });
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(pk, Table.STORY_SK))
                    .updateExpression(set + " REMOVE #qpk, #qsk")
                    .conditionExpression("#review = :held AND #status = :received")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)));
            return Written.DECIDED;
        } catch (ConditionalCheckFailedException e) {
            return Written.NOT_HELD;
        }
    }
}
