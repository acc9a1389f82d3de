package org.tellonce.core.webhook;

import java.time.Instant;
import java.util.Objects;

/**
 * One event for one partner, as it waits in the queue (SPEC section 14). It holds ids, the event's time
 * and, for an outcome, public words only: the story's text, contact and a response's words are read at
 * delivery, from the story as it is then, so the queue never holds personal data and a story withdrawn
 * meanwhile is not sent.
 *
 * @param id        the {@code webhook-id}: the same on every retry and for a redelivered stream record
 * @param detail    {@code story.withdrawn}: the reason (withdrawn, erased); {@code response.created}:
 *                  {@code {responding partner's id}/{responseId}}; {@code outcome.created}:
 *                  {@code {reporting partner's id}/{outcomeId}}; else empty
 * @param name      the responding or reporting partner's name (public); else empty
 */
public record WebhookEvent(Type type, String id, String partnerId, String storyId, String reference, Instant at,
                           String detail, String name) {

    /** The four event types and their wire names. */
    public enum Type {
        STORY_SHARED("story.shared"), STORY_WITHDRAWN("story.withdrawn"), RESPONSE_CREATED("response.created"),
        OUTCOME_CREATED("outcome.created");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static java.util.Optional<Type> fromWire(String wire) {
            for (Type t : values()) {
                if (t.wire.equals(wire)) {
                    return java.util.Optional.of(t);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public WebhookEvent {
        Objects.requireNonNull(type);
        Objects.requireNonNull(id);
        Objects.requireNonNull(partnerId);
        Objects.requireNonNull(storyId);
        Objects.requireNonNull(reference);
        Objects.requireNonNull(at);
        detail = detail == null ? "" : detail;
        name = name == null ? "" : name;
    }

    /**
     * The events of one story for one partner are delivered in order, one at a time; other stories and
     * other partners do not wait behind them (the FIFO queue's message group).
     */
    public String group() {
        return partnerId + "." + storyId;
    }
}
