package org.tellonce.core.access;

import java.time.Instant;
import java.util.Optional;
import org.tellonce.core.story.Reference;

/**
 * One line of the access log: who (a staff member by their staff key, or a partner's API key), for
 * which organisation, did what to which story, when. Residents see the organisation, kind, action and
 * time; partner admins also see which of their staff it was.
 *
 * @param staffKey the staff member's key; empty for an API key
 */
public record AccessEntry(Reference reference, String partnerId, String kind, Action action,
                          Optional<String> staffKey, Instant at) {
    /**
     * The organisation of a partnership-wide staff member (moderators, safeguarding): no partner id can
     * be it ("_" is not allowed in ids), and residents read it as the partnership's own team.
     */
    public static final String PARTNERSHIP = "_partnership";

    public static AccessEntry of(Actor actor, Reference reference, Action action, Instant at) {
        String partnerId = actor.partner().map(p -> p.id()).orElse(PARTNERSHIP);
        Optional<String> staffKey = actor instanceof Actor.Staff staff ? Optional.of(staff.staffKey())
                : Optional.empty();
        return new AccessEntry(reference, partnerId, actor.kind(), action, staffKey, at);
    }
}
