package org.tellonce.http;

import java.util.Optional;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.story.Reference;

/**
 * The manage token: shown once in the JSON answer, or kept in an HttpOnly cookie scoped to the
 * story's own path. Only its SHA-256 is stored.
 */
public final class ManageAccess {
    public static final String COOKIE = "tellonce_manage";
    private static final long MAX_AGE_SECONDS = 365L * 24 * 3600;

    private ManageAccess() {
    }

    public static String setCookie(Reference reference, String token) {
        return COOKIE + "=" + token + "; Path=/stories/" + reference.value() + "; Max-Age=" + MAX_AGE_SECONDS
                + "; HttpOnly; Secure; SameSite=Strict";
    }

    /** Forgets the token in this browser (the story was erased). */
    public static String clearCookie(Reference reference) {
        return COOKIE + "=; Path=/stories/" + reference.value() + "; Max-Age=0; HttpOnly; Secure; SameSite=Strict";
    }

    /** The token from {@code Authorization: Bearer} or, for a browser, the cookie. */
    public static Optional<String> token(HttpRequest request) {
        return request.bearerToken().or(() -> request.cookie(COOKIE));
    }

    public static boolean matches(String token, String storedHash) {
        return !storedHash.isEmpty() && Hashing.constantTimeEquals(Hashing.sha256Hex(token), storedHash);
    }
}
