package org.tellonce.core.sharing;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tellonce.core.story.Postcodes;
import org.tellonce.core.text.Folded;

/**
 * Masks e-mail addresses, phone numbers, full UK postcodes and the resident's own name in a story
 * before a partner sees it anonymously (SPEC §6). Everything else is left exactly as the resident
 * wrote it.
 *
 * <p>Detection runs on a folded copy of the text — Unicode compatibility forms (NFKC: full-width
 * {@code ＠}, mathematical digits), zero-width characters and soft hyphens removed — and each match
 * is masked in the original, so what a person would still read as a number or an address cannot
 * slip through by a character a pattern does not expect.
 */
public final class Redactor {
    public static final String EMAIL_REMOVED = "[email removed]";
    public static final String PHONE_REMOVED = "[phone removed]";
    public static final String POSTCODE_REMOVED = "[postcode removed]";
    public static final String NAME_REMOVED = "[name removed]";

    /**
     * Broader than RFC 5322 on purpose: a missed address leaks, an extra mask only hides a word. A match
     * starts only where a run of address characters starts (or where the last match ended), which keeps
     * a 5000-character story linear instead of retrying from every letter. Three shapes, tried in
     * order: an address with a top-level domain ({@code jo@example.com}, also {@code jo @ example.com});
     * one without ({@code jo@example}); and a spelled-out one ({@code jo [at] example dot com}).
     */
    private static final String LOCAL_CHAR = "[\\p{L}\\p{M}\\p{N}._%+'-]";
    private static final String LABEL = "[\\p{L}\\p{M}\\p{N}-]+";
    private static final String OPEN = "[\\[(<{]";
    private static final String CLOSE = "[\\])>}]";
    private static final String SPELLED_AT = "\\h*" + OPEN + "\\h*at\\h*" + CLOSE + "\\h*";
    private static final String ANY_DOT = "(?:\\.|\\h*" + OPEN + "\\h*dot\\h*" + CLOSE + "\\h*|\\h+dot\\h+)";
    private static final Pattern EMAIL = Pattern.compile("(?:(?<!" + LOCAL_CHAR + ")|\\G)" + LOCAL_CHAR + "++(?:"
            + "\\s*@\\s*" + LABEL + "(?:\\." + LABEL + ")*\\.\\p{L}{2,}"
            + "|@" + LABEL
            + "|" + SPELLED_AT + LABEL + "(?:" + ANY_DOT + LABEL + ")+)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /**
     * Outward code, any separators a person might type (none, spaces, a line break, a dash, a slash),
     * inward code; or every character spaced out ("L E 1 1 A A"). A district alone ("LE1") says little
     * and stays.
     */
    private static final String SEPARATORS = "[\\s\\-/._]*";
    private static final Pattern POSTCODE = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:GIR" + SEPARATORS + "0AA|" + Postcodes.DISTRICT + SEPARATORS + Postcodes.INWARD
                    + "|[A-Z] (?:[A-Z] )?[0-9] (?:[A-Z0-9] )?[0-9] [A-Z] [A-Z])(?![\\p{L}\\p{N}])",
            Pattern.CASE_INSENSITIVE);

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final String PHONE_REGION = "GB";

    /**
     * libphonenumber's "possible" leniency also finds years, dates, prices and "+8"; a number worth
     * masking, national or international, has at least nine digits.
     */
    private static final int MIN_PHONE_DIGITS = 9;

