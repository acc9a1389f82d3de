package org.tellonce.adapters.dynamo;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.story.Reference;
import org.tellonce.core.webhook.WebhookProducer;

/**
 * What a stream record means for webhooks (SPEC section 14), read from its keys and string attributes:
 * a feed entry inserted as shared, a removal recorded, a response or an outcome link inserted.
 */
public final class WebhookChanges {
    private WebhookChanges() {
    }

    /** @param inserted the new image of an INSERT (empty for other changes) */
    public static Optional<WebhookProducer.Change> of(Map<String, String> keys, Map<String, String> inserted,
                                                      Map<String, String> oldImage, Map<String, String> newImage) {
        String pk = keys.getOrDefault(Table.PK, "");
        String sk = keys.getOrDefault(Table.SK, "");
        if (pk.startsWith("FEED#")) {
            return shared(pk, sk, inserted);
        }
        Optional<Reference> reference = Table.referenceFromPk(pk);
        if (reference.isEmpty()) {
            return Optional.empty();
        }
        if (sk.startsWith(Table.REMOVAL_PREFIX)) {
            return RemovalItems.withdrawn(keys, oldImage, newImage).map(w -> w);
        }
        if (sk.startsWith(Table.RESPONSE_PREFIX) && inserted.containsKey(ResponseItems.RESPONSE_ID)
                && inserted.containsKey("partnerId") && inserted.containsKey("at")) {
            return Optional.of(new WebhookProducer.Responded(reference.get(), inserted.get(ResponseItems.RESPONSE_ID),
                    inserted.get("partnerId"), inserted.getOrDefault(ResponseItems.PARTNER_NAME, ""),
                    Instant.parse(inserted.get("at"))));
        }
        if (sk.startsWith(Table.OUTCOME_PREFIX) && inserted.containsKey(OutcomeItems.OUTCOME_ID)
                && inserted.containsKey(OutcomeItems.AT)) {
            return Optional.of(new WebhookProducer.OutcomeLinked(reference.get(), inserted.get(OutcomeItems.OUTCOME_ID),
                    inserted.getOrDefault(OutcomeItems.PARTNER_ID, ""), inserted.getOrDefault(OutcomeItems.PARTNER_NAME, ""),
                    Instant.parse(inserted.get(OutcomeItems.AT))));
        }
        return Optional.empty();
    }

    /** A feed entry inserted as {@code shared} (a redelivered share writes {@code skip}: no event). */
    private static Optional<WebhookProducer.Change> shared(String pk, String sk, Map<String, String> inserted) {
        if (!DynamoShareStore.SHARED.equals(inserted.get(DynamoShareStore.STATE)) || !inserted.containsKey("storyId")) {
            return Optional.empty();
        }
        Optional<Reference> reference = Reference.parse(inserted.getOrDefault("reference", ""));
        String partnerId = pk.substring("FEED#".length());
        return reference.map(r -> new WebhookProducer.Shared(r, inserted.get("storyId"), partnerId, sk,
                Instant.parse(inserted.getOrDefault(DynamoShareStore.SHARED_AT, Instant.EPOCH.toString()))));
    }
}
