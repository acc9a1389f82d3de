package org.tellonce.handlers.partner;

import org.tellonce.core.feed.FeedService;
import org.tellonce.core.feed.ResponseOutcome;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.handlers.IdempotencyKeyHeader;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.telemetry.Metrics;
import org.tellonce.wiring.Wiring;

/** {@code POST /partner/stories/{storyId}/responses}: a partner answers a resident. */
public final class PartnerResponseHandler extends ApiHandler {
    private final FeedService feed;
    private final PartnerStore partners;
    private final Metrics metrics;

    public PartnerResponseHandler() {
        this(Wiring.lambda());
    }

    public PartnerResponseHandler(Wiring wiring) {
        this(wiring.feedService(), wiring.partnerStore(), wiring.metrics());
        attach(wiring);
    }

    public PartnerResponseHandler(FeedService feed, PartnerStore partners, Metrics metrics) {
        this.metrics = metrics;
        this.feed = feed;
        this.partners = partners;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        PartnerApi.Caller caller = PartnerApi.caller(request, partners);
        if (caller.refusal().isPresent()) {
            return caller.refusal().get();
        }
        PartnerReply.Read reply = PartnerReply.json(request);
        if (reply.refusal().isPresent()) {
            return reply.refusal().get();
        }
        ResponseOutcome outcome = feed.respond(caller.partner().orElseThrow(),
                request.pathParameter("storyId").orElse(""), reply.text().orElseThrow(),
                IdempotencyKeyHeader.of(request));
        if (outcome instanceof ResponseOutcome.Stored) {
            metrics.count(PartnerResponseHandler.class, "PartnerResponses", 1);
        }
        return answer(outcome);
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
