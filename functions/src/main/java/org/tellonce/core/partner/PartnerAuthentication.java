package org.tellonce.core.partner;

import java.util.Optional;

/**
 * Partner authentication, one rule for the API and the inbox: credentials name a partner, and the
 * partner as it is now decides (gone: signed out; disabled: refused whatever the credentials).
 */
public final class PartnerAuthentication {
    private final PartnerStore partners;

    public PartnerAuthentication(PartnerStore partners) {
        this.partners = partners;
    }

    /** An API key, as the authorizer and the inbox's sign-in receive it; compared through its hash. */
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

    /** The inbox's session cookie: valid only while the key it was opened with is the partner's current key. */
    public PartnerAccess session(PartnerSession sessions, Optional<String> token) {
        if (token.isEmpty() || token.get().isEmpty()) {
            return new PartnerAccess.SignedOut(false);
        }
        Optional<PartnerSession.Session> session = sessions.read(token.get());
        Optional<PartnerStore.Keyed> keyed = session.flatMap(s -> partners.findWithKeyHash(s.partnerId()));
        if (keyed.isEmpty() || !sessions.openedWith(session.get(), keyed.get().keyHash())) {
            // Forged, expired, a partner that is gone, or a key rotated since sign-in: sign in again.
            return new PartnerAccess.SignedOut(true);
        }
        return decide(Optional.of(keyed.get().partner()));
    }

    private static PartnerAccess decide(Optional<Partner> partner) {
        if (partner.isEmpty()) {
            return new PartnerAccess.SignedOut(true);
        }
        return partner.get().enabled() ? new PartnerAccess.SignedIn(partner.get())
                : new PartnerAccess.Disabled(partner.get());
    }
}
