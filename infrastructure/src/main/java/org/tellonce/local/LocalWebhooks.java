package org.tellonce.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import org.tellonce.core.webhook.WebhookDelivery;

/**
 * {@code GET /_local/webhooks}: every delivery attempt the local stack made, oldest first
 * ({@code [{"webhookId","type","partnerId","storyId","url","attempt","at","result","status"}]}).
 */
public final class LocalWebhooks implements WebhookDelivery.Attempts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<WebhookDelivery.Attempt> attempts = new ArrayList<>();

    @Override
    public synchronized void record(WebhookDelivery.Attempt attempt) {
        attempts.add(attempt);
    }

    public synchronized List<WebhookDelivery.Attempt> attempts() {
        return List.copyOf(attempts);
    }

    LocalApiServer.LocalReply route(String method, String query, byte[] body) {
        ArrayNode out = JSON.createArrayNode();
        for (WebhookDelivery.Attempt a : attempts()) {
            out.addObject().put("webhookId", a.webhookId()).put("type", a.type()).put("partnerId", a.partnerId())
                    .put("storyId", a.storyId()).put("url", a.url()).put("attempt", a.attempt())
                    .put("at", a.at().toString()).put("result", a.result().name().toLowerCase(java.util.Locale.ROOT))
                    .put("status", a.status());
        }
        return new LocalApiServer.LocalReply(200, "application/json", out.toString());
    }
}
