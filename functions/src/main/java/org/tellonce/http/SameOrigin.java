package org.tellonce.http;

import java.util.Optional;

/**
 * Whether a form post came from one of our own pages (cross-site request forgery). The browser
 * tells us through {@code Sec-Fetch-Site}, or else {@code Origin}; the cookies it sends are
 * {@code SameSite=Strict} as well.
 */
public final class SameOrigin {
    private SameOrigin() {
    }

    /** A form post from another site: refuse it. */
    public static boolean crossSite(HttpRequest request) {
        Optional<String> fetchSite = request.header("sec-fetch-site");
        if (fetchSite.isPresent()) {
            // The browser's own word, where it gives it: same-origin, or the person typed the address.
            return !(fetchSite.get().equals("same-origin") || fetchSite.get().equals("none"));
        }
        Optional<String> origin = request.header("origin");
        Optional<String> host = request.header("host");
        if (origin.isEmpty() || host.isEmpty() || origin.get().equals("null")) {
            return origin.filter("null"::equals).isPresent();
        }
        String originHost = origin.get().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        return !originHost.equalsIgnoreCase(host.get());
    }
}