    /**
     * What libphonenumber rejects as too long but a person still reads as a number to ring: a typo with
     * an extra digit, two numbers run together. Only from a leading 0 or +, so years and amounts stay.
     * A character class, not a repeated group: Java's regex recurses per group repetition and a long run
     * of digits would overflow the stack.
     */
    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9+])(?:\\+|0)[0-9][0-9 ]*+");

    /** Words of the masks themselves: a name that is one of them must not mask the masks. */
    private static final Set<String> MASK_WORDS = Set.of("email", "phone", "postcode", "name", "removed");

    private Redactor() {
    }

    public static String mask(String text) {
        return mask(text, Optional.empty());
    }

    /** As {@link #mask(String)}, and the resident's own name (whole or any part of it) wherever it appears. */
    public static String mask(String text, Optional<String> name) {
        return run(text, name, (kind, found) -> kind.mask());
    }

    /** What masking would hide, and why: a moderator's suggestions (SPEC §12), by the same rules. */
    public enum Kind {
        EMAIL(EMAIL_REMOVED), PHONE(PHONE_REMOVED), POSTCODE(POSTCODE_REMOVED), NAME(NAME_REMOVED);

        private final String mask;

        Kind(String mask) {
            this.mask = mask;
        }

        public String mask() {
            return mask;
        }
    }

    /** One stretch of the text that masking hides: exactly as the resident wrote it. */
    public record Found(Kind kind, String text) {
        /** Never the text: it is from a resident's story. */
        @Override
        public String toString() {
            return "Found[" + kind + "]";
        }
    }

    /**
     * Each stretch {@link #mask(String, Optional)} would hide, in the order the rules find them. Runs the
     * very same rules, replacing each match by a private-use character that numbers it, so later rules
     * see what they would see when masking, and each match is known as it was written.
     */
    public static List<Found> find(String text, Optional<String> name) {
        List<Found> found = new ArrayList<>();
        List<String> originals = new ArrayList<>();
        run(text, name, (kind, match) -> {
            String original = restore(match, originals);
            originals.add(original);
            found.add(new Found(kind, original));
            return Character.toString(TOKEN + originals.size() - 1);
        });
        return found;
    }

    /** Private use area: never in the patterns, never a letter or a digit to them. */
    private static final int TOKEN = 0xF0000;

    private static String restore(String match, List<String> originals) {
        StringBuilder out = new StringBuilder();
        match.codePoints().forEach(cp -> {
            int i = cp - TOKEN;
            if (i >= 0 && i < originals.size()) {
                out.append(originals.get(i));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** What each match becomes: its mask, or (to find them) a token. */
    private interface Sink {
        String replace(Kind kind, String match);
    }

    private static String run(String text, Optional<String> name, Sink sink) {
        if (text == null) {
            return "";
        }
        // E-mails first: their local part may hold a phone number that must not be half-masked.
        // Postcodes after phones: a phone glued to a postcode hides the postcode's boundary until it is masked.
        String masked = replace(EMAIL, text, m -> sink.replace(Kind.EMAIL, m));
        masked = maskPhones(masked, m -> sink.replace(Kind.PHONE, m));
        masked = replace(POSTCODE, masked, m -> sink.replace(Kind.POSTCODE, m));
        Optional<Pattern> names = name.flatMap(Redactor::namePattern);
        return names.isPresent() ? replace(names.get(), masked, m -> sink.replace(Kind.NAME, m)) : masked;
    }

    private static String replace(Pattern pattern, String text, java.util.function.UnaryOperator<String> replacement) {
        Folded folded = Folded.of(text);
        List<int[]> spans = new ArrayList<>();
        Matcher m = pattern.matcher(folded.text());
        while (m.find()) {
            if (m.end() > m.start()) {
                spans.add(new int[] {m.start(), m.end()});
            }
        }
        return folded.replace(spans, replacement);
    }

    private static String maskPhones(String text, java.util.function.UnaryOperator<String> replacement) {
        Folded folded = Folded.of(text);
        String digits = folded.forNumbers();
        List<int[]> spans = new ArrayList<>();
        for (PhoneNumberMatch match
                : PHONES.findNumbers(digits, PHONE_REGION, PhoneNumberUtil.Leniency.POSSIBLE, Long.MAX_VALUE)) {
            if (longEnough(match.rawString())) {
                spans.add(new int[] {match.start(), match.end()});
            }
        }
        String found = folded.replace(spans, replacement);
        Folded again = Folded.of(found);
        List<int[]> runs = new ArrayList<>();
        Matcher run = DIGIT_RUN.matcher(again.forNumbers());
        while (run.find()) {
            String number = run.group().stripTrailing();
            if (longEnough(number)) {
                runs.add(new int[] {run.start(), run.start() + number.length()});
            }
        }
        return again.replace(runs, replacement);
    }

    private static boolean longEnough(String raw) {
        return raw.chars().filter(Character::isDigit).count() >= MIN_PHONE_DIGITS;
    }

    /** The whole name, then each of its words of two letters or more, as whole words in any case. */
    private static Optional<Pattern> namePattern(String name) {
        List<String> words = Arrays.stream(Folded.of(name).text().split("[^\\p{L}\\p{M}'’-]+"))
                .map(String::strip)
                .filter(w -> w.codePointCount(0, w.length()) >= 2)
                .filter(w -> !MASK_WORDS.contains(w.toLowerCase(Locale.ROOT)))
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        if (words.isEmpty()) {
            return Optional.empty();
        }
        String whole = words.size() > 1
                ? Arrays.stream(Folded.of(name).text().split("[^\\p{L}\\p{M}'’-]+"))
                        .filter(w -> !w.isBlank()).map(Pattern::quote).collect(Collectors.joining("[\\s.,-]+")) + "|"
                : "";
        String parts = words.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        return Optional.of(Pattern.compile("(?<![\\p{L}\\p{M}\\p{N}])(?:" + whole + parts + ")(?![\\p{L}\\p{M}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }
}
