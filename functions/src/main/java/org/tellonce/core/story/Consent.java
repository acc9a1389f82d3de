package org.tellonce.core.story;

import java.util.List;

/**
 * The resident's consent: how far to share, and with whom. An empty partner list means every
 * partner whose subscription matches.
 */
public record Consent(Share share, List<String> partners) {
    public static final Consent PRIVATE = new Consent(Share.PRIVATE, List.of());

    public Consent {
        partners = List.copyOf(partners);
    }
}
