package org.tellonce.core.access;

import java.util.Optional;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerAccess;
import org.tellonce.core.partner.PartnerAuthentication;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.staff.StaffSessions;

/**
 * Who a partner route's request comes from: the partner the API's authorizer let through, or else
 * the staff session it carries. A partner's staff work only while their partner is enabled.
 */
public final class Actors {
    private final PartnerStore partners;

    public Actors(PartnerStore partners) {
        this.partners = partners;
    }

    /** The outcome: an actor, or nobody (401), or a disabled partner (403). */
    public sealed interface Found {
    }

    public record Known(Actor actor) implements Found {
    }

    /** @param refused credentials came but open nothing (false: none came) */
    public record Nobody(boolean refused) implements Found {
    }

    public record Disabled() implements Found {
    }

    /**
     * @param authorizedPartner the partner the authorizer found for the API key (empty: no valid key)
     * @param session           the staff session the request carries, already checked
     */
    public Found of(Optional<String> authorizedPartner, Optional<StaffSessions.Session> session) {
        if (authorizedPartner.isPresent()) {
            PartnerAccess access = new PartnerAuthentication(partners).authorized(authorizedPartner);
            if (access instanceof PartnerAccess.SignedIn in) {
                return new Known(new Actor.ApiKey(in.partner()));
            }
            return access instanceof PartnerAccess.Disabled ? new Disabled() : new Nobody(true);
        }
        if (session.isEmpty()) {
            return new Nobody(false);
        }
        return staff(session.get());
    }

    /** A staff session: the member with their partner as it is now. */
    public Found staff(StaffSessions.Session session) {
        Optional<String> partnerId = session.member().partnerId();
        if (partnerId.isEmpty()) {
            return new Known(new Actor.Staff(session.staffKey(), session.member(), Optional.empty()));
        }
        Optional<Partner> partner = partners.find(partnerId.get());
        if (partner.isEmpty()) {
            return new Nobody(true);
        }
        return partner.get().enabled()
                ? new Known(new Actor.Staff(session.staffKey(), session.member(), partner))
                : new Disabled();
    }
}
