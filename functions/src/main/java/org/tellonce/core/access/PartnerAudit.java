package org.tellonce.core.access;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.core.staff.StaffStore;

/**
 * A partner admin's view of their own partner's access log ({@code GET /partner/audit}): every entry
 * by its staff and its API key, newest first, a page at a time, each with the member of staff who
 * made it (a partner admin sees their own staff; residents never do).
 */
public final class PartnerAudit {
    public static final int PAGE_SIZE = 50;

    private final AccessLog log;
    private final StaffStore staff;

    public PartnerAudit(AccessLog log, StaffStore staff) {
        this.log = log;
        this.staff = staff;
    }

    /** @param member who it was, when a member of staff still on record; empty for the API key */
    public record Line(AccessEntry entry, Optional<StaffMember> member) {
    }

    public record Page(List<Line> lines, Optional<String> nextCursor) {
    }

    /** @throws IllegalArgumentException for a cursor that is not one this gave */
    public Page page(String partnerId, Optional<String> cursor) {
        AccessLog.Page page = log.ofPartner(partnerId, cursor, PAGE_SIZE);
        Map<String, Optional<StaffMember>> members = new HashMap<>();
        List<Line> lines = page.entries().stream()
                .map(e -> new Line(e, e.staffKey().flatMap(k -> members.computeIfAbsent(k,
                        key -> staff.find(key).map(StaffStore.Stored::member)
                                // Only their own partner's staff: a key that now names someone else's is not shown.
                                .filter(m -> m.partnerId().filter(partnerId::equals).isPresent())))))
                .toList();
        return new Page(lines, page.nextCursor());
    }
}
