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
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
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
