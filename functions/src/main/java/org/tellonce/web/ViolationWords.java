package org.tellonce.web;

import org.tellonce.core.intake.Violation;
import org.tellonce.core.resident.PartnerDirectory;

/**
 * The words for each {@link Violation}: the English the JSON API has always answered (clients and
 * the SPEC rely on it), and the message bundle key the form shows in the page's language.
 */
public final class ViolationWords {

    private ViolationWords() {
    }

    /** What the JSON API says, in English. */
    public static String english(Violation violation) {
        int limit = violation.limit();
        return switch (violation.rule()) {
            case STORY_EMPTY -> "Enter your story";
            case STORY_TOO_SHORT -> "Your story must be at least " + limit + " characters";
            case STORY_TOO_LONG -> "Your story must be " + limit + " characters or fewer";
            case STORY_UNPRINTABLE -> "Your story contains control characters we cannot store; remove them and try again";
            case TOPIC_UNKNOWN -> "Choose topics from the list: " + String.join(", ", violation.offered());
            case AREA_UNRECOGNISED -> "Enter a postcode district such as LE1, or the name of your area";
            case NAME_TOO_LONG -> "Your name must be " + limit + " characters or fewer";
            case NAME_UNPRINTABLE -> "Your name contains characters we cannot store";
            case CONTACT_UNRECOGNISED ->
                    "Enter an email address like name@example.com, or a phone number like 07700 900123";
            case CONTACT_NEEDED -> "To share your details with partners, give an email address or phone number";
            case LANGUAGE_INVALID -> "Language must be a language tag such as en or cy";
            case SHARE_UNKNOWN -> "Choose private, anonymous or identified";
            case TOO_MANY_PARTNERS -> "Choose at most " + limit + " partners";
            case PARTNER_MALFORMED -> "Choose partners from the list";
            case PARTNER_NOT_ENABLED -> PartnerDirectory.NOT_ENABLED;
        };
    }

    /** The message bundle key the form shows; its one argument, if any, is {@link #arguments}. */
    public static String key(Violation.Rule rule) {
        return switch (rule) {
            case STORY_EMPTY -> "error.story.empty";
            case STORY_TOO_SHORT -> "error.story.short";
            case STORY_TOO_LONG -> "error.story.long";
            case STORY_UNPRINTABLE -> "error.story.characters";
            case TOPIC_UNKNOWN -> "error.topics";
            case AREA_UNRECOGNISED -> "error.area";
            case NAME_TOO_LONG -> "error.name.long";
            case NAME_UNPRINTABLE -> "error.name.characters";
            case CONTACT_UNRECOGNISED -> "error.contact.invalid";
            case CONTACT_NEEDED -> "error.contact.needed";
            case LANGUAGE_INVALID -> "error.language";
            case SHARE_UNKNOWN -> "error.consent";
            // The form lists the partners it offers; too many, malformed or disabled, the fix is the same.
            case TOO_MANY_PARTNERS, PARTNER_MALFORMED, PARTNER_NOT_ENABLED -> "error.partners";
        };
    }

    /** The arguments for {@link #key}: the limit where the words quote one. */
    public static Object[] arguments(Violation violation) {
        return switch (violation.rule()) {
            case STORY_TOO_SHORT, STORY_TOO_LONG, NAME_TOO_LONG -> new Object[] {violation.limit()};
            default -> new Object[0];
        };
    }
}
