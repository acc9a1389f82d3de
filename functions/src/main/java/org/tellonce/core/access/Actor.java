package org.tellonce.core.access;

import java.util.Optional;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.staff.Role;
import org.tellonce.core.staff.StaffMember;

/**
 * Who is asking, on any partner or staff route: a partner's API key (machines pulling), or a person
 * signed in with their staff session. The access log records which (never a staff name to residents).
 */
public sealed interface Actor {

    /** The partner this actor works for; empty for partnership-wide roles. */
    Optional<Partner> partner();

    /** {@code api} or {@code staff}, as the access log and the resident's story page say it. */
    String kind();

    /** A partner's API key: the partner it belongs to, enabled. */
    record ApiKey(Partner organisation) implements Actor {
        @Override
        public Optional<Partner> partner() {
            return Optional.of(organisation);
        }

        @Override
        public String kind() {
            return "api";
        }
    }

    /**
     * A signed-in staff member. @param staffKey the keyed hash of their e-mail (the access log's actor)
     * @param organisation their partner as it is now (empty for partnership roles)
     */
    record Staff(String staffKey, StaffMember member, Optional<Partner> organisation) implements Actor {
        public Staff {
            if (member.role().ofAPartner() && organisation.isEmpty()) {
                throw new IllegalArgumentException("A partner's staff member needs their partner");
            }
        }

        @Override
        public Optional<Partner> partner() {
            return organisation;
        }

        @Override
        public String kind() {
            return "staff";
        }

        public Role role() {
            return member.role();
        }

        /** No personal data in logs, even by accident. */
        @Override
        public String toString() {
            return "Staff[" + member + "]";
        }
    }
}
