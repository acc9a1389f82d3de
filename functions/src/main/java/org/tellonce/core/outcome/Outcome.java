package org.tellonce.core.outcome;

import java.time.Instant;

/**
 * What a partner changed because of stories it heard (SPEC section 13, "you said, we did"): public words,
 * how many stories it answers; never which stories.
 */
public record Outcome(String outcomeId, String partnerId, String partnerName, String title, String text, Instant at,
                      int stories) {
    /** Under this many stories the public count says only "fewer than 3": a count of 1 could point at someone. */
    public static final int COUNT_SHOWN_FROM = 3;

    /** Whether the public page shows the number of stories, or only that there were fewer than three. */
    public boolean countShown() {
        return stories >= COUNT_SHOWN_FROM;
    }
}
