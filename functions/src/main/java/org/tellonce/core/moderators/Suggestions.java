package org.tellonce.core.moderators;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tellonce.core.sharing.Redactor;

/**
 * What a moderator might take out of a held story before partners see it (SPEC §12): what anonymous
 * masking hides (e-mail addresses, phone numbers, postcodes, the resident's own name, by
 * {@link Redactor}'s very rules), names a person gives ("My name is Jo Bloggs", "Dr Patel", two or
 * three capitalised words in a row mid-sentence), and street addresses ("12 Acacia Avenue", "4 Heol
 * y Bont"). Suggestions only: the moderator decides, and may edit anything.
 */
public final class Suggestions {
    public static final String ADDRESS_REMOVED = "[address removed]";

    /** Why a stretch is suggested; {@code mask} is what it becomes when the suggestion is taken. */
    public enum Kind {
        EMAIL(Redactor.EMAIL_REMOVED), PHONE(Redactor.PHONE_REMOVED), POSTCODE(Redactor.POSTCODE_REMOVED),
        RESIDENT_NAME(Redactor.NAME_REMOVED), NAME(Redactor.NAME_REMOVED), ADDRESS(ADDRESS_REMOVED);

        private final String mask;

        Kind(String mask) {
            this.mask = mask;
        }

        public String mask() {
            return mask;
        }

        /** {@code email}, {@code resident-name}, ...: JSON and message keys. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** One suggestion: a stretch of the text exactly as written. */
    public record Suggestion(Kind kind, String text) {
        /** Never the text: it is from a resident's story. */
        @Override
        public String toString() {
            return "Suggestion[" + kind + "]";
        }
    }

    private static final String WORD = "\\p{Lu}[\\p{Ll}'’-]*\\p{Ll}";
    private static final String NAME = WORD + "(?:[ \\t]+" + WORD + "){0,2}";

    /** A name given as a name: after "my name is", a title, and the like, in English, Welsh and Polish. */
    private static final Pattern GIVEN_NAME = Pattern.compile(
            "(?:(?iu:my name is|my name's|i am called|i'm called|call me|named|fy enw i yw|fy enw yw|fy enw i ydy"
                    + "|nazywam się|mam na imię|jestem)[ \\t]+|\\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Nurse|Doctor|Pan|Pani)\\.?[ \\t]+)"
                    + "(" + NAME + ")");

    /** Two or three capitalised words in a row, not opening a sentence: most often a person's name. */
    private static final Pattern CAPITALISED = Pattern.compile(
            "(?<=[\\p{Ll},;:][ \\t])(" + WORD + "(?:[ \\t]+" + WORD + "){1,2})");

    /** Capitalised words that are not names (days, months, services, places people name openly). */
    private static final Set<String> NOT_NAMES = Set.of("I", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December", "Christmas", "Easter", "English", "Welsh", "Polish",
            "Council", "Hospital", "Surgery", "Service", "Services", "Centre", "Center", "Street", "Road", "Avenue",
            "Lane", "Trust", "Health", "Housing", "Police", "School", "College", "University", "Church", "Bank",
            "Universal", "Credit", "Jobcentre", "Plus", "Citizens", "Advice", "Royal", "Infirmary", "General",
            "Accident", "Emergency", "Mental", "Social", "Care", "Team");

    private static final String STREET = "(?iu:street|st|road|rd|avenue|ave|lane|ln|close|drive|court|crescent"
            + "|way|place|terrace|grove|gardens|square|walk|hill|row|mews|view|parade|rise|green|park)";

    /** A house number and a street: "12 Acacia Avenue", "3a Mill Lane", "4 Heol y Bont". */
    private static final Pattern ADDRESS = Pattern.compile(
            "(?<![\\p{L}\\p{N}])\\d{1,4}[a-zA-Z]?,?[ \\t]+(?:(?:\\p{Lu}[\\p{L}'’-]*[ \\t]+){1,3}" + STREET
                    + "|(?iu:heol|stryd|ffordd|lôn|rhodfa|ulica|ul\\.)[ \\t]+(?:\\p{L}[\\p{L}'’-]*)(?:[ \\t]+\\p{L}[\\p{L}'’-]*){0,2})"
                    + "(?![\\p{L}\\p{N}])");

    /** A title before a name is not part of it: "Doctor Anna Kowalska" suggests "Anna Kowalska". */
    private static final String TITLE = "^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Nurse|Doctor|Pan|Pani)\\.?[ \\t]+";

    private Suggestions() {
    }

    /** Every suggestion for a story, each stretch once, in the order found. */
    public static List<Suggestion> of(String text, Optional<String> residentName) {
        Set<Suggestion> all = new LinkedHashSet<>();
        for (Redactor.Found found : Redactor.find(text, residentName)) {
            all.add(new Suggestion(switch (found.kind()) {
                case EMAIL -> Kind.EMAIL;
                case PHONE -> Kind.PHONE;
                case POSTCODE -> Kind.POSTCODE;
                case NAME -> Kind.RESIDENT_NAME;
            }, found.text()));
        }
        find(ADDRESS, text, 0).forEach(a -> all.add(new Suggestion(Kind.ADDRESS, a)));
        find(GIVEN_NAME, text, 1).forEach(n -> all.add(new Suggestion(Kind.NAME, n)));
        find(CAPITALISED, text, 1).stream().map(n -> n.replaceFirst(TITLE, "")).filter(Suggestions::nameLike)
                .forEach(n -> all.add(new Suggestion(Kind.NAME, n)));
        // A name already suggested as the resident's own is not suggested twice.
        Set<String> residentNames = new java.util.HashSet<>();
        all.stream().filter(s -> s.kind() == Kind.RESIDENT_NAME).forEach(s -> residentNames.add(s.text()));
        return all.stream().filter(s -> s.kind() != Kind.NAME || !residentNames.contains(s.text())).toList();
    }

    /**
     * The text with every suggestion taken: masking's rules first (as partners would see it anonymously),
     * then the addresses and names, longest first so a full name goes before its parts.
     */
    public static String applied(String text, Optional<String> residentName, List<Suggestion> suggestions) {
        String out = Redactor.mask(text, residentName);
        List<Suggestion> rest = new ArrayList<>(suggestions.stream()
                .filter(s -> s.kind() == Kind.ADDRESS || s.kind() == Kind.NAME).toList());
        rest.sort((a, b) -> Integer.compare(b.text().length(), a.text().length()));
        for (Suggestion s : rest) {
            out = out.replace(s.text(), s.kind().mask());
        }
        return out;
    }

    private static boolean nameLike(String words) {
        if (!words.contains(" ") && !words.contains("\t")) {
            return false;
        }
        for (String word : words.split("[ \\t]+")) {
            if (NOT_NAMES.contains(word)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> find(Pattern pattern, String text, int group) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(group).strip());
        }
        return found;
    }
}
