package org.tellonce.core.staff;

import java.util.Optional;

/**
 * A person of the partnership who signs in with their e-mail. {@code email} is lower-cased; the
 * partner is there exactly when the role is a partner's.
 */
public record StaffMember(String email, String name, Role role, Optional<String> partnerId, Optional<String> phone,
                          boolean enabled) {
    public StaffMember {
        if (role.ofAPartner() != partnerId.isPresent()) {
            throw new IllegalArgumentException("A partner's role needs its partner, a partnership role none");
        }
    }

    public StaffMember disabled() {
        return new StaffMember(email, name, role, partnerId, phone, false);
    }

    /** No personal data in logs, even by accident. */
    @Override
    public String toString() {
        return "StaffMember[role=" + role.wire() + ", partnerId=" + partnerId.orElse("-") + ", enabled=" + enabled + "]";
    }
}
