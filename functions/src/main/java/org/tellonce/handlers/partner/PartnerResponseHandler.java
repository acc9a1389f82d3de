package org.tellonce.handlers.partner;

import org.tellonce.core.feed.FeedService;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
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
        return feed.respond(caller.partner().orElseThrow(), request.pathParameter("storyId").orElse(""),
                        reply.text().orElseThrow())
                .map(response -> {
                    metrics.count(PartnerResponseHandler.class, "PartnerResponses", 1);
                    return HttpResponse.json(201, FeedJson.response(response));
                })
                .orElseGet(PartnerApi::notFound);
    }
}
