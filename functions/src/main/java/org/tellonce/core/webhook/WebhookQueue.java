package org.tellonce.core.webhook;

import java.util.List;

/** Where events wait for delivery: in order per {@link WebhookEvent#group()}, a copy of an id dropped. */
public interface WebhookQueue {
    void send(List<WebhookEvent> events);
}
