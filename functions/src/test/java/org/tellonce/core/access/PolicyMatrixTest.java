package org.tellonce.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.staff.Role;
import org.tellonce.core.staff.StaffMember;

/**
 * Every cell of who may do what (SPEC sections 7 and 11–15), written out by hand: each actor × each
 * action × a story shared with the actor's partner or not (another partner's, withdrawn, erased).
 * A = allowed, F = forbidden (403), N = not found (404).
 */
class PolicyMatrixTest {
    private static final Partner TRUST = new Partner("trust", "Trust", List.of("*"), List.of(), true);

    /** Actions about a story: the cell for a story shared with the actor's partner, then for one not shared. */
    private static final List<Action> STORY_ACTIONS = List.of(Action.READ_STORY, Action.EXPORT_CSV, Action.REPLY,
            Action.SET_HANDLING, Action.ASSIGN, Action.CLAIM_LEAD, Action.CONFIRM_DELETION);
    private static final Map<String, String> SHARED = rows(
            "api               A F A F F A A",
            "reader            A A F F F F F",
            "responder         A A A A A A A",
            "partner-admin     A A A A A A A",
            "moderator         F F F F F F F",
            "safeguarding      F F F F F F F",
            "partnership-admin F F F F F F F");
    private static final Map<String, String> NOT_SHARED = rows(
            "api               N N N N N N N",
            "reader            N N N N N N N",
            "responder         N N N N N N N",
            "partner-admin     N N N N N N N",
            "moderator         F F F F F F F",
            "safeguarding      F F F F F F F",
            "partnership-admin F F F F F F F");

    /** Actions about no one story. */
    private static final List<Action> OTHER_ACTIONS = List.of(Action.RECORD_OUTCOME, Action.RECORD_ASSISTED,
            Action.MANAGE_STAFF, Action.VIEW_AUDIT, Action.MODERATE, Action.SEE_FLAGGED, Action.APPROVE, Action.REJECT);
    private static final Map<String, String> OTHER = rows(
            "api               A F F F F F F F",
            "reader            F F F F F F F F",
            "responder         A A F F F F F F",
            "partner-admin     A A A A F F F F",
            "moderator         F F F F A F A A",
            "safeguarding      F F F F F A F F",
            "partnership-admin F F F F A A A A");

    /**
     * Moderation (SPEC section 12): which held stories the queue lists (all, flagged only, none = 403),
     * then may the actor open and decide a flagged held story, and an unflagged one.
     */
    private static final Map<String, String> MODERATION = rows(
            "api               none    F F",
            "reader            none    F F",
            "responder         none    F F",
            "partner-admin     none    F F",
            "moderator         all     A A",
            "safeguarding      flagged A F",
            "partnership-admin all     A A");

    @Test
    void everyActorActionAndStoryIsDecidedAsTheMatrixSays() {
        List<String> wrong = new ArrayList<>();
        for (String who : SHARED.keySet()) {
            Actor actor = actor(who);
            check(wrong, who, actor, STORY_ACTIONS, Policy.Story.SHARED, SHARED.get(who));
            check(wrong, who, actor, STORY_ACTIONS, Policy.Story.NOT_SHARED, NOT_SHARED.get(who));
            check(wrong, who, actor, OTHER_ACTIONS, Policy.Story.NONE, OTHER.get(who));
        }
        assertThat(wrong).as("cells decided otherwise than the matrix").isEmpty();
    }

    @Test
    void moderatorsDecideAnyHeldStorySafeguardingStaffOnlyFlaggedOnesAndNobodyElse() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> row : MODERATION.entrySet()) {
            Actor actor = actor(row.getKey());
            String cells = row.getValue();
            String queue = cells.substring(0, cells.length() - 2);
            if (!Policy.queue(actor).name().equalsIgnoreCase(queue)) {
                wrong.add(row.getKey() + " queue: expected " + queue + ", got " + Policy.queue(actor));
            }
            for (int i = 0; i < 2; i++) {
                char got = Policy.moderate(actor, i == 0).allowed() ? 'A' : 'F';
                if (got != cells.charAt(cells.length() - 2 + i)) {
                    wrong.add(row.getKey() + (i == 0 ? " flagged" : " unflagged") + ": got " + got);
                }
            }
        }
        assertThat(wrong).as("moderation cells decided otherwise than the matrix").isEmpty();
    }

    @Test
    void theMatrixCoversEveryActionAndEveryRole() {
        List<Action> covered = new ArrayList<>(STORY_ACTIONS);
        covered.addAll(OTHER_ACTIONS);
        assertThat(covered).containsExactlyInAnyOrder(Action.values());
        assertThat(SHARED.keySet()).containsAll(java.util.Arrays.stream(Role.values()).map(Role::wire).toList())
                .contains("api");
    }

    @Test
    void aFormIsOfferedExactlyWhenTheRoleCouldUseItOnASharedStory() {
        for (String who : SHARED.keySet()) {
            Actor actor = actor(who);
            for (int i = 0; i < STORY_ACTIONS.size(); i++) {
                assertThat(Policy.may(actor, STORY_ACTIONS.get(i))).as(who + " " + STORY_ACTIONS.get(i))
                        .isEqualTo(SHARED.get(who).charAt(i) == 'A');
            }
        }
    }

    @Test
    void aRoleMayWhatItsMembersMayOnASharedStory() {
        for (Role role : Role.values()) {
            for (int i = 0; i < STORY_ACTIONS.size(); i++) {
                assertThat(Policy.roleMay(role, STORY_ACTIONS.get(i))).as(role + " " + STORY_ACTIONS.get(i))
                        .isEqualTo(SHARED.get(role.wire()).charAt(i) == 'A');
            }
        }
    }

    @Test
    void aStoryActionMustSayWhetherTheStoryIsShared() {
        assertThatThrownBy(() -> Policy.decide(actor("reader"), Action.READ_STORY, Policy.Story.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void check(List<String> wrong, String who, Actor actor, List<Action> actions, Policy.Story story,
                              String expected) {
        for (int i = 0; i < actions.size(); i++) {
            Policy.Decision decision = Policy.decide(actor, actions.get(i), story);
            char got = switch (decision) {
                case ALLOW -> 'A';
                case FORBIDDEN -> 'F';
                case NOT_FOUND -> 'N';
            };
            if (got != expected.charAt(i)) {
                wrong.add(who + " " + actions.get(i) + " " + story + ": expected " + expected.charAt(i) + ", got " + got);
            }
        }
    }

    private static Actor actor(String who) {
        if (who.equals("api")) {
            return new Actor.ApiKey(TRUST);
        }
        Role role = Role.of(who).orElseThrow();
        Optional<String> partnerId = role.ofAPartner() ? Optional.of(TRUST.id()) : Optional.empty();
        StaffMember member = new StaffMember("someone@example.org", "Someone", role, partnerId, Optional.empty(), true);
        return new Actor.Staff("key-" + who, member, role.ofAPartner() ? Optional.of(TRUST) : Optional.empty());
    }

    private static Map<String, String> rows(String... lines) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+");
            rows.put(parts[0], String.join("", java.util.Arrays.copyOfRange(parts, 1, parts.length)));
        }
        return rows;
    }
}
