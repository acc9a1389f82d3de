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
     * What every consent change writes to the story item, whoever makes it: share and partners, a new
     * version (the fan-out sees it), the entry of the consent history, and — in the same write, so the
     * feed never sees a level that is not yet on record — the identity level it is shared at.
     *
     * @param set    the SET clauses, to which a caller may add its own
     * @param add    the ADD clause, or empty
     */
    record Clauses(StringBuilder set, String add, Map<String, String> names, Map<String, AttributeValue> values) {
        String expression() {
            return set + add;
        }
    }

    static Clauses clauses(Consent consent, String method) {
        Instant now = Instant.now();
        Map<String, String> names = new HashMap<>(Map.of("#share", StoryItems.SHARE, "#partners", StoryItems.PARTNERS,
                "#version", StoryItems.VERSION, "#status", StoryItems.STATUS, "#history", StoryItems.CONSENT_HISTORY));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":share", s(consent.share().wire()),
                ":partners", Dynamo.list(consent.partners()), ":one", n(1), ":now", s(now.toString()),
                ":received", s("received"), ":none", AttributeValue.fromL(List.of()),
                ":event", AttributeValue.fromL(List.of(StoryItems.consentEvent(
                        new ConsentEvent(now, consent.share(), consent.partners(), method))))));
        StringBuilder set = new StringBuilder("SET #share = :share, #partners = :partners, #version = #version + :one, "
                + "consentChangedAt = :now, #history = list_append(if_not_exists(#history, :none), :event)");
        String add = StoryItems.sharedAsValue(consent.share()).map(level -> {
            names.put("#sharedAs", StoryItems.SHARED_AS);
            values.put(":level", level);
            return " ADD #sharedAs :level";
        }).orElse("");
        return new Clauses(set, add, names, values);
    }

    /**
     * @param guardAttribute the story item's attribute that must equal {@code guardValue}
     * @param method         how the resident said it, for the story's consent history
     * @return false when the story is gone, erased, or the guard does not match
     */
    static boolean apply(DynamoDbClient dynamo, String table, Reference reference, Consent consent,
                         String guardAttribute, String guardValue, String method) {
        Clauses change = clauses(consent, method);
        change.names().put("#guard", guardAttribute);
        change.values().put(":guard", s(guardValue));
        try {
            Dynamo.call(() -> dynamo.updateItem(b -> b.tableName(table)
                    .key(Dynamo.key(Table.storyPk(reference), Table.STORY_SK))
                    .updateExpression(change.expression())
                    .conditionExpression("#status = :received AND #guard = :guard")
                    .expressionAttributeNames(change.names())
                    .expressionAttributeValues(change.values())));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
