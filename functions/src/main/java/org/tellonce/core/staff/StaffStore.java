package org.tellonce.core.staff;

import java.util.List;
import java.util.Optional;

/**
 * Staff members by staff key (a keyed hash of the e-mail, never the e-mail itself). Each carries a
 * session generation: every session records the one it began in and ends when it changes.
 */
public interface StaffStore {
    /** A member as stored, with the generation their sessions must match. */
    record Stored(StaffMember member, long generation) {
    }

    Optional<Stored> find(String staffKey);

    List<StaffMember> all();

    /**
     * Adds the member, or replaces them; a replacement moves to a new generation, so a changed role
     * or partner ends every session they had.
     */
    void put(String staffKey, StaffMember member);

    /** Disables the member and ends their sessions; false when there is no such member. */
    boolean disable(String staffKey);

    /**
     * {@link #put}, but only while the key is free or its member works for the new member's partner (a
     * partner admin never takes a person from another partner, even in a race); false when not.
     */
    boolean putInPartner(String staffKey, StaffMember member);

    /** {@link #disable}, but only a member of {@code partnerId}; false when not. */
    boolean disableInPartner(String staffKey, String partnerId);
}
