package org.tellonce.core.partner;

import java.util.Optional;

/**
 * Partner authentication, one rule for the API's key and its authorizer: credentials name a partner, and the
 * partner as it is now decides (gone: signed out; disabled: refused whatever the credentials).
 */
public final class PartnerAuthentication {
    private final PartnerStore partners;

    public PartnerAuthentication(PartnerStore partners) {
        this.partners = partners;
    }

    /** An API key, as the authorizer receives it; compared through its hash. */
    public PartnerAccess apiKey(Optional<String> apiKey) {
        if (apiKey.isEmpty() || apiKey.get().isEmpty()) {
            return new PartnerAccess.SignedOut(false);
        }
        return decide(new PartnerAdmin(partners).authenticate(apiKey.get()));
    }

    /** The partner the API's authorizer let through (empty: it found no valid key). */
    public PartnerAccess authorized(Optional<String> partnerId) {
        if (partnerId.isEmpty()) {
            return new PartnerAccess.SignedOut(false);
        }
        return decide(partners.find(partnerId.get()));
    }

    private static PartnerAccess decide(Optional<Partner> partner) {
        if (partner.isEmpty()) {
            return new PartnerAccess.SignedOut(true);
        }
        return partner.get().enabled() ? new PartnerAccess.SignedIn(partner.get())
                : new PartnerAccess.Disabled(partner.get());
    }
}
