package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.outcome.Outcome;
import org.tellonce.core.outcome.OutcomeStore;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The outcome items (SPEC section 13): the one in {@code OUTCOMES} the public list reads, and the link in
 * each story's partition ({@code OUTCOME#{at}#{id}}) the story page reads and the stream tells the resident
 * of. The words are public, so they are not sealed.
 */
public final class OutcomeItems {
    static final String OUTCOME_ID = "outcomeId";
    static final String PARTNER_ID = "partnerId";
    static final String PARTNER_NAME = "partnerName";
    static final String TITLE = "title";
    static final String TEXT = "text";
    static final String AT = "at";
    static final String STORIES = "stories";

    /** A link as the stream shows it: which story, which outcome, from whom and its title. */
    public record Linked(Reference reference, String outcomeId, String partnerName, String title) {
    }

    private OutcomeItems() {
    }

    static Map<String, AttributeValue> published(OutcomeStore.NewOutcome outcome) {
        Map<String, AttributeValue> item = common(outcome);
        item.put(Table.PK, s(Table.OUTCOMES_PK));
        item.put(Table.SK, s(Table.outcomeSk(outcome.at(), outcome.outcomeId())));
        item.put(StoryItems.TYPE, s("outcome"));
        item.put(STORIES, n(outcome.links().size()));
        return item;
    }

    static Map<String, AttributeValue> link(OutcomeStore.NewOutcome outcome, Reference reference) {
        Map<String, AttributeValue> item = common(outcome);
        item.put(Table.PK, s(Table.storyPk(reference)));
        item.put(Table.SK, s(Table.outcomeLinkSk(outcome.at(), outcome.outcomeId())));
        item.put(StoryItems.TYPE, s("outcomeLink"));
        return item;
    }

    private static Map<String, AttributeValue> common(OutcomeStore.NewOutcome outcome) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(OUTCOME_ID, s(outcome.outcomeId()));
        item.put(PARTNER_ID, s(outcome.partner().id()));
        item.put(PARTNER_NAME, s(outcome.partner().name()));
        item.put(TITLE, s(outcome.title()));
        item.put(TEXT, s(outcome.text()));
        item.put(AT, s(outcome.at().toString()));
        return item;
    }

    static Outcome outcome(Map<String, AttributeValue> item) {
        return new Outcome(Dynamo.requireString(item, OUTCOME_ID), Dynamo.requireString(item, PARTNER_ID),
                Dynamo.string(item, PARTNER_NAME).orElse(""), Dynamo.string(item, TITLE).orElse(""),
                Dynamo.string(item, TEXT).orElse(""), Instant.parse(Dynamo.requireString(item, AT)),
                (int) Dynamo.number(item, STORIES));
    }

    static StoredStory.OutcomeLink storyLink(Map<String, AttributeValue> item) {
        return new StoredStory.OutcomeLink(Dynamo.requireString(item, OUTCOME_ID), Dynamo.requireString(item, PARTNER_ID),
                Dynamo.string(item, PARTNER_NAME).orElse(""), Dynamo.string(item, TITLE).orElse(""),
                Dynamo.string(item, TEXT).orElse(""), Instant.parse(Dynamo.requireString(item, AT)));
    }

    /** A link item just inserted, as the table's stream shows it (its string attributes); empty for any other item. */
    public static Optional<Linked> fromImage(Map<String, String> image) {
        String sk = image.getOrDefault(Table.SK, "");
        if (!sk.startsWith(Table.OUTCOME_PREFIX) || !image.containsKey(OUTCOME_ID)) {
            return Optional.empty();
        }
        return Table.referenceFromPk(image.get(Table.PK)).map(reference -> new Linked(reference,
                image.get(OUTCOME_ID), image.getOrDefault(PARTNER_NAME, ""), image.getOrDefault(TITLE, "")));
    }
}
