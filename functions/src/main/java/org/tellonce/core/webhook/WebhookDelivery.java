package org.tellonce.core.webhook;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one queued event to its partner's webhook (SPEC section 14): the body {@code {"type","id","at",
 * "data"}}, signed as Standard Webhooks with the partner's secret, to a URL checked again now (a host that
 * resolves to a private, loopback or link-local address is refused before any request). A 2xx ends it;
 * anything else is a failure the queue retries with the same {@code webhook-id}.
 */
public final class WebhookDelivery {

    /** The event's {@code data} as a JSON object, read now; empty when there is nothing to send any more. */
    @FunctionalInterface
    public interface Payloads {
        Optional<String> data(WebhookEvent event);
    }

    /**
     * One POST: no redirect followed, a 10-second limit, at most 64 KiB of the answer read.
     * @return the HTTP status
     * @throws IOException when no answer came (refused, timed out, TLS)
     */
    @FunctionalInterface
    public interface Client {
        int post(URI uri, Map<String, String> headers, String body) throws IOException;
    }

    /** Where each attempt is written down (the log and metrics in AWS; {@code GET /_local/webhooks} locally). */
    @FunctionalInterface
    public interface Attempts {
        void record(Attempt attempt);
    }

    /** What became of one attempt. */
    public enum Result {
        /** The partner answered 2xx. */
        DELIVERED(false),
        /** No answer, or not a 2xx (a redirect included): tried again later. */
        FAILED(true),
        /** The partner has no webhook now. */
        NO_WEBHOOK(false),
        /** The story is no longer the partner's to receive (withdrawn or erased since): not sent. */
        NOTHING_TO_SEND(false),
        /** The URL now points at a private, loopback or link-local address: not sent, not retried. */
        REFUSED(false);

        private final boolean retry;

        Result(boolean retry) {
            this.retry = retry;
        }

        public boolean retry() {
            return retry;
        }
    }

    /** @param url the URL tried (shown only on the local stack), empty when none was tried */
    public record Attempt(String webhookId, String type, String partnerId, String storyId, String url, int attempt,
                          Instant at, Result result, int status) {
    }

    private final WebhookStore webhooks;
    private final Payloads payloads;
    private final WebhookAddress addresses;
    private final Client client;
    private final Attempts attempts;
    private final Clock clock;

    public WebhookDelivery(WebhookStore webhooks, Payloads payloads, WebhookAddress addresses, Client client,
                           Attempts attempts, Clock clock) {
        this.webhooks = webhooks;
        this.payloads = payloads;
        this.addresses = addresses;
        this.client = client;
        this.attempts = attempts;
        this.clock = clock;
    }

    /** @param attempt 1 for the first delivery, then 2, 3 … */
    public Result deliver(WebhookEvent event, int attempt) {
        Optional<WebhookStore.Registration> webhook = webhooks.find(event.partnerId());
        if (webhook.isEmpty()) {
            return record(event, "", attempt, Result.NO_WEBHOOK, 0);
        }
        String url = webhook.get().url();
        URI uri;
        try {
            uri = addresses.check(url);
        } catch (WebhookAddress.RefusedException e) {
            // A name that does not resolve now may tomorrow: tried again like a failed request. An address
            // inside is refused for good, without a request.
            return record(event, url, attempt, e.lookupFailed() ? Result.FAILED : Result.REFUSED, 0);
        }
        Optional<String> data = payloads.data(event);
        if (data.isEmpty()) {
            return record(event, url, attempt, Result.NOTHING_TO_SEND, 0);
        }
        String body = body(event, data.get());
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put(Signature.ID_HEADER, event.id());
        headers.put(Signature.TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(Signature.SIGNATURE_HEADER, Signature.sign(webhook.get().secret(), event.id(), timestamp, body));
        int status;
        try {
            status = client.post(uri, headers, body);
        } catch (IOException e) {
            return record(event, url, attempt, Result.FAILED, 0);
        }
        return record(event, url, attempt, status >= 200 && status < 300 ? Result.DELIVERED : Result.FAILED, status);
    }

    /** {@code {"type","id","at","data"}}: the wire names and ids need no escaping beyond what JSON strings allow. */
    static String body(WebhookEvent event, String data) {
        return "{\"type\":\"" + event.type().wire() + "\",\"id\":\"" + event.id() + "\",\"at\":\"" + event.at()
                + "\",\"data\":" + data + "}";
    }

    private Result record(WebhookEvent event, String url, int attempt, Result result, int status) {
        attempts.record(new Attempt(event.id(), event.type().wire(), event.partnerId(), event.storyId(), url, attempt,
                clock.instant(), result, status));
        return result;
    }
}
