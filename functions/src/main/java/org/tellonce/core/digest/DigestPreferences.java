package org.tellonce.core.digest;

import java.util.List;
import java.util.Optional;
import org.tellonce.core.staff.StaffMember;

/** Whether each member of staff wants the daily digest (everyone does until they opt out). */
public interface DigestPreferences {

    /** A member of staff, their key and whether they get the digest. */
    record Recipient(String staffKey, StaffMember member, boolean digest) {
    }

    /** Every member of staff, with their choice. */
    List<Recipient> recipients();

    /** The member's choice; empty when there is no such member. */
    Optional<Boolean> digest(String staffKey);

    /** @return false when there is no such member (nothing is written) */
    boolean setDigest(String staffKey, boolean digest);
}
