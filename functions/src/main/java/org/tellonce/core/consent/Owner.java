package org.tellonce.core.consent;

/**
 * Who proved they may change a story, and so what the store's conditional write checks: the story's
 * manage token (its hash), or a resident session of the resident the story came from.
 */
public sealed interface Owner permits Owner.ManageToken, Owner.Resident {

    /** The holder of the story's manage token; the hash must still be the story's. */
    record ManageToken(String hash) implements Owner {
    }

    /** The resident who told it, proven by a code; the story must still be theirs. */
    record Resident(String residentKey) implements Owner {
        @Override
        public String toString() {
            return "Resident[…]";
        }
    }
}
