package org.tellonce.core.story;

import java.time.Instant;
import java.util.List;

/** A story with everything its resident may see: who it is shared with and partners' responses. */
public record StoredStory(Story story, String manageTokenHash, List<SharedWith> sharedWith,
                          List<PartnerResponse> responses) {

    public record SharedWith(String partnerId, String name) {
    }

    public record PartnerResponse(String partnerId, String name, String text, Instant at) {
    }

    public StoredStory {
        sharedWith = List.copyOf(sharedWith);
        responses = List.copyOf(responses);
    }
}
