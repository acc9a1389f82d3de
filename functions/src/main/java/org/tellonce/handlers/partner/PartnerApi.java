package org.tellonce.handlers.partner;

import java.util.Optional;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.Policy;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.http.SameOrigin;
import org.tellonce.http.StaffAccess;

/**
 * What every partner API endpoint does first: who is asking (the partner the authorizer passed on for
 * an API key, or else the staff session cookie), and may they ({@link Policy}).
 */
public final class PartnerApi {
    private PartnerApi() {
    }

    /** The caller, or the 401/403 to answer. */
    record Caller(Optional<Actor> actor, Optional<HttpResponse> refusal) {
        Actor who() {
            return actor.orElseThrow();
        }
    }

    static Caller caller(HttpRequest request, Actors actors, StaffSessions sessions) {
        Optional<String> partnerId = AuthorizerContext.partnerId(request);
        Optional<StaffSessions.Session> session = partnerId.isPresent() ? Optional.empty()
                : StaffAccess.session(request, sessions);
        Actors.Found found = actors.of(partnerId, session);
        if (found instanceof Actors.Known known) {
            boolean byCookie = known.actor() instanceof Actor.Staff;
            if (byCookie && !request.method().equals("GET") && SameOrigin.crossSite(request)) {
                return refused(HttpResponse.json(403, Json.error("cross_site",
                        "A staff session works only from TellOnce's own pages")));
            }
            return new Caller(Optional.of(known.actor()), Optional.empty());
        }
        if (found instanceof Actors.Disabled) {
            return refused(HttpResponse.json(403, Json.error("forbidden", "This partner is disabled")));
        }
        boolean refused = found instanceof Actors.Nobody nobody && nobody.refused();
        return refused(HttpResponse.json(401, Json.error("unauthorized", refused ? "Unknown API key or session"
                : "Send your API key as 'Authorization: Bearer <key>', or sign in at /staff/sign-in"))
                .header("www-authenticate", "Bearer"));
    }

    private static Caller refused(HttpResponse response) {
        return new Caller(Optional.empty(), Optional.of(response));
    }

    /** The policy's refusal of this action, as JSON; empty when it is allowed. */
    static Optional<HttpResponse> refusal(Actor actor, Action action, Policy.Story story) {
        Policy.Decision decision = Policy.decide(actor, action, story);
        if (decision.allowed()) {
            return Optional.empty();
        }
        return Optional.of(decision == Policy.Decision.NOT_FOUND ? notFound()
                : HttpResponse.json(403, Json.error("forbidden", "Your role may not do this")));
    }

    static HttpResponse notFound() {
        return HttpResponse.json(404, Json.error("not_found", "No story with that id is shared with you"));
    }
}
