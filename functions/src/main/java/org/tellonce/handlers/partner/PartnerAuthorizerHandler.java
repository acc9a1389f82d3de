package org.tellonce.handlers.partner;

import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerAdmin;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import java.util.Map;
import java.util.Optional;
import org.tellonce.wiring.Wiring;
import org.tellonce.telemetry.Log;
import org.tellonce.core.StoreUnavailableException;

/**
 * The Lambda authorizer of {@code /partner/*} (HTTP API, simple responses, no caching so a rotated
 * or disabled key stops at once). A disabled partner is denied (API Gateway answers 403). An
 * unknown key is let through marked unauthenticated and the function answers 401: HTTP API's
 * simple responses can only deny with 403, and the contract says an invalid key is a 401.
 * A missing Authorization header never reaches this function (API Gateway answers 401).
 */
public final class PartnerAuthorizerHandler
        implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {
    public static final String CONTEXT_PARTNER_ID = "partnerId";
    public static final String CONTEXT_AUTHENTICATED = "authenticated";
    /** Set when the key could not be checked because the store was unavailable. */
    public static final String CONTEXT_UNAVAILABLE = "unavailable";

    private final PartnerAdmin partners;

    public PartnerAuthorizerHandler() {
        this(Wiring.lambda());
    }

    public PartnerAuthorizerHandler(Wiring wiring) {
        this(wiring.partnerAdmin());
    }

    public PartnerAuthorizerHandler(PartnerAdmin partners) {
        this.partners = partners;
    }

    @Override
    public SimpleIAMPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        Optional<String> key = bearer(event);
        Optional<Partner> partner;
        try {
            partner = key.flatMap(partners::authenticate);
        } catch (StoreUnavailableException e) {
            // A failing authorizer is a 500 from API Gateway. Let the request on, marked: it grants
            // nothing (not authenticated), and the function answers 503 with Retry-After.
            Log.warn(PartnerAuthorizerHandler.class, requestId, "authorize", "store_unavailable");
            return SimpleIAMPolicyResponse.builder().withIsAuthorized(true)
                    .withContext(Map.of(CONTEXT_AUTHENTICATED, "false", CONTEXT_UNAVAILABLE, "true")).build();
        }
        if (partner.isEmpty()) {
            Log.info(PartnerAuthorizerHandler.class, requestId, "authorize", "unauthenticated");
            return SimpleIAMPolicyResponse.builder().withIsAuthorized(true)
                    .withContext(Map.of(CONTEXT_AUTHENTICATED, "false")).build();
        }
        if (!partner.get().enabled()) {
            Log.info(PartnerAuthorizerHandler.class, requestId, "authorize", "disabled");
            return SimpleIAMPolicyResponse.builder().withIsAuthorized(false).withContext(Map.of()).build();
        }
        return SimpleIAMPolicyResponse.builder().withIsAuthorized(true)
                .withContext(Map.of(CONTEXT_AUTHENTICATED, "true", CONTEXT_PARTNER_ID, partner.get().id()))
                .build();
    }

    private static Optional<String> bearer(APIGatewayV2CustomAuthorizerEvent event) {
        Map<String, String> headers = event.getHeaders();
        String value = null;
        if (headers != null) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase("authorization")) {
                    value = h.getValue();
                }
            }
        }
        if (value == null || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(value.substring(7).trim());
    }
}
