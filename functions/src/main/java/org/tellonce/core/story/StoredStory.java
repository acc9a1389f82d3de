package org.tellonce.core.story;

import java.time.Instant;
import java.util.List;

/**
 * A story with everything its resident may see: who it is shared with, partners' responses, and every
 * consent they gave (oldest first; empty for stories kept before the history was).
 */
public record StoredStory(Story story, String manageTokenHash, List<SharedWith> sharedWith,
                          List<PartnerResponse> responses, List<ConsentEvent> consentHistory,
                          List<OutcomeLink> outcomes) {

    public record SharedWith(String partnerId, String name) {
    }

    public record PartnerResponse(String partnerId, String name, String text, Instant at) {
    }

    /** An outcome a partner linked to the story (SPEC section 13), oldest first; its words are public. */
    public record OutcomeLink(String outcomeId, String partnerId, String partnerName, String title, String text,
                              Instant at) {
    }

    public StoredStory {
        outcomes = List.copyOf(outcomes);
        sharedWith = List.copyOf(sharedWith);
        responses = List.copyOf(responses);
        consentHistory = List.copyOf(consentHistory);
    }

    public StoredStory(Story story, String manageTokenHash, List<SharedWith> sharedWith,
                       List<PartnerResponse> responses, List<ConsentEvent> consentHistory) {
        this(story, manageTokenHash, sharedWith, responses, consentHistory, List.of());
    }

    public StoredStory(Story story, String manageTokenHash, List<SharedWith> sharedWith,
                       List<PartnerResponse> responses) {
        this(story, manageTokenHash, sharedWith, responses, List.of());
    }
}
