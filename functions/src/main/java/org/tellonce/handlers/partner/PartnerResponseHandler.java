package org.tellonce.handlers.partner;

import org.tellonce.core.feed.FeedService;
import org.tellonce.core.partner.PartnerStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.tellonce.wiring.Wiring;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.telemetry.Metrics;

/** {@code POST /partner/stories/{storyId}/responses}: a partner answers a resident. */
public final class PartnerResponseHandler extends ApiHandler {
    private static final int BODY_MAX = 16 * 1024;
    private final FeedService feed;
    private final PartnerStore partners;
    private final Metrics metrics;

    public PartnerResponseHandler() {
        this(Wiring.lambda());
    }

    public PartnerResponseHandler(Wiring wiring) {
        this(wiring.feedService(), wiring.partnerStore(), wiring.metrics());
        wiring.warmUp(this::prime);
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
        if (!request.mediaType().filter("application/json"::equals).isPresent()) {
            return HttpResponse.json(415, Json.error("unsupported_media_type", "Send the response as application/json"));
        }
        if (request.body().length > BODY_MAX) {
            return HttpResponse.json(413, Json.error("too_large", "A response can be at most 2000 characters"));
        }
        JsonNode body = Json.parse(request.body());
        JsonNode textNode = body.isObject() ? body.get("text") : null;
        String text = textNode != null && textNode.isTextual() ? textNode.asText().strip() : "";
        int length = text.codePointCount(0, text.length());
        if (length < 1 || length > FeedService.RESPONSE_MAX || text.chars().anyMatch(c ->
                Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            var error = Json.object();
            error.put("error", "validation");
            error.putObject("fields").put("text", "Write a response of 1 to " + FeedService.RESPONSE_MAX
                    + " characters, without control characters");
            return HttpResponse.json(400, Json.write(error));
        }
        return feed.respond(caller.partner().orElseThrow(), request.pathParameter("storyId").orElse(""), text)
                .map(node -> {
                    metrics.count(PartnerResponseHandler.class, "PartnerResponses", 1);
                    return HttpResponse.json(201, Json.write(node));
                })
                .orElseGet(PartnerApi::notFound);
    }
}
