package org.tellonce.handlers.partner;

import java.util.Optional;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerAccess;
import org.tellonce.core.partner.PartnerAuthentication;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;

/** What every partner API endpoint does first: who is asking (as the authorizer passed it on), and may they. */
public final class PartnerApi {
    private PartnerApi() {
    }

    /** The calling partner, or the 401/403 to answer. */
    record Caller(Optional<Partner> partner, Optional<HttpResponse> refusal) {
    }

    static Caller caller(HttpRequest request, PartnerStore store) {
        Optional<String> partnerId = AuthorizerContext.partnerId(request);
        PartnerAccess access = new PartnerAuthentication(store).authorized(partnerId);
        if (access instanceof PartnerAccess.SignedIn signedIn) {
            return new Caller(Optional.of(signedIn.partner()), Optional.empty());
        }
        return new Caller(Optional.empty(), Optional.of(refusal(access)));
    }

    /** 401 for no or an unknown key, 403 for a disabled partner. */
    static HttpResponse refusal(PartnerAccess access) {
        if (access instanceof PartnerAccess.Disabled) {
            return HttpResponse.json(403, Json.error("forbidden", "This partner is disabled"));
        }
        boolean refused = access instanceof PartnerAccess.SignedOut out && out.refused();
        return HttpResponse.json(401, Json.error("unauthorized", refused ? "Unknown API key"
                : "Send your API key as 'Authorization: Bearer <key>'")).header("www-authenticate", "Bearer");
    }

    static HttpResponse notFound() {
        return HttpResponse.json(404, Json.error("not_found", "No story with that id is shared with you"));
    }
}
