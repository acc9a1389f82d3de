package org.tellonce.http;

import java.util.Optional;
import org.tellonce.core.consent.Owner;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;
import org.tellonce.core.verify.ResidentSessions;

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

    /**
     * The story the request's reference and token open, or empty: a wrong or missing token is answered
     * exactly as a story that does not exist.
     */
    public static Optional<StoredStory> story(HttpRequest request, ResidentStore stories) {
        Optional<Reference> reference = request.pathParameter("reference").flatMap(Reference::parse);
        Optional<String> token = token(request);
        if (reference.isEmpty() || token.isEmpty() || token.get().length() > 200) {
            return Optional.empty();
        }
        return stories.load(reference.get()).filter(s -> matches(token.get(), s.manageTokenHash()));
    }

    /** As {@link #story}, for changing it: only a story still received (not erased) can be changed. */
    public static Optional<StoredStory> manageable(HttpRequest request, ResidentStore stories) {
        return story(request, stories).filter(s -> s.story().status() == Story.Status.RECEIVED);
    }

    /** A story and who proved they may manage it. */
    public record Owned(StoredStory stored, Owner owner) {
    }

    /**
     * The story the request's reference opens, with its manage token (header or the story's cookie)
     * or with a session of the resident who told it (their token in the header, or their cookie):
     * anything else is answered as a story that does not exist.
     */
    public static Optional<Owned> owned(HttpRequest request, ResidentStore stories, ResidentSessions residents) {
        Optional<StoredStory> byToken = story(request, stories);
        if (byToken.isPresent()) {
            return byToken.map(s -> new Owned(s, new Owner.ManageToken(s.manageTokenHash())));
        }
        Optional<String> residentKey = ResidentAccess.residentKey(request, residents);
        Optional<Reference> reference = request.pathParameter("reference").flatMap(Reference::parse);
        if (residentKey.isEmpty() || reference.isEmpty()) {
            return Optional.empty();
        }
        return stories.load(reference.get())
                .filter(s -> s.story().residentKey().filter(residentKey.get()::equals).isPresent())
                .map(s -> new Owned(s, new Owner.Resident(residentKey.get())));
    }

    /** As {@link #owned}, for changing it: only a story still received (not erased). */
    public static Optional<Owned> ownedToChange(HttpRequest request, ResidentStore stories, ResidentSessions residents) {
        return owned(request, stories, residents).filter(o -> o.stored().story().status() == Story.Status.RECEIVED);
    }

    public static boolean matches(String token, String storedHash) {
        return !storedHash.isEmpty() && Hashing.constantTimeEquals(Hashing.sha256Hex(token), storedHash);
    }
}
