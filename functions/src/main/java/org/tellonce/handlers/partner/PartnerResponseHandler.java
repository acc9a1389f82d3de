package org.tellonce.handlers.partner;

import com.fasterxml.jackson.databind.JsonNode;
import org.tellonce.core.feed.FeedCursor;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.wiring.Components;

/** {@code POST /partner/stories/{storyId}/responses}: a partner answers a resident. */
public final class PartnerResponseHandler extends ApiHandler {
    private static final int BODY_MAX = 16 * 1024;
    private final FeedService feed;
    private final PartnerStore partners;

    public PartnerResponseHandler() {
        this(Components.get());
    }

    private PartnerResponseHandler(Components c) {
        this(new FeedService(c.feedStore(), new FeedCursor(c::cursorKey), c.clock()), c.partnerStore());
    }

    public PartnerResponseHandler(FeedService feed, PartnerStore partners) {
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
        if (!FeedService.acceptableResponse(text)) {
            var error = Json.object();
            error.put("error", "validation");
            error.putObject("fields").put("text", "Write a response of 1 to " + FeedService.RESPONSE_MAX
                    + " characters, without control characters");
            return HttpResponse.json(400, Json.write(error));
        }
        return feed.respond(caller.partner().orElseThrow(), request.pathParameter("storyId").orElse(""), text)
                .map(response -> {
                    org.tellonce.telemetry.Metrics.count(PartnerResponseHandler.class, "PartnerResponses", 1);
                    return HttpResponse.json(201, FeedJson.response(response));
                })
                .orElseGet(PartnerApi::notFound);
    }
}
