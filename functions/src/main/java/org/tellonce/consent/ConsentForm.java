package org.tellonce.consent;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tellonce.http.FormBody;
import org.tellonce.intake.Limits;
import org.tellonce.resident.PartnerDirectory;
import org.tellonce.story.Consent;
import org.tellonce.story.PartnerId;
import org.tellonce.story.Share;
import org.tellonce.story.Story;

/**
 * The consent form of the story page, read and checked by the same rules as the JSON
 * {@code PUT .../consent}. Errors are message keys, for the page to say in its language.
 */
final class ConsentForm {

    /** What the resident chose (shown again when there are errors) and what to fix, field by field. */
    record Read(Consent consent, Map<String, String> errorKeys) {
    }

    private ConsentForm() {
    }

    /**
     * @param directory the enabled partners; read (from the store as it is now) only when the form names
     *                  any, and only when the names are well formed
     */
    static Read read(FormBody form, Story story, PartnerDirectory directory) {
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<Share> parsed = form.single("consent").map(v -> v.strip().toLowerCase(Locale.ROOT)).flatMap(Share::parse);
        Share share = parsed.orElse(story.consent().share());
        if (parsed.isEmpty()) {
            errors.put("share", "error.consent");
        } else if (share == Share.IDENTIFIED && story.contact().isEmpty()) {
            errors.put("share", "error.consent.noContact");
        }
        List<String> given = form.all("partners");
        LinkedHashSet<String> partners = new LinkedHashSet<>();
        if (given.size() > Limits.PARTNERS_MAX || !given.stream().allMatch(PartnerId::isValid)) {
            errors.put("partners", "error.partners");
        } else {
            if (!directory.notOffered(given).isEmpty()) {
                errors.put("partners", "error.partners");
            }
            // Shown again ticked where they are on the page; never saved with errors.
            partners.addAll(given);
        }
        return new Read(new Consent(share, List.copyOf(partners)), errors);
    }
}
