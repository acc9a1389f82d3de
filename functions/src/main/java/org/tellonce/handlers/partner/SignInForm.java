package org.tellonce.handlers.partner;

import java.util.Optional;
import org.tellonce.core.partner.PartnerAccess;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerPages;

/** The inbox's sign-in form at the edge: the API key it carries, and the page for a key that opens nothing. */
final class SignInForm {
    private static final int BODY_MAX = 4 * 1024;

    private SignInForm() {
    }

    /** The key typed in; empty when none was (or the form could not be read). */
    static Optional<String> key(HttpRequest request) {
        if (!request.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent()
                || request.body().length > BODY_MAX) {
            return Optional.empty();
        }
        return FormBody.parse(request.body()).single("key").map(String::strip).filter(k -> !k.isEmpty());
    }

    /** For the log: who signed in, or why not (never the key). */
    static String outcome(PartnerAccess access) {
        return access instanceof PartnerAccess.SignedIn in ? in.partner().id()
                : access instanceof PartnerAccess.Disabled ? "disabled" : "unknown_key";
    }

    /** No key: 400; a key that opens nothing: 401; a disabled partner's: 403. */
    static HttpResponse refusal(PartnerAccess access, HttpRequest request) {
        Page page = page(request);
        if (access instanceof PartnerAccess.Disabled) {
            return PartnerPages.disabled(page);
        }
        boolean keySent = access instanceof PartnerAccess.SignedOut out && out.refused();
        return PartnerPages.signIn(page, keySent ? 401 : 400,
                Optional.of(keySent ? "partner.error.keyWrong" : "partner.error.keyEmpty"), Optional.empty());
    }

    static Page page(HttpRequest request) {
        return Page.of(request, PartnerSession.PATH).switchingAt(PartnerSession.PATH);
    }
}
