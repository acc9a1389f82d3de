package org.tellonce.core.outcome;

import java.util.List;
import java.util.Map;
import org.tellonce.core.story.Reference;

/** What became of an outcome a partner sent. */
public sealed interface OutcomeResult {

    /** Stored now; {@code references}: the stories it answers, for the access log. */
    record Recorded(String outcomeId, List<Reference> references) implements OutcomeResult {
    }

    /** The same Idempotency-Key and the same outcome again: the first answer, nothing stored. */
    record Replayed(String outcomeId) implements OutcomeResult {
    }

    /** Field → what is wrong with it. */
    record Invalid(Map<String, OutcomeDraft.Problem> problems) implements OutcomeResult {
    }

    /**
     * These ids are not stories shared with this partner now (whether they exist elsewhere is not said).
     */
    record NotShared(List<String> storyIds) implements OutcomeResult {
    }

    /** The Idempotency-Key was used for another outcome. */
    record KeyReused() implements OutcomeResult {
    }

    /** Other writes kept getting in the way; try again shortly. */
    record Conflict() implements OutcomeResult {
    }
}
