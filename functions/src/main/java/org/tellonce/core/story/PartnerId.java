package org.tellonce.core.story;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A partner organisation's id: lower-case letters, digits and dashes, starting with a letter or digit,
 * at most 63 characters. The one place this shape is written: intake, consent, sessions and the admin
 * tool all check ids here, so an id one accepts is never refused by another.
 */
public record PartnerId(String value) {
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public PartnerId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("not a partner id");
        }
    }

    /** Exactly as given: no trimming or case folding (callers that accept typed input strip first). */
    public static Optional<PartnerId> parse(String value) {
        return isValid(value) ? Optional.of(new PartnerId(value)) : Optional.empty();
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
