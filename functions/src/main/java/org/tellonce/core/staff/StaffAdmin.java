package org.tellonce.core.staff;

import java.util.List;
import java.util.Optional;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.resident.ResidentKeys;

/**
 * The admin's {@code tellonce staff} commands. Every mistake is an {@link IllegalArgumentException}
 * whose message says what to fix and repeats nothing personal.
 */
public final class StaffAdmin {
    private final StaffStore staff;
    private final PartnerStore partners;
    private final ResidentKeys keys;

    public StaffAdmin(StaffStore staff, PartnerStore partners, ResidentKeys keys) {
        this.staff = staff;
        this.partners = partners;
        this.keys = keys;
    }

    /** Adds the person, or replaces them (a new role or partner ends the sessions they had). */
    public StaffMember add(String rawEmail, String name, String rawRole, Optional<String> partnerId,
                           Optional<String> phone) {
        String email = email(rawEmail);
        Role role = Role.of(rawRole).orElseThrow(() -> new IllegalArgumentException(
                "Unknown role; give one of: " + Role.names()));
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Give the person's name with --name");
        }
        checkPartner(role, partnerId);
        StaffMember member = new StaffMember(email, name.strip(), role, partnerId, phone.map(String::strip)
                .filter(p -> !p.isEmpty()), true);
        staff.put(keys.staffKey(email), member);
        return member;
    }

    public List<StaffMember> list() {
        return staff.all();
    }

    /** Disables the person: every session of theirs ends at once. */
    public void disable(String rawEmail) {
        if (!staff.disable(keys.staffKey(email(rawEmail)))) {
            throw new IllegalArgumentException("No staff member has that e-mail address");
        }
    }

    private void checkPartner(Role role, Optional<String> partnerId) {
        if (role.ofAPartner() && partnerId.isEmpty()) {
            throw new IllegalArgumentException("The role " + role.wire() + " works for one partner: give --partner ID");
        }
        if (!role.ofAPartner() && partnerId.isPresent()) {
            throw new IllegalArgumentException("The role " + role.wire() + " is partnership-wide: leave out --partner");
        }
        if (partnerId.isPresent() && partners.find(partnerId.get()).isEmpty()) {
            throw new IllegalArgumentException("Unknown partner " + partnerId.get()
                    + " (see tellonce partners list)");
        }
    }

    private static String email(String raw) {
        return StaffEmail.parse(raw).orElseThrow(() -> new IllegalArgumentException(
                "That is not an e-mail address; give --email like name@example.org"));
    }
}
