package org.tellonce.handlers.staff;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.tellonce.core.digest.DigestLinks;
import org.tellonce.core.digest.DigestPreferences;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.http.StaffAccess;
import org.tellonce.telemetry.Log;
import org.tellonce.web.Page;
import org.tellonce.web.Pages;
import org.tellonce.web.StaffPages;

/**
 * The daily digest's opt-out, on the staff sign-in function: {@code POST /staff/digest}
 * {@code {"digest": true|false}} (a staff session; JSON, or the signed-in page's form), and the e-mail's
 * link {@code GET /staff/digest/unsubscribe?token=...} (a button, nothing changes) then {@code POST}
 * (no sign-in: the signed token names the person).
 */
final class DigestRoutes {
    static final String DIGEST = "/staff/digest";
    private static final String SIGN_IN = "/staff/sign-in";

    private final StaffSessions sessions;
    private final DigestPreferences preferences;
    private final DigestLinks links;

    DigestRoutes(StaffSessions sessions, DigestPreferences preferences, DigestLinks links) {
        this.sessions = sessions;
        this.preferences = preferences;
        this.links = links;
    }

    static boolean serves(HttpRequest request) {
        return request.path().equals(DIGEST) || request.path().equals(DigestLinks.UNSUBSCRIBE_PATH);
    }

    /** The member's choice for the signed-in page; empty for roles the digest is not for. */
    Optional<Boolean> choice(StaffSessions.Session session) {
        return session.member().partnerId().isPresent() ? preferences.digest(session.staffKey()) : Optional.empty();
    }

    HttpResponse handle(HttpRequest request) {
        return request.path().equals(DIGEST) ? set(request) : unsubscribe(request);
    }

    private HttpResponse set(HttpRequest request) {
        boolean json = request.mediaType().filter("application/json"::equals).isPresent();
        Optional<StaffSessions.Session> session = StaffAccess.session(request, sessions);
        if (session.isEmpty()) {
            return json ? HttpResponse.json(401, Json.error("unauthorized", "Sign in at " + SIGN_IN))
                    : HttpResponse.redirect(SIGN_IN);
        }
        Optional<Boolean> digest = json ? flag(Json.parse(request.body())) : FormBody.parse(request.body())
                .single("digest").filter(v -> v.equals("true") || v.equals("false")).map(Boolean::parseBoolean);
        if (digest.isEmpty()) {
            return HttpResponse.json(400, Json.error("validation", "Send {\"digest\": true} or {\"digest\": false}"));
        }
        preferences.setDigest(session.get().staffKey(), digest.get());
        Log.info(DigestRoutes.class, request.requestId(), "staff_digest_set", "digest=" + digest.get());
        return json ? HttpResponse.json(200, Json.write(Json.object().put("digest", digest.get())))
                : HttpResponse.redirect(SIGN_IN + "?" + Page.NOTICE + "=" + (digest.get() ? "digestOn" : "digestOff"));
    }

    private HttpResponse unsubscribe(HttpRequest request) {
        boolean post = request.method().equals("POST");
        // The page's form sends the token in its body; a mail program's one-click POST (RFC 8058) in the link.
        String token = (post ? FormBody.parse(request.body()).single("token") : Optional.<String>empty())
                .orElseGet(() -> request.query().getOrDefault("token", ""));
        Page page = Page.of(request, "/");
        Optional<String> staffKey = links.staffKey(token);
        if (staffKey.isEmpty() || preferences.digest(staffKey.get()).isEmpty()) {
            return Pages.problem(post ? page.switchingAt(SIGN_IN) : page, 400, "digest.invalid.title",
                    "digest.invalid.body");
        }
        if (!post) {
            return StaffPages.unsubscribe(page, token);
        }
        preferences.setDigest(staffKey.get(), false);
        Log.info(DigestRoutes.class, request.requestId(), "staff_digest_set", "digest=false");
        return StaffPages.unsubscribed(page.switchingAt(SIGN_IN));
    }

    private static Optional<Boolean> flag(JsonNode body) {
        JsonNode value = body.isObject() ? body.get("digest") : null;
        return value != null && value.isBoolean() ? Optional.of(value.asBoolean()) : Optional.empty();
    }
}
