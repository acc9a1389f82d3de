package org.tellonce.core.webhook;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Partners' webhook URLs and signing secrets (the secret stored sealed). */
public interface WebhookStore {

    /** A partner's webhook. {@code toString} never shows the secret. */
    record Registration(String partnerId, String url, String secret) {
        @Override
        public String toString() {
            return "Registration[partnerId=" + partnerId + "]";
        }
    }

    Optional<Registration> find(String partnerId);

    /** The partners that have a webhook (read on every batch of stream records: ids only). */
    Set<String> registered();

    /** Sets or replaces the partner's webhook. */
    void put(Registration registration, Instant at);

    /** @return whether there was a webhook to remove */
    boolean remove(String partnerId);
}
