package org.tellonce.core.story;

import java.time.Instant;
import java.util.List;

/**
 * A story with everything its resident may see: who it is shared with, partners' responses, and every
 * consent they gave (oldest first; empty for stories kept before the history was).
 */
public record StoredStory(Story story, String manageTokenHash, List<SharedWith> sharedWith,
                          List<PartnerResponse> responses, List<ConsentEvent> consentHistory,
                          List<OutcomeLink> outcomes, List<Removal> removals) {

    public record SharedWith(String partnerId, String name) {
    }

    public record PartnerResponse(String partnerId, String name, String text, Instant at) {
    }

    /** An outcome a partner linked to the story (SPEC section 13), oldest first; its words are public. */
    public record OutcomeLink(String outcomeId, String partnerId, String partnerName, String title, String text,
                              Instant at) {
    }

    /**
     * A partner told that the story was withdrawn from it (SPEC section 14), and when it confirmed that it
     * deleted its copies. Kept after erasure: partner ids and times only.
     *
     * @param reason {@code withdrawn} or {@code erased}
     */
    public record Removal(String partnerId, String partnerName, String reason, Instant at,
                          java.util.Optional<Instant> confirmedAt) {
    }

    /** How many organisations were told to delete their copies, and how many said they did. */
    public record Removals(int notified, int confirmed) {
    }

    public StoredStory {
        outcomes = List.copyOf(outcomes);
        removals = List.copyOf(removals);
        sharedWith = List.copyOf(sharedWith);
        responses = List.copyOf(responses);
        consentHistory = List.copyOf(consentHistory);
    }

    public StoredStory(Story story, String manageTokenHash, List<SharedWith> sharedWith,
                       List<PartnerResponse> responses, List<ConsentEvent> consentHistory, List<OutcomeLink> outcomes) {
        this(story, manageTokenHash, sharedWith, responses, consentHistory, outcomes, List.of());
    }

    public StoredStory(Story story, String manageTokenHash, List<SharedWith> sharedWith,
                       List<PartnerResponse> responses, List<ConsentEvent> consentHistory) {
        this(story, manageTokenHash, sharedWith, responses, consentHistory, List.of());
    }

    public StoredStory(Story story, String manageTokenHash, List<SharedWith> sharedWith,
                       List<PartnerResponse> responses) {
        this(story, manageTokenHash, sharedWith, responses, List.of());
    }

    /**
     * The organisations told to delete their copies that do not hold the story again now (a consent widened
     * after a withdrawal shares it anew), and how many of them confirmed.
     */
    public Removals removalCounts() {
        java.util.Set<String> holding = new java.util.HashSet<>();
        sharedWith.forEach(s -> holding.add(s.partnerId()));
        int notified = 0;
        int confirmed = 0;
        for (Removal removal : removals) {
            if (!holding.contains(removal.partnerId())) {
                notified++;
                confirmed += removal.confirmedAt().isPresent() ? 1 : 0;
            }
        }
        return new Removals(notified, confirmed);
    }
}
