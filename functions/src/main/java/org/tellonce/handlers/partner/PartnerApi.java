package org.tellonce.handlers.partner;

import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import java.util.Optional;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.core.StoreUnavailableException;

/** What every partner endpoint does first: who is asking, and may they. */
public final class PartnerApi {
    private PartnerApi() {
    }

    /** The calling partner, or the 401/403 to answer. */
    record Caller(Optional<Partner> partner, Optional<HttpResponse> refusal) {
    }

    static Caller caller(HttpRequest request, PartnerStore store) {
        if ("true".equals(request.authorizer().get(PartnerAuthorizerHandler.CONTEXT_UNAVAILABLE))) {
            throw new StoreUnavailableException(new IllegalStateException("the authorizer could not check the key"));
        }
        String partnerId = request.authorizer().get(PartnerAuthorizerHandler.CONTEXT_PARTNER_ID);
        if (!"true".equals(request.authorizer().get(PartnerAuthorizerHandler.CONTEXT_AUTHENTICATED))
                || partnerId == null) {
            return new Caller(Optional.empty(), Optional.of(HttpResponse.json(401,
                    Json.error("unauthorized", "Send your API key as 'Authorization: Bearer <key>'"))
                    .header("www-authenticate", "Bearer")));
        }
        Optional<Partner> partner = store.find(partnerId);
        if (partner.isEmpty()) {
            return new Caller(Optional.empty(), Optional.of(HttpResponse.json(401,
                    Json.error("unauthorized", "Unknown API key")).header("www-authenticate", "Bearer")));
        }
        if (!partner.get().enabled()) {
            return new Caller(Optional.empty(), Optional.of(HttpResponse.json(403,
                    Json.error("forbidden", "This partner is disabled"))));
        }
        return new Caller(partner, Optional.empty());
    }

    static HttpResponse notFound() {
        return HttpResponse.json(404, Json.error("not_found", "No story with that id is shared with you"));
    }
}
