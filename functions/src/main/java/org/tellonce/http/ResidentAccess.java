package org.tellonce.http;

import java.util.Optional;
import org.tellonce.core.verify.ResidentSessions;

/**
 * A resident's session on a request: their token in {@code Authorization: Bearer} (the JSON API) or
 * their HttpOnly cookie (the pages).
 */
public final class ResidentAccess {
    private ResidentAccess() {
    }

    public static Optional<String> token(HttpRequest request) {
        return request.bearerToken().or(() -> request.cookie(ResidentSessions.COOKIE));
    }

    /** The resident whose open session the request carries. */
    public static Optional<String> residentKey(HttpRequest request, ResidentSessions sessions) {
        return token(request).flatMap(sessions::residentKey);
    }

    public static String setCookie(ResidentSessions.Issued session) {
        return ResidentSessions.COOKIE + "=" + session.token() + "; Path=/; Max-Age="
                + ResidentSessions.LIFETIME.toSeconds() + "; HttpOnly; Secure; SameSite=Strict";
    }

    public static String clearCookie() {
        return ResidentSessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict";
    }
}
