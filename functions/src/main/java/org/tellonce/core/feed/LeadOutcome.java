package org.tellonce.core.feed;

/** What claiming or releasing the lead of a story came to. */
public sealed interface LeadOutcome {
    /** The asking partner leads now (claimed now, or already). */
    record Leading(Lead lead) implements LeadOutcome {
    }

    /** Another partner leads: only it may release the story, and nobody may claim it meanwhile. */
    record Taken(Lead lead) implements LeadOutcome {
    }

    /** Nobody leads now (released now, or nobody did). */
    record Released() implements LeadOutcome {
    }

    /** The story is not shared with the asking partner (or no longer). */
    record NotShared() implements LeadOutcome {
    }
}
