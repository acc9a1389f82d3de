package org.tellonce.handlers.consent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.tellonce.core.consent.ConsentPolicy;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;

/** Reads a consent change, from JSON or from the story page's form, into the one {@link ConsentPolicy.Choice}. */
public final class ConsentRequest {
    static final int BODY_MAX = 8 * 1024;

    private ConsentRequest() {
    }

    /** Why a JSON body is not read (media type, size), or empty to read it. */
    static Optional<HttpResponse> refusal(HttpRequest request) {
        if (!request.mediaType().filter("application/json"::equals).isPresent()) {
            return Optional.of(HttpResponse.json(415, Json.error("unsupported_media_type",
                    "Send the consent as application/json")));
        }
        if (request.body().length > BODY_MAX) {
            return Optional.of(HttpResponse.json(413, Json.error("too_large", "The consent body is too large")));
        }
        return Optional.empty();
    }

    /** {@code {"share": "anonymous", "partners": ["food-bank"]}}; a share that is not text is not chosen. */
    public static ConsentPolicy.Choice fromJson(byte[] body) {
        JsonNode root = Json.parse(body);
        JsonNode share = root.isObject() ? root.get("share") : null;
        return new ConsentPolicy.Choice(
                share != null && share.isTextual() ? Optional.of(share.asText()) : Optional.empty(),
                Json.texts(root.isObject() ? root.get("partners") : null));
    }

    /** The form's {@code consent} radio and {@code partners} checkboxes (none ticked: an empty list). */
    public static ConsentPolicy.Choice fromForm(FormBody form) {
        return new ConsentPolicy.Choice(form.single("consent"), Optional.of(form.all("partners")));
    }
}
