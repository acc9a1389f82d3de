package org.tellonce.core.intake;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tellonce.core.story.Contact;

/**
 * Turns what a resident typed into a normalised contact: e-mail lower-cased and trimmed, phone in
 * E.164 (default region GB).
 */
public final class ContactParser {
    public static final String DEFAULT_REGION = "GB";
    /**
     * An address as mail systems take it (RFC 5321 dot-atoms, letters of any script allowed as in
     * RFC 6531): no quoted local parts, no control, format or bidi characters, no brackets or quotes,
     * a domain of letter-or-digit labels ending in a top-level domain. A local part may not start
     * with a character that makes a spreadsheet cell a formula ({@code = + - @}).
     */
    private static final String ATOM = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
    private static final String LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
    private static final Pattern EMAIL = Pattern.compile(
            "(?=[^@]{1,64}@)(?![=+-])" + ATOM + "(?:\\." + ATOM + ")*@(?:" + LABEL + "\\.)+(?:\\p{L}{2,63}|xn--[a-z0-9-]{1,59})");
    private static final Pattern PHONE_CHARS = Pattern.compile("[+0-9 ()\\-.]{6,25}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private ContactParser() {
    }

    public static Optional<Contact> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String value = raw.trim();
        if (value.contains("@")) {
            String email = value.toLowerCase(Locale.ROOT);
            return email.length() <= 254 && EMAIL.matcher(email).matches()
                    ? Optional.of(new Contact.Email(email)) : Optional.empty();
        }
        return phone(value).map(Contact.Phone::new);
    }

    /** E.164 form of a phone number, or empty when it cannot be a phone number. */
    public static Optional<String> phone(String raw) {
        if (raw == null || !PHONE_CHARS.matcher(raw.trim()).matches()) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(raw.trim(), DEFAULT_REGION);
            // "Possible" rather than "valid": number plans change faster than metadata, and refusing a
            // resident's real number is worse than keeping one in a range we do not know.
            if (!PHONES.isPossibleNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
