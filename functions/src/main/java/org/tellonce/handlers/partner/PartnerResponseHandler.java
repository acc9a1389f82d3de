package org.tellonce.handlers.partner;

import java.util.Optional;
import org.tellonce.core.access.AccessRecorder;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.Policy;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.feed.LeadOutcome;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.webhook.DeletionConfirmations;
import org.tellonce.core.feed.ResponseOutcome;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.core.story.Reference;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.handlers.IdempotencyKeyHeader;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.telemetry.Metrics;
import org.tellonce.wiring.Wiring;

/**
 * {@code POST /partner/stories/{storyId}/responses}: a partner answers a resident; and
 * {@code POST|DELETE /partner/stories/{storyId}/lead}: it claims or releases the lead (SPEC section 13).
 */
public final class PartnerResponseHandler extends ApiHandler {
    private final FeedService feed;
    private final Actors actors;
    private final StaffSessions sessions;
    private final Metrics metrics;
    private final AccessRecorder access;
    private final Optional<DeletionConfirmations> deletions;

    public PartnerResponseHandler() {
        this(Wiring.lambda());
    }

    public PartnerResponseHandler(Wiring wiring) {
        this(wiring.feedService(), wiring.partnerStore(), wiring.staffSessions(), wiring.metrics(),
                wiring.accessRecorder(), Optional.of(wiring.deletionConfirmations()));
        attach(wiring);
    }

    public PartnerResponseHandler(FeedService feed, PartnerStore partners, StaffSessions sessions, Metrics metrics,
                                  AccessRecorder access) {
        this(feed, partners, sessions, metrics, access, Optional.empty());
    }

    /** @param deletions the deletion confirmations of SPEC section 14 (empty: the route answers 404) */
    public PartnerResponseHandler(FeedService feed, PartnerStore partners, StaffSessions sessions, Metrics metrics,
                                  AccessRecorder access, Optional<DeletionConfirmations> deletions) {
        this.deletions = deletions;
        this.metrics = metrics;
        this.access = access;
        this.feed = feed;
        this.actors = new Actors(partners);
        this.sessions = sessions;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        PartnerApi.Caller caller = PartnerApi.caller(request, actors, sessions);
        if (caller.refusal().isPresent()) {
            return caller.refusal().get();
        }
        Actor actor = caller.who();
        String storyId = request.pathParameter("storyId").orElse("");
        if (request.path().endsWith("/deletion-confirmations")) {
            return confirmDeletion(actor, storyId);
        }
        // Whether the story is shared decides 404 before the role decides 403: nobody learns it exists.
        Optional<Reference> shared = actor.partner().flatMap(p -> feed.sharedReference(p, storyId));
        Policy.Story story = shared.isPresent() ? Policy.Story.SHARED : Policy.Story.NOT_SHARED;
        if (request.path().endsWith("/lead")) {
            return lead(request, actor, storyId, shared, story);
        }
        Optional<HttpResponse> refusal = PartnerApi.refusal(actor, Action.REPLY, story);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        PartnerReply.Read reply = PartnerReply.json(request);
        if (reply.refusal().isPresent()) {
            return reply.refusal().get();
        }
        ResponseOutcome outcome = feed.respond(actor.partner().orElseThrow(), storyId, reply.text().orElseThrow(),
                IdempotencyKeyHeader.of(request));
        if (outcome instanceof ResponseOutcome.Stored) {
            // A replay stored nothing and is not a second reply: only a stored response is logged.
            access.record(actor, Action.REPLY, shared.get());
            metrics.count(PartnerResponseHandler.class, "PartnerResponses", 1);
        }
        return answer(outcome);
    }

    private HttpResponse lead(HttpRequest request, Actor actor, String storyId, Optional<Reference> shared,
                              Policy.Story story) {
        Optional<HttpResponse> refusal = PartnerApi.refusal(actor, Action.CLAIM_LEAD, story);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        boolean claim = !request.method().equals("DELETE");
        Partner partner = actor.partner().orElseThrow();
        LeadOutcome outcome = claim ? feed.claimLead(partner, storyId) : feed.releaseLead(partner, storyId);
        if (outcome instanceof LeadOutcome.Leading leading) {
            access.record(actor, Action.CLAIM_LEAD, shared.get());
            return HttpResponse.json(200, FeedJson.lead(Optional.of(leading.lead())));
        }
        if (outcome instanceof LeadOutcome.Released) {
            access.record(actor, Action.CLAIM_LEAD, shared.get());
            return HttpResponse.json(200, FeedJson.lead(Optional.empty()));
        }
        if (outcome instanceof LeadOutcome.Taken taken) {
            return HttpResponse.json(409, claim
                    ? Json.error("lead_taken", taken.lead().name() + " (" + taken.lead().partnerId()
                            + ") leads this story; it must release it before another partner can claim it")
                    : Json.error("not_lead", "Only the lead partner may release this story; "
                            + taken.lead().name() + " (" + taken.lead().partnerId() + ") leads it"));
        }
        return PartnerApi.notFound();
    }

    /**
     * {@code POST /partner/stories/{storyId}/deletion-confirmations}: 204 when this partner was told the story
     * was withdrawn from it (again 204 when said twice); 404 when it never was, or holds the story again.
     */
    private HttpResponse confirmDeletion(Actor actor, String storyId) {
        Optional<Reference> told = deletions.flatMap(d -> actor.partner().flatMap(p -> d.toldOf(storyId, p.id())));
        Optional<HttpResponse> refusal = PartnerApi.refusal(actor, Action.CONFIRM_DELETION,
                told.isPresent() ? Policy.Story.SHARED : Policy.Story.NOT_SHARED);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (!deletions.orElseThrow().confirm(told.get(), actor.partner().orElseThrow().id())) {
            return PartnerApi.notFound();
        }
        metrics.count(PartnerResponseHandler.class, "DeletionsConfirmed", 1);
        return HttpResponse.empty(204);
    }

    /** A replay answers exactly as the first time: the same status and body. */
    private static HttpResponse answer(ResponseOutcome outcome) {
        if (outcome instanceof ResponseOutcome.Stored stored) {
            return HttpResponse.json(201, FeedJson.response(stored.response()));
        }
        if (outcome instanceof ResponseOutcome.Replayed replayed) {
            return HttpResponse.json(201, FeedJson.response(replayed.response()));
        }
        if (outcome instanceof ResponseOutcome.KeyReused) {
            return HttpResponse.json(422, Json.error("idempotency_key_reused",
                    "This Idempotency-Key was already used for a different response; use a new key"));
        }
        if (outcome instanceof ResponseOutcome.Conflict) {
            return HttpResponse.json(409, Json.error("conflict",
                    "A request with this Idempotency-Key is still being processed; retry shortly"))
                    .header("retry-after", "1");
        }
        return PartnerApi.notFound();
    }
}
