package org.tellonce.core.staff;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a staff member may do (SPEC section 11). The first three belong to one partner and need it;
 * the others are partnership-wide and belong to none.
 */
public enum Role {
    READER("reader", true),
    RESPONDER("responder", true),
    PARTNER_ADMIN("partner-admin", true),
    MODERATOR("moderator", false),
    SAFEGUARDING("safeguarding", false),
    PARTNERSHIP_ADMIN("partnership-admin", false);

    private final String wire;
    private final boolean ofAPartner;

    Role(String wire, boolean ofAPartner) {
        this.wire = wire;
        this.ofAPartner = ofAPartner;
    }

    public String wire() {
        return wire;
    }

    /** Whether the role works for one partner (and so needs its id) rather than the whole partnership. */
    public boolean ofAPartner() {
        return ofAPartner;
    }

    public static Optional<Role> of(String wire) {
        String wanted = wire == null ? "" : wire.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.wire.equals(wanted)).findFirst();
    }

    /** Every role's name, for messages: "reader, responder, ...". */
    public static String names() {
        return Arrays.stream(values()).map(Role::wire).collect(Collectors.joining(", "));
    }
}
