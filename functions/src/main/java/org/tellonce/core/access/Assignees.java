package org.tellonce.core.access;

import java.util.Optional;
import org.tellonce.core.feed.Work;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.staff.StaffEmail;
import org.tellonce.core.staff.StaffStore;

/**
 * Who a story may be assigned to: a staff member of the assigning person's own partner, enabled, whose
 * role may reply (a reader cannot work a story). Asked by e-mail, kept by staff key.
 */
public final class Assignees {
    private final StaffStore staff;
    private final ResidentKeys keys;

    public Assignees(StaffStore staff, ResidentKeys keys) {
        this.staff = staff;
        this.keys = keys;
    }

    /** The member with this e-mail when the actor's partner may assign the story to them; else empty. */
    public Optional<Work.Assignee> of(Actor actor, String email) {
        Optional<String> address = StaffEmail.parse(email);
        if (address.isEmpty() || actor.partner().isEmpty()) {
            return Optional.empty();
        }
        String staffKey = keys.staffKey(address.get());
        return staff.find(staffKey).map(StaffStore.Stored::member)
                .filter(m -> m.enabled() && m.partnerId().equals(actor.partner().map(p -> p.id())))
                .filter(m -> Policy.may(new Actor.Staff(staffKey, m, actor.partner()), Action.REPLY))
                .map(m -> new Work.Assignee(staffKey, m.name()));
    }
}
