package org.tellonce.core.sharing;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tellonce.core.story.Postcodes;

/**
 * Masks e-mail addresses, phone numbers and full UK postcodes in a story before a partner sees it
 * anonymously (SPEC §6). Everything else is left exactly as the resident wrote it.
 */
public final class Redactor {
    public static final String EMAIL_REMOVED = "[email removed]";
    public static final String PHONE_REMOVED = "[phone removed]";
    public static final String POSTCODE_REMOVED = "[postcode removed]";

    /**
     * Broader than RFC 5322 on purpose: a missed address leaks, an extra mask only hides a word. A match
     * starts only where a run of address characters starts (or where the last match ended), which keeps
     * a 5000-character story linear instead of retrying from every letter.
     */
    private static final String LOCAL_CHAR = "[\\p{L}\\p{M}\\p{N}._%+'-]";
    private static final Pattern EMAIL = Pattern.compile("(?:(?<!" + LOCAL_CHAR + ")|\\G)" + LOCAL_CHAR
            + "++@[\\p{L}\\p{M}\\p{N}-]+(?:\\.[\\p{L}\\p{M}\\p{N}-]+)*\\.\\p{L}{2,}");

    /** Outward code, optional space, inward code; a district alone ("LE1") says little and stays. */
    private static final Pattern POSTCODE = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:GIR\\h?0AA|" + Postcodes.DISTRICT + "\\h?" + Postcodes.INWARD + ")(?![\\p{L}\\p{N}])",
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

    private Redactor() {
    }

    public static String mask(String text) {
        if (text == null) {
            return "";
        }
        // E-mails first: their local part may hold a phone number that must not be half-masked.
        // Postcodes last: a phone glued to a postcode hides the postcode's boundary until it is masked.
        String masked = replace(EMAIL, text, EMAIL_REMOVED);
        masked = maskPhones(masked);
        return replace(POSTCODE, masked, POSTCODE_REMOVED);
    }

    private static String replace(Pattern pattern, String text, String replacement) {
        return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(replacement));
    }

    private static String maskPhones(String text) {
        // Pasted numbers often hold thin or no-break spaces that libphonenumber does not group by; it
        // searches a copy with plain spaces, the same length, so its positions hold for the original.
        String plainSpaces = text.replaceAll("\\h", " ");
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (PhoneNumberMatch match
                : PHONES.findNumbers(plainSpaces, PHONE_REGION, PhoneNumberUtil.Leniency.POSSIBLE, Long.MAX_VALUE)) {
            if (longEnough(match.rawString())) {
                out.append(text, from, match.start()).append(PHONE_REMOVED);
                from = match.end();
            }
        }
        String found = out.append(text, from, text.length()).toString();
        return DIGIT_RUN.matcher(found).replaceAll(run -> {
            String number = run.group().stripTrailing();
            String kept = longEnough(number) ? PHONE_REMOVED + run.group().substring(number.length()) : run.group();
            return Matcher.quoteReplacement(kept);
        });
    }

    private static boolean longEnough(String raw) {
        return raw.chars().filter(Character::isDigit).count() >= MIN_PHONE_DIGITS;
    }
}
