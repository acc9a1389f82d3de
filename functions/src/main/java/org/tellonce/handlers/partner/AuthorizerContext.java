package org.tellonce.handlers.partner;

import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.StoreUnavailableException;
import org.tellonce.core.partner.PartnerAccess;
import org.tellonce.http.HttpRequest;

/**
 * What the partner authorizer passes on to the functions behind it, written and read here. HTTP API's
 * simple responses can only deny with 403, so only a disabled partner is denied; an unknown key goes
 * on marked unauthenticated, for the function to answer 401 as the contract says.
 */
final class AuthorizerContext {
    static final String PARTNER_ID = "partnerId";
    static final String AUTHENTICATED = "authenticated";
    /** Set when the key could not be checked because the store was unavailable. */
    static final String UNAVAILABLE = "unavailable";

    private AuthorizerContext() {
    }

    /** The authorizer's answer for who the key opens. */
    static SimpleIAMPolicyResponse answer(PartnerAccess access) {
        if (access instanceof PartnerAccess.Disabled) {
            return SimpleIAMPolicyResponse.builder().withIsAuthorized(false).withContext(Map.of()).build();
        }
        return allow(access instanceof PartnerAccess.SignedIn in
                ? Map.of(AUTHENTICATED, "true", PARTNER_ID, in.partner().id()) : Map.of(AUTHENTICATED, "false"));
    }

    /**
     * The key could not be checked. A failing authorizer is a 500 from API Gateway: let the request on,
     * marked; it grants nothing, and the function answers 503 with Retry-After.
     */
    static SimpleIAMPolicyResponse unavailable() {
        return allow(Map.of(AUTHENTICATED, "false", UNAVAILABLE, "true"));
    }

    private static SimpleIAMPolicyResponse allow(Map<String, String> context) {
        return SimpleIAMPolicyResponse.builder().withIsAuthorized(true).withContext(context).build();
    }

    /** The API key of an {@code Authorization: Bearer} header. */
    static Optional<String> bearer(Map<String, String> headers) {
        return headers == null ? Optional.empty() : headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("authorization")).reduce((first, last) -> last)
                .map(Map.Entry::getValue).filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim());
    }

    /** Behind the authorizer: the partner it let through, if any. */
    static Optional<String> partnerId(HttpRequest request) {
        Map<String, String> context = request.authorizer();
        if ("true".equals(context.get(UNAVAILABLE))) {
            throw new StoreUnavailableException(new IllegalStateException("the authorizer could not check the key"));
        }
        return Optional.ofNullable(context.get(PARTNER_ID)).filter(id -> "true".equals(context.get(AUTHENTICATED)));
    }
}
