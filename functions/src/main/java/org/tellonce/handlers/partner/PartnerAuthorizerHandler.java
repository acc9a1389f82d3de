package org.tellonce.handlers.partner;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;
import java.util.Optional;
import org.tellonce.core.StoreUnavailableException;
import org.tellonce.core.partner.PartnerAccess;
import org.tellonce.core.partner.PartnerAuthentication;
import org.tellonce.telemetry.Log;
import org.tellonce.wiring.Wiring;

/**
 * The Lambda authorizer of {@code /partner/*} (HTTP API, simple responses, no caching so a rotated
 * or disabled key stops at once): a disabled partner is denied (403), an unknown key goes on marked
 * unauthenticated, and so does a request without a key: the function then looks for a staff session
 * cookie, and answers 401 when there is none (SPEC section 7).
 */
public final class PartnerAuthorizerHandler
        implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {
    private final PartnerAuthentication partners;

    public PartnerAuthorizerHandler() {
        this(Wiring.lambda());
    }

    public PartnerAuthorizerHandler(Wiring wiring) {
        this(new PartnerAuthentication(wiring.partnerStore()));
    }

    public PartnerAuthorizerHandler(PartnerAuthentication partners) {
        this.partners = partners;
    }

    @Override
    public SimpleIAMPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        PartnerAccess access;
        Optional<String> key = AuthorizerContext.bearer(event.getHeaders());
        try {
            access = partners.apiKey(key);
        } catch (StoreUnavailableException e) {
            Log.warn(PartnerAuthorizerHandler.class, requestId, "authorize", "store_unavailable");
            return AuthorizerContext.unavailable();
        }
        // No key at all is a staff session's request (or nobody's): the function decides, nothing to log.
        if (key.isPresent() && !(access instanceof PartnerAccess.SignedIn)) {
            Log.info(PartnerAuthorizerHandler.class, requestId, "authorize",
                    access instanceof PartnerAccess.Disabled ? "disabled" : "unauthenticated");
        }
        return AuthorizerContext.answer(access);
    }
}
