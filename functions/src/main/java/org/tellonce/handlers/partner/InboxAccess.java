package org.tellonce.handlers.partner;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.access.AccessLog;
import org.tellonce.core.access.AccessRecorder;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.Policy;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.core.story.Reference;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.http.StaffAccess;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerPages;

/**
 * Who is using the partner inbox: a staff member by their {@code staff_session} cookie (an API key
 * opens the API, never the inbox), with their partner as it is now; and what their role lets them do
 * there, always as {@link Policy} decides it. Refusals come as the inbox's pages, or as JSON.
 */
final class InboxAccess {
    static final String HOME = "/partner";

    private InboxAccess() {
    }

    /** The person signed in, or the answer to a request that is not. */
    record Who(Optional<Actor> signedIn, Optional<HttpResponse> refusal) {
        Actor actor() {
            return signedIn.orElseThrow();
        }
    }

    static Who of(HttpRequest request, Actors actors, StaffSessions sessions, Page page, boolean json) {
        Optional<StaffSessions.Session> session = StaffAccess.session(request, sessions);
        Actors.Found found = session.isEmpty() ? new Actors.Nobody(false) : actors.staff(session.get());
        if (found instanceof Actors.Known known) {
            return new Who(Optional.of(known.actor()), Optional.empty());
        }
        if (found instanceof Actors.Disabled) {
            return refused(json ? HttpResponse.json(403, Json.error("forbidden", "This partner is disabled"))
                    : PartnerPages.disabled(page));
        }
        return refused(json ? HttpResponse.json(401, Json.error("unauthorized", "Sign in at /staff/sign-in"))
                : PartnerPages.signIn(page, 401));
    }

    private static Who refused(HttpResponse response) {
        return new Who(Optional.empty(), Optional.of(response));
    }

    /** The policy's refusal as a page or JSON; empty when the action is allowed. */
    static Optional<HttpResponse> refusal(Actor actor, Action action, Policy.Story story, Page page, boolean json) {
        Policy.Decision decision = Policy.decide(actor, action, story);
        if (decision.allowed()) {
            return Optional.empty();
        }
        if (decision == Policy.Decision.NOT_FOUND) {
            return Optional.of(json ? PartnerApi.notFound() : PartnerPages.notFound(page));
        }
        if (json) {
            return Optional.of(HttpResponse.json(403, Json.error("forbidden", actor.partner().isEmpty()
                    ? "The inbox is a partner's: your role works for the whole partnership"
                    : "Your role may not do this")));
        }
        return Optional.of(actor.partner().isEmpty() ? PartnerPages.notAPartner(page) : PartnerPages.forbidden(page));
    }

    /** Records what the person saw or did, before the answer leaves (no read without a record). */
    static void log(AccessLog log, Clock clock, Actor actor, List<Reference> references, Action action) {
        new AccessRecorder(log, clock).record(actor, action, references);
    }

    /** Whether the request wants JSON back (a JSON body, or an Accept header asking for it). */
    static boolean wantsJson(HttpRequest request) {
        return request.mediaType().filter("application/json"::equals).isPresent()
                || request.header("accept").filter(a -> a.contains("application/json") && !a.contains("text/html"))
                .isPresent();
    }

    static Page page(HttpRequest request) {
        return Page.of(request, HOME);
    }
}
