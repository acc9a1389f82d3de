package org.tellonce.core.staff;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.resident.ResidentKeys;

/**
 * The admin's {@code tellonce staff} commands, and a partner admin's page for their own partner's staff
 * ({@link #forPartner}). For the commands every mistake is an {@link IllegalArgumentException} whose
 * message says what to fix and repeats nothing personal; for the page, a {@link Refused} naming the field.
 */
public final class StaffAdmin {
    /** The longest name a partner admin may give (the page shows it; the commands trust the admin). */
    public static final int NAME_MAX = 200;

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

    /** What a partner admin's change came to. */
    public sealed interface Change {
    }

    public record Done(StaffMember member) implements Change {
    }

    /**
     * Not done. @param fields each field's problem, as a word for the page's messages
     * ({@code email}, {@code name}, {@code role}, {@code taken}, {@code self}, {@code unknown})
     */
    public record Refused(Map<String, String> fields, boolean conflict) implements Change {
    }

    /** The same rules, for a partner admin: only their own partner, only its roles, never themselves. */
    public PartnerStaff forPartner(String partnerId, String adminStaffKey) {
        return new PartnerStaff(partnerId, adminStaffKey);
    }

    /** One partner's staff, as its admin manages them (SPEC section 11). */
    public final class PartnerStaff {
        private final String partnerId;
        private final String adminStaffKey;

        private PartnerStaff(String partnerId, String adminStaffKey) {
            this.partnerId = partnerId;
            this.adminStaffKey = adminStaffKey;
        }

        /** The partner's members, enabled or not; nobody of another partner or of the partnership. */
        public List<StaffMember> list() {
            return staff.all().stream().filter(m -> m.partnerId().filter(partnerId::equals).isPresent()).toList();
        }

        /**
         * Adds the person to this partner, or gives a member of it a new name or role (which ends the
         * sessions they had). Someone who belongs to another partner or to the partnership is refused in
         * the same words whichever it is, so the admin learns nothing about other partners.
         */
        public Change add(String rawEmail, String name, String rawRole) {
            Map<String, String> problems = new java.util.LinkedHashMap<>();
            Optional<String> email = StaffEmail.parse(rawEmail);
            if (email.isEmpty()) {
                problems.put("email", "email");
            }
            if (name == null || name.isBlank()) {
                problems.put("name", "name");
            } else if (name.strip().length() > NAME_MAX) {
                problems.put("name", "nameLong");
            }
            Optional<Role> role = Role.of(rawRole).filter(Role::ofAPartner);
            if (role.isEmpty()) {
                problems.put("role", "role");
            }
            if (!problems.isEmpty()) {
                return new Refused(problems, false);
            }
            String key = keys.staffKey(email.get());
            if (key.equals(adminStaffKey)) {
                return new Refused(Map.of("email", "self"), false);
            }
            Optional<StaffStore.Stored> existing = staff.find(key);
            if (existing.isPresent() && existing.get().member().partnerId().filter(partnerId::equals).isEmpty()) {
                return new Refused(Map.of("email", "taken"), true);
            }
            Optional<String> phone = existing.flatMap(s -> s.member().phone());
            StaffMember member = new StaffMember(email.get(), name.strip(), role.get(), Optional.of(partnerId),
                    phone, true);
            if (!staff.putInPartner(key, member)) {
                return new Refused(Map.of("email", "taken"), true);
            }
            return new Done(member);
        }

        /** Disables a member of this partner (their sessions end at once); never the admin themselves. */
        public Change disable(String rawEmail) {
            Optional<String> email = StaffEmail.parse(rawEmail);
            if (email.isEmpty()) {
                return new Refused(Map.of("email", "email"), false);
            }
            String key = keys.staffKey(email.get());
            if (key.equals(adminStaffKey)) {
                return new Refused(Map.of("email", "selfDisable"), false);
            }
            Optional<StaffStore.Stored> existing = staff.find(key);
            if (existing.isEmpty() || existing.get().member().partnerId().filter(partnerId::equals).isEmpty()) {
                return new Refused(Map.of("email", "unknown"), false);
            }
            if (!staff.disableInPartner(key, partnerId)) {
                return new Refused(Map.of("email", "unknown"), false);
            }
            return new Done(existing.get().member().disabled());
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
