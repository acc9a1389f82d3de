package org.tellonce.core.story;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;

/** A story's reference as residents see it: {@code TO-} and six characters that are hard to misread. */
public record Reference(String value) {
    public static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final Pattern FORMAT = Pattern.compile("TO-[" + ALPHABET + "]{6}");

    public Reference {
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a reference");
        }
    }

    public static Reference random(SecureRandom random) {
        char[] chars = new char[6];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new Reference("TO-" + new String(chars));
    }

    /** Accepts what a resident may type: any case, surrounding spaces. */
    public static Optional<Reference> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String normalised = value.trim().toUpperCase(java.util.Locale.ROOT);
        return FORMAT.matcher(normalised).matches() ? Optional.of(new Reference(normalised)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
