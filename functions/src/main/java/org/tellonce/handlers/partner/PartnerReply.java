package org.tellonce.handlers.partner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.feed.ResponseText;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;

/** A partner's response to a resident as the API receives it (JSON). */
final class PartnerReply {
    private static final int BODY_MAX = 16 * 1024;

    private PartnerReply() {
    }

    /** The API's response text, or the 4xx refusing it. */
    record Read(Optional<String> text, Optional<HttpResponse> refusal) {
        static Read refused(int status, String body) {
            return new Read(Optional.empty(), Optional.of(HttpResponse.json(status, body)));
        }
    }

    static Read json(HttpRequest request) {
        if (!request.mediaType().filter("application/json"::equals).isPresent()) {
            return Read.refused(415, Json.error("unsupported_media_type", "Send the response as application/json"));
        }
        if (request.body().length > BODY_MAX) {
            return Read.refused(413, Json.error("too_large", "A response can be at most 2000 characters"));
        }
        JsonNode body = Json.parse(request.body());
        JsonNode textNode = body.isObject() ? body.get("text") : null;
        String text = textNode != null && textNode.isTextual() ? textNode.asText().strip() : "";
        if (!ResponseText.acceptable(text)) {
            var error = Json.object();
            error.put("error", "validation");
            error.putObject("fields").put("text", "Write a response of 1 to " + FeedService.RESPONSE_MAX
                    + " characters, without control characters");
            return Read.refused(400, Json.write(error));
        }
        return new Read(Optional.of(text), Optional.empty());
    }
}
