package org.tellonce.core.story;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a UK postcode, in one place: the intake keeps a full postcode only as its sector, the
 * redactor masks full postcodes in anonymous stories, and the sharing rule decides which partner area
 * covers which story area. All must agree on what a postcode is.
 */
public final class Postcodes {
    /** The outward code, i.e. the district: "LE1", "SW1A", "M60". */
    public static final String DISTRICT = "[A-Z]{1,2}[0-9][A-Z0-9]?";
    /** The inward code: "1AA". */
    public static final String INWARD = "[0-9][A-Z]{2}";

    private static final Pattern DISTRICT_ONLY = Pattern.compile(DISTRICT);
    /** A district and the first digit of the inward code: "LE1 5". */
    private static final Pattern SECTOR = Pattern.compile("(" + DISTRICT + ") ([0-9])");
    private static final Pattern FULL = Pattern.compile("(" + DISTRICT + ") ?([0-9])[A-Z]{2}");

    private Postcodes() {
    }

    /**
     * What we keep of a postcode typed as an area: a district as it is, a sector as it is, and a full
     * postcode only as its sector (never where exactly someone lives). Empty when it is not a postcode.
     */
    public static Optional<String> keptArea(String typed) {
        String upper = spaced(typed).toUpperCase(Locale.ROOT);
        Matcher full = FULL.matcher(upper);
        if (full.matches()) {
            return Optional.of(full.group(1) + " " + full.group(2));
        }
        if (DISTRICT_ONLY.matcher(upper).matches() || SECTOR.matcher(upper).matches()) {
            return Optional.of(upper);
        }
        return Optional.empty();
    }

    /**
     * Whether a partner's area covers a story's (SPEC §6): a district covers itself and its sectors
     * ({@code LE1} covers {@code LE1 5}, never {@code LE15}); a sector covers itself; an area name
     * covers the same name, case and spacing folded.
     */
    public static boolean covers(String partnerArea, String storyArea) {
        String partner = spaced(partnerArea).toUpperCase(Locale.ROOT);
        String story = spaced(storyArea).toUpperCase(Locale.ROOT);
        if (partner.isEmpty() || story.isEmpty()) {
            return false;
        }
        if (DISTRICT_ONLY.matcher(partner).matches()) {
            Matcher sector = SECTOR.matcher(story);
            return story.equals(partner) || (sector.matches() && sector.group(1).equals(partner));
        }
        if (SECTOR.matcher(partner).matches()) {
            return story.equals(partner);
        }
        return folded(partner).equals(folded(story));
    }

    /** The district of an area that is a postcode district or sector ("LE1 5" → "LE1"); empty for a name. */
    public static Optional<String> district(String area) {
        String upper = spaced(area).toUpperCase(Locale.ROOT);
        if (DISTRICT_ONLY.matcher(upper).matches()) {
            return Optional.of(upper);
        }
        Matcher sector = SECTOR.matcher(upper);
        return sector.matches() ? Optional.of(sector.group(1)) : Optional.empty();
    }

    /** Whether an area is a postcode district or sector shape. */
    public static boolean isPostcodeArea(String area) {
        String upper = spaced(area).toUpperCase(Locale.ROOT);
        return DISTRICT_ONLY.matcher(upper).matches() || SECTOR.matcher(upper).matches();
    }

    private static String spaced(String area) {
        return area == null ? "" : area.strip().replaceAll("[\\s\\h]+", " ");
    }

    private static String folded(String name) {
        return name.replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
