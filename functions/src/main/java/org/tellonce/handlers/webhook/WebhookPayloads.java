package org.tellonce.handlers.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.tellonce.core.access.AccessRecorder;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Reference;
import org.tellonce.core.webhook.WebhookDelivery;
import org.tellonce.core.webhook.WebhookEvent;
import org.tellonce.handlers.partner.FeedJson;
import org.tellonce.http.Json;

/**
 * Each event's {@code data}, read at delivery from the story as it is then (SPEC section 14):
 * {@code story.shared} is the item {@code GET /partner/stories/{storyId}} answers (and logged as read, as
 * that route does); {@code story.withdrawn} only ids and the reason; {@code response.created} and
 * {@code outcome.created} the response or outcome on a story the partner still holds. A story the partner
 * no longer holds gives nothing to send.
 */
final class WebhookPayloads implements WebhookDelivery.Payloads {
    private final PartnerStore partners;
    private final FeedService feed;
    private final java.util.function.Function<Reference, Optional<StoredStory>> stories;
    private final AccessRecorder access;

    WebhookPayloads(PartnerStore partners, FeedService feed,
                    java.util.function.Function<Reference, Optional<StoredStory>> stories, AccessRecorder access) {
        this.partners = partners;
        this.feed = feed;
        this.stories = stories;
        this.access = access;
    }

    @Override
    public Optional<String> data(WebhookEvent event) {
        if (event.type() == WebhookEvent.Type.STORY_WITHDRAWN) {
            ObjectNode data = ids(event);
            data.put("reason", event.detail());
            return Optional.of(Json.write(data));
        }
        Optional<Partner> partner = partners.find(event.partnerId());
        if (partner.isEmpty() || !partner.get().enabled()) {
            return Optional.empty();
        }
        if (event.type() == WebhookEvent.Type.STORY_SHARED) {
            Optional<FeedItem> item = feed.one(partner.get(), event.storyId());
            // Logged before the text leaves, as GET /partner/stories/{storyId} does.
            item.ifPresent(i -> access.record(new Actor.ApiKey(partner.get()), Action.READ_STORY, i.reference()));
            return item.map(FeedJson::one);
        }
        if (!feed.isShared(partner.get(), event.storyId())) {
            return Optional.empty();
        }
        Optional<StoredStory> story = Optional.of(event.reference()).flatMap(Reference::parse).flatMap(stories);
        if (story.isEmpty()) {
            return Optional.empty();
        }
        String[] by = event.detail().split("/", 2);
        if (by.length < 2) {
            return Optional.empty();
        }
        ObjectNode data = ids(event);
        if (event.type() == WebhookEvent.Type.RESPONSE_CREATED) {
            Optional<StoredStory.PartnerResponse> response = story.get().responses().stream()
                    .filter(r -> r.partnerId().equals(by[0]) && r.at().equals(event.at())).findFirst();
            if (response.isEmpty()) {
                return Optional.empty();
            }
            data.put("responseId", by[1]);
            partner(data, by[0], response.get().name());
            data.put("text", response.get().text());
            data.put("at", response.get().at().toString());
            return Optional.of(Json.write(data));
        }
        Optional<StoredStory.OutcomeLink> outcome = story.get().outcomes().stream()
                .filter(o -> o.outcomeId().equals(by[1])).findFirst();
        if (outcome.isEmpty()) {
            return Optional.empty();
        }
        data.put("outcomeId", outcome.get().outcomeId());
        partner(data, outcome.get().partnerId(), outcome.get().partnerName());
        data.put("title", outcome.get().title());
        data.put("text", outcome.get().text());
        data.put("at", outcome.get().at().toString());
        return Optional.of(Json.write(data));
    }

    private static ObjectNode ids(WebhookEvent event) {
        ObjectNode data = Json.object();
        data.put("storyId", event.storyId());
        data.put("reference", event.reference());
        return data;
    }

    private static void partner(ObjectNode data, String id, String name) {
        ObjectNode partner = data.putObject("partner");
        partner.put("id", id);
        partner.put("name", name);
    }
}
