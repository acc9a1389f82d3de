package org.tellonce.web;

import org.tellonce.core.consent.ConsentRules;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tellonce.http.FormBody;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Story;

/**
 * The consent form of the story page, read and checked by the same rules as the JSON
 * {@code PUT .../consent} ({@link ConsentRules}). Errors are message keys, for the page to say in its language.
 */
public final class ConsentForm {

    /** What the resident chose (shown again when there are errors) and what to fix, field by field. */
    public record Read(Consent consent, Map<String, String> errorKeys) {
    }

    private ConsentForm() {
    }

    /**
     * @param directory the enabled partners; read (from the store as it is now) only when the form names
     *                  any, and only when the names are well formed
     */
    public static Read read(FormBody form, Story story, PartnerDirectory directory) {
        ConsentRules.Checked checked = ConsentRules.check(form.single("consent"), Optional.of(form.all("partners")),
                story, directory);
        Map<String, String> errors = new LinkedHashMap<>();
        checked.problems().forEach(problem -> errors.putIfAbsent(problem.field(), key(problem)));
        // Partners are shown again ticked where they are on the page; never saved with errors.
        return new Read(checked.consent(), errors);
    }

    private static String key(ConsentRules.Problem problem) {
        return switch (problem) {
            case SHARE_NOT_CHOSEN -> "error.consent";
            case NO_CONTACT_TO_SHARE -> "error.consent.noContact";
            case PARTNERS_MALFORMED, PARTNERS_NOT_ENABLED -> "error.partners";
        };
    }
}
