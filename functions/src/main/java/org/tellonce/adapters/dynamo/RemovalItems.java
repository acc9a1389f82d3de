package org.tellonce.adapters.dynamo;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.webhook.WebhookProducer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A {@code REMOVAL#{partnerId}} item in a story's partition: the partner was told the story was withdrawn
 * from it, and whether it confirmed deleting its copies (SPEC section 14). Ids, names of organisations and
 * times only, so it stays after erasure.
 */
public final class RemovalItems {
    static final String PARTNER_ID = "partnerId";
    static final String PARTNER_NAME = "partnerName";
    static final String STORY_ID = "storyId";
    static final String REASON = "reason";
    static final String WITHDRAWN_AT = "withdrawnAt";
    static final String CONFIRMED_AT = "confirmedAt";
    static final String WITHDRAWN = "withdrawn";
    static final String ERASED = "erased";

    private RemovalItems() {
    }

    static StoredStory.Removal removal(Map<String, AttributeValue> item) {
        return new StoredStory.Removal(Dynamo.requireString(item, PARTNER_ID),
                Dynamo.string(item, PARTNER_NAME).orElse(""), Dynamo.string(item, REASON).orElse(WITHDRAWN),
                Instant.parse(Dynamo.requireString(item, WITHDRAWN_AT)),
                Dynamo.string(item, CONFIRMED_AT).map(Instant::parse));
    }

    /**
     * A withdrawal the stream shows: a removal item inserted, or replaced with a new time (a confirmation
     * changes only {@code confirmedAt} and is no new withdrawal). Empty for every other record.
     */
    public static Optional<WebhookProducer.Withdrawn> withdrawn(Map<String, String> keys, Map<String, String> oldImage,
                                                                Map<String, String> newImage) {
        String sk = keys.getOrDefault(Table.SK, "");
        String at = newImage.get(WITHDRAWN_AT);
        if (!sk.startsWith(Table.REMOVAL_PREFIX) || at == null || at.equals(oldImage.get(WITHDRAWN_AT))
                || !newImage.containsKey(STORY_ID) || !newImage.containsKey(PARTNER_ID)) {
            return Optional.empty();
        }
        Optional<Reference> reference = Table.referenceFromPk(keys.get(Table.PK));
        return reference.map(r -> new WebhookProducer.Withdrawn(r, newImage.get(STORY_ID), newImage.get(PARTNER_ID),
                newImage.getOrDefault(REASON, WITHDRAWN), Instant.parse(at)));
    }
}
