package org.tellonce.core.access;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.tellonce.core.staff.Role;

/**
 * Who may do what to which story (SPEC sections 7, 11): the one place every partner and staff route
 * asks. The order of the checks is the contract: a partner's work is refused to partnership-wide
 * roles (403); a story not shared with the actor's partner is 404, whatever the role, so nobody learns
 * that another partner's story exists; only then does the role decide (403 without the right).
 */
public final class Policy {
    /** What a partner's API key may do: pull, answer, and the machine routes of sections 13 and 14. */
    static final Set<Action> API_KEY = EnumSet.of(Action.READ_STORY, Action.REPLY, Action.CLAIM_LEAD,
            Action.RECORD_OUTCOME, Action.CONFIRM_DELETION);
    private static final Set<Action> READER = EnumSet.of(Action.READ_STORY, Action.EXPORT_CSV);
    private static final Set<Action> RESPONDER = union(READER, EnumSet.of(Action.REPLY, Action.SET_HANDLING,
            Action.ASSIGN, Action.CLAIM_LEAD, Action.CONFIRM_DELETION, Action.RECORD_OUTCOME,
            Action.RECORD_ASSISTED));
    private static final Set<Action> PARTNER_ADMIN = union(RESPONDER, EnumSet.of(Action.MANAGE_STAFF,
            Action.VIEW_AUDIT));
    private static final Set<Action> MODERATOR = EnumSet.of(Action.MODERATE, Action.APPROVE, Action.REJECT);
    private static final Set<Action> SAFEGUARDING = EnumSet.of(Action.SEE_FLAGGED);
    private static final Map<Role, Set<Action>> RIGHTS = Map.of(
            Role.READER, READER,
            Role.RESPONDER, RESPONDER,
            Role.PARTNER_ADMIN, PARTNER_ADMIN,
            Role.MODERATOR, MODERATOR,
            Role.SAFEGUARDING, SAFEGUARDING,
            Role.PARTNERSHIP_ADMIN, union(MODERATOR, SAFEGUARDING));

    private Policy() {
    }

    /** The answer, as the HTTP status a route gives it. */
    public enum Decision {
        ALLOW(200), FORBIDDEN(403), NOT_FOUND(404);

        private final int status;

        Decision(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }

        public boolean allowed() {
            return this == ALLOW;
        }
    }

    /** The story an action is about, as the actor's partner holds it. */
    public enum Story {
        /** The action names no story. */
        NONE,
        /** Shared with the actor's partner now. */
        SHARED,
        /** Not shared with the actor's partner: another partner's, withdrawn, erased, or no such story. */
        NOT_SHARED
    }

    public static Decision decide(Actor actor, Action action, Story story) {
        if (action.aboutAStory() && story == Story.NONE) {
            throw new IllegalArgumentException(action + " is about a story: say whether it is shared");
        }
        if (action.ofAPartner() && actor.partner().isEmpty()) {
            return Decision.FORBIDDEN;
        }
        if (action.ofAPartner() && action.aboutAStory() && story != Story.SHARED) {
            return Decision.NOT_FOUND;
        }
        return rights(actor).contains(action) ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    /** Whether the actor may ever do this (for showing or hiding a form); {@link #decide} still decides. */
    public static boolean may(Actor actor, Action action) {
        return (!action.ofAPartner() || actor.partner().isPresent()) && rights(actor).contains(action);
    }

    /** Whether a role may ever do this for its partner: who gets a partner's work to do (the daily digest). */
    public static boolean roleMay(Role role, Action action) {
        return (!action.ofAPartner() || role.ofAPartner()) && RIGHTS.get(role).contains(action);
    }

    /** Which held stories a staff member's moderation queue lists (SPEC section 12). */
    public enum Queue {
        /** Every held story: moderators and partnership admins. */
        ALL,
        /** Only flagged ones: safeguarding staff, who are alerted to them and must be able to act. */
        FLAGGED,
        /** None: the queue is refused (403). */
        NONE
    }

    public static Queue queue(Actor actor) {
        if (actor.partner().isPresent()) {
            return Queue.NONE;
        }
        Set<Action> rights = rights(actor);
        return rights.contains(Action.MODERATE) ? Queue.ALL : rights.contains(Action.SEE_FLAGGED) ? Queue.FLAGGED
                : Queue.NONE;
    }

    /**
     * Whether the actor may read a held story and approve or reject it: a moderator (or partnership
     * admin) any; safeguarding staff a flagged one; a partner's staff and API keys never (403).
     */
    public static Decision moderate(Actor actor, boolean flagged) {
        Queue queue = queue(actor);
        return queue == Queue.ALL || queue == Queue.FLAGGED && flagged ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    private static Set<Action> rights(Actor actor) {
        return actor instanceof Actor.Staff staff ? RIGHTS.get(staff.role()) : API_KEY;
    }

    private static Set<Action> union(Set<Action> a, Set<Action> b) {
        EnumSet<Action> all = EnumSet.copyOf(a);
        all.addAll(b);
        return all;
    }
}
