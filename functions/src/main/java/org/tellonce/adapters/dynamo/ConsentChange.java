package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.ConsentEvent;
import org.tellonce.core.story.Reference;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The one way a story's consent changes, whoever asks: the resident on the web or the API (guarded by
 * the manage token's hash) or by SMS (guarded by the resident key). The story must still be received;
 * its version goes up, so the fan-out sees the change.
 */
public final class ConsentChange {
    private ConsentChange() {
    }

    /**
     * @param guardAttribute the story item's attribute that must equal {@code guardValue}
     * @param method         how the resident said it, for the story's consent history
     * @return false when the story is gone, erased, or the guard does not match
     */
    static boolean apply(DynamoDbClient dynamo, String table, Reference reference, Consent consent,
                         String guardAttribute, String guardValue, String method) {
        Instant now = Instant.now();
        Map<String, String> names = new HashMap<>(Map.of("#share", StoryItems.SHARE, "#partners", StoryItems.PARTNERS,
                "#version", StoryItems.VERSION, "#status", StoryItems.STATUS, "#guard", guardAttribute,
                "#history", StoryItems.CONSENT_HISTORY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":share", s(consent.share().wire()),
                ":partners", Dynamo.list(consent.partners()), ":one", n(1),
                ":now", s(now.toString()), ":received", s("received"), ":guard", s(guardValue),
                ":none", AttributeValue.fromL(List.of()), ":event", AttributeValue.fromL(List.of(StoryItems.consentEvent(
                        new ConsentEvent(now, consent.share(), consent.partners(), method))))));
        StringBuilder update = new StringBuilder("SET #share = :share, #partners = :partners, "
                + "#version = #version + :one, consentChangedAt = :now, "
                + "#history = list_append(if_not_exists(#history, :none), :event)");
        // In the same write as the consent, so the feed never sees a level that is not yet on record.
        StoryItems.sharedAsValue(consent.share()).ifPresent(level -> {
            update.append(" ADD #sharedAs :level");
            names.put("#sharedAs", StoryItems.SHARED_AS);
            values.put(":level", level);
        });
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.storyPk(reference), Table.STORY_SK))
                    .updateExpression(update.toString())
                    .conditionExpression("#status = :received AND #guard = :guard")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
