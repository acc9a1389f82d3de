package org.tellonce.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tellonce.core.consent.ConsentPolicy;

/**
 * The consent form of the story page, checked by the same rules as the JSON {@code PUT .../consent}
 * ({@link ConsentPolicy}). Errors are message keys, for the page to say in its language.
 */
public final class ConsentForm {

    private ConsentForm() {
    }

    /** What to fix, field by field: a message key each. */
    public static Map<String, String> errorKeys(Set<ConsentPolicy.Problem> problems) {
        Map<String, String> errors = new LinkedHashMap<>();
        problems.forEach(problem -> errors.putIfAbsent(problem.field(), key(problem)));
        return errors;
    }

    private static String key(ConsentPolicy.Problem problem) {
        return switch (problem) {
            case SHARE_NOT_CHOSEN -> "error.consent";
            case NO_CONTACT_TO_SHARE -> "error.consent.noContact";
            case PARTNERS_MALFORMED, PARTNERS_NOT_ENABLED -> "error.partners";
        };
    }
}
