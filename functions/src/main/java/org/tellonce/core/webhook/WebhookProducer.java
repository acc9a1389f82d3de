package org.tellonce.core.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tellonce.core.story.Reference;

/**
 * Turns what the table's stream shows into the events partners are sent (SPEC section 14): a share into
 * {@code story.shared} for that partner, a withdrawal into {@code story.withdrawn} for the partner that
 * held the story, a response and an outcome into {@code response.created} and {@code outcome.created} for
 * every partner holding the story then. Only partners with a webhook get events.
 */
public final class WebhookProducer {

    /** A change the stream showed. */
    public sealed interface Change permits Shared, Withdrawn, Responded, OutcomeLinked {
        Reference reference();
    }

    /** @param position the share's place in the partner's feed (a re-share after a withdrawal has a new one) */
    public record Shared(Reference reference, String storyId, String partnerId, String position, Instant at)
            implements Change {
    }

    /** @param reason {@code withdrawn} or {@code erased} */
    public record Withdrawn(Reference reference, String storyId, String partnerId, String reason, Instant at)
            implements Change {
    }

    public record Responded(Reference reference, String responseId, String partnerId, String partnerName, Instant at)
            implements Change {
    }

    public record OutcomeLinked(Reference reference, String outcomeId, String partnerId, String partnerName,
                                Instant at) implements Change {
    }

    /** Who holds a story now: its id and the partners it is shared with. */
    public record Holding(String storyId, List<String> partnerIds) {
        public Holding {
            partnerIds = List.copyOf(partnerIds);
        }
    }

    /** Reads who holds a story (one Query of its partition's share markers). */
    @FunctionalInterface
    public interface Holders {
        Optional<Holding> of(Reference reference);
    }

    private final WebhookStore webhooks;
    private final Holders holders;

    public WebhookProducer(WebhookStore webhooks, Holders holders) {
        this.webhooks = webhooks;
        this.holders = holders;
    }

    /** The partners with a webhook: read once per batch of stream records. */
    public Set<String> registered() {
        return webhooks.registered();
    }

    /** The events of one change, for the partners in {@code registered} (from {@link #registered()}). */
    public List<WebhookEvent> events(Change change, Set<String> registered) {
        if (registered.isEmpty()) {
            return List.of();
        }
        String ref = change.reference().value();
        if (change instanceof Shared s) {
            return !registered.contains(s.partnerId()) ? List.of() : List.of(new WebhookEvent(
                    WebhookEvent.Type.STORY_SHARED, WebhookIds.of(WebhookEvent.Type.STORY_SHARED, s.partnerId(),
                    s.storyId(), s.position()), s.partnerId(), s.storyId(), ref, s.at(), "", ""));
        }
        if (change instanceof Withdrawn w) {
            return !registered.contains(w.partnerId()) ? List.of() : List.of(new WebhookEvent(
                    WebhookEvent.Type.STORY_WITHDRAWN, WebhookIds.of(WebhookEvent.Type.STORY_WITHDRAWN, w.partnerId(),
                    w.storyId(), w.at().toString()), w.partnerId(), w.storyId(), ref, w.at(), w.reason(), ""));
        }
        Optional<Holding> holding = holders.of(change.reference());
        if (holding.isEmpty()) {
            return List.of();
        }
        List<WebhookEvent> events = new ArrayList<>();
        for (String partnerId : holding.get().partnerIds()) {
            if (!registered.contains(partnerId)) {
                continue;
            }
            String storyId = holding.get().storyId();
            if (change instanceof Responded r) {
                events.add(new WebhookEvent(WebhookEvent.Type.RESPONSE_CREATED, WebhookIds.of(
                        WebhookEvent.Type.RESPONSE_CREATED, partnerId, storyId, r.responseId()), partnerId, storyId,
                        ref, r.at(), r.partnerId() + "/" + r.responseId(), r.partnerName()));
            } else if (change instanceof OutcomeLinked o) {
                events.add(new WebhookEvent(WebhookEvent.Type.OUTCOME_CREATED, WebhookIds.of(
                        WebhookEvent.Type.OUTCOME_CREATED, partnerId, storyId, o.outcomeId()), partnerId, storyId,
                        ref, o.at(), o.partnerId() + "/" + o.outcomeId(), o.partnerName()));
            }
        }
        return events;
    }
}
