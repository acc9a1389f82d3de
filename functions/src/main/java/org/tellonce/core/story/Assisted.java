package org.tellonce.core.story;

import java.util.Locale;
import java.util.Optional;

/**
 * A story told to a partner's member of staff, in person or on the phone, who recorded it (SPEC
 * section 15): the organisation that helped and how the resident gave consent. Never who helped: the
 * staff member's name stays out of the story.
 */
public record Assisted(String partnerId, ConsentGiven consentGiven) {

    /** How the resident consented to what the helper recorded. */
    public enum ConsentGiven {
        VERBAL, WRITTEN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<ConsentGiven> parse(String value) {
            for (ConsentGiven given : values()) {
                if (given.wire().equals(value == null ? "" : value.strip().toLowerCase(Locale.ROOT))) {
                    return Optional.of(given);
                }
            }
            return Optional.empty();
        }
    }
}
