package org.tellonce.core.webhook;

import java.time.Clock;
import java.util.Optional;
import org.tellonce.core.partner.PartnerStore;

/** {@code tellonce partners webhook}: sets a partner's URL with a new secret (shown once), or removes it. */
public final class WebhookAdmin {
    private final WebhookStore store;
    private final PartnerStore partners;
    private final WebhookAddress addresses;
    private final Clock clock;

    public WebhookAdmin(WebhookStore store, PartnerStore partners, WebhookAddress addresses, Clock clock) {
        this.store = store;
        this.partners = partners;
        this.addresses = addresses;
        this.clock = clock;
    }

    /** The URL set and its new secret, which is stored sealed and cannot be shown again. */
    public record Set(String partnerId, String url, String secret) {
        @Override
        public String toString() {
            return "Set[partnerId=" + partnerId + "]";
        }
    }

    /**
     * @param url the URL, or {@code none} to remove the webhook
     * @return the new registration; empty when the webhook was removed
     * @throws IllegalArgumentException for an unknown partner or a refused URL (the message says why)
     */
    public Optional<Set> set(String partnerId, String url) {
        if (partners.find(partnerId).isEmpty()) {
            throw new IllegalArgumentException("No partner " + partnerId);
        }
        if ("none".equals(url)) {
            store.remove(partnerId);
            return Optional.empty();
        }
        String checked;
        try {
            checked = addresses.check(url).toString();
        } catch (WebhookAddress.RefusedException e) {
            throw new IllegalArgumentException("--url refused: " + e.getMessage());
        }
        String secret = WebhookSecret.generate();
        store.put(new WebhookStore.Registration(partnerId, checked, secret), clock.instant());
        return Optional.of(new Set(partnerId, checked, secret));
    }
}
