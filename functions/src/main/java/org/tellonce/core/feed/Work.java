package org.tellonce.core.feed;

import java.util.Optional;

/**
 * One partner's work on one story: its handling, who of its staff has it, and whether the partner has
 * replied to the resident yet.
 */
public record Work(Handling handling, Optional<Assignee> assignee, boolean answered) {
    public static final Work NONE = new Work(Handling.NEW, Optional.empty(), false);

    /** A staff member the story is assigned to: their staff key, and their name as shown to their own partner. */
    public record Assignee(String staffKey, String name) {
        /** No personal data in logs, even by accident. */
        @Override
        public String toString() {
            return "Assignee[]";
        }
    }
}
