package org.tellonce.core.story;

import java.util.Locale;
import java.util.Optional;

/** How far the resident lets a story travel. */
public enum Share {
    /** Kept by TellOnce only. */
    PRIVATE,
    /** Shared without name or contact; personal details in the text are masked. */
    ANONYMOUS,
    /** Shared with name and contact. */
    IDENTIFIED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean shares() {
        return this != PRIVATE;
    }

    public static Optional<Share> parse(String value) {
        for (Share share : values()) {
            if (share.wire().equals(value)) {
                return Optional.of(share);
            }
        }
        return Optional.empty();
    }
}
