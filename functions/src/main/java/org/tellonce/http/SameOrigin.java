package org.tellonce.http;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a request came from one of our own pages (cross-site request forgery). The browser
 * tells us through {@code Sec-Fetch-Site}, or else {@code Origin}, which must name our own scheme,
 * host and port exactly; the cookies it sends are {@code SameSite=Strict} as well.
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
        return !origin.get().toLowerCase(Locale.ROOT).equals(ourOrigin(request, host.get()));
    }

    /**
     * A browser request that proves who it is only by a cookie (no {@code Authorization} header)
     * and comes from another site: refuse it, whatever it is sent as.
     */
    public static boolean crossSiteCookieOnly(HttpRequest request, String... cookies) {
        return request.bearerToken().isEmpty() && java.util.Arrays.stream(cookies).anyMatch(c -> request.cookie(c).isPresent())
                && crossSite(request);
    }

    /** Our own origin as the browser writes it: the scheme the client used (API Gateway says it), host and port. */
    private static String ourOrigin(HttpRequest request, String host) {
        String scheme = request.header("x-forwarded-proto").orElse("https").toLowerCase(Locale.ROOT);
        String authority = host.toLowerCase(Locale.ROOT);
        String defaultPort = scheme.equals("https") ? ":443" : scheme.equals("http") ? ":80" : "";
        if (!defaultPort.isEmpty() && authority.endsWith(defaultPort)) {
            // Browsers leave the scheme's default port out of Origin.
            authority = authority.substring(0, authority.length() - defaultPort.length());
        }
        return scheme + "://" + authority;
    }
}
