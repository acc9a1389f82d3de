package org.tellonce.handlers.consent;

import org.tellonce.core.consent.ConsentRules;
import org.tellonce.core.consent.ConsentStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tellonce.wiring.Wiring;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.telemetry.Log;
import org.tellonce.telemetry.Metrics;
import org.tellonce.http.ManageAccess;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

/**
 * {@code PUT /stories/{reference}/consent}: the resident widens, narrows or withdraws consent.
 * Narrowing takes effect at once for partners (the feed re-checks consent); the fan-out then
 * removes the shares themselves.
 */
public final class ConsentHandler extends ApiHandler {
    private static final int BODY_MAX = 8 * 1024;
    private final ResidentStore stories;
    private final ConsentStore consents;
    private final PartnerDirectory partnerDirectory;
    private final Metrics metrics;

    public ConsentHandler() {
        this(Wiring.lambda());
    }

    public ConsentHandler(Wiring wiring) {
        this(wiring.storyStore(), wiring.storyStore(), wiring.partnerDirectory(), wiring.metrics());
        wiring.warmUp(this::prime);
    }

    /** @param partnerDirectory the enabled partners: the only ids a consent may name */
    public ConsentHandler(ResidentStore stories, ConsentStore consents, PartnerDirectory partnerDirectory,
                          Metrics metrics) {
        this.metrics = metrics;
        this.stories = stories;
        this.consents = consents;
        this.partnerDirectory = partnerDirectory;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Optional<StoredStory> found = Resident.authorised(request, stories);
        if (found.isEmpty()) {
            return Resident.notFound();
        }
        if (!request.mediaType().filter("application/json"::equals).isPresent()) {
            return HttpResponse.json(415, Json.error("unsupported_media_type", "Send the consent as application/json"));
        }
        if (request.body().length > BODY_MAX) {
            return HttpResponse.json(413, Json.error("too_large", "The consent body is too large"));
        }
        JsonNode body = Json.parse(request.body());
        Story story = found.get().story();
        JsonNode shareNode = body.isObject() ? body.get("share") : null;
        Optional<String> shareGiven = shareNode != null && shareNode.isTextual() ? Optional.of(shareNode.asText())
                : Optional.empty();
        ConsentRules.Checked checked = ConsentRules.check(shareGiven, Json.texts(body.isObject() ? body.get("partners") : null), story, partnerDirectory);
        Map<String, String> errors = new LinkedHashMap<>();
        checked.problems().forEach(problem -> errors.putIfAbsent(problem.field(), message(problem)));
        if (!errors.isEmpty()) {
            ObjectNode error = Json.object();
            error.put("error", "validation");
            ObjectNode fields = error.putObject("fields");
            errors.forEach(fields::put);
            return HttpResponse.json(400, Json.write(error));
        }
        Consent consent = checked.consent();
        Share share = consent.share();
        if (!consents.changeConsent(story.reference(), found.get().manageTokenHash(), consent)) {
            return Resident.notFound();
        }
        Log.info(ConsentHandler.class, request.requestId(), "consent_changed", share.wire());
        metrics.count(ConsentHandler.class, "ConsentChanges", 1, "Share", share.wire());
        ObjectNode answer = Json.object();
        answer.put("reference", story.reference().value());
        ObjectNode c = answer.putObject("consent");
        c.put("share", share.wire());
        ArrayNode list = c.putArray("partners");
        consent.partners().forEach(list::add);
        return HttpResponse.json(200, Json.write(answer));
    }

    private static String message(ConsentRules.Problem problem) {
        return switch (problem) {
            case SHARE_NOT_CHOSEN -> "Choose private, anonymous or identified";
            case NO_CONTACT_TO_SHARE -> "This story has no contact details to share; choose anonymous or private";
            case PARTNERS_MALFORMED -> "Partners must be a list of partner ids";
            case PARTNERS_NOT_ENABLED -> PartnerDirectory.NOT_ENABLED;
        };
    }

    /** Shared by the resident's own endpoints: find the story the token opens, or answer 404. */
    static final class Resident {
        private Resident() {
        }

        static Optional<StoredStory> authorised(HttpRequest request, ResidentStore stories) {
            Optional<Reference> reference = request.pathParameter("reference").flatMap(Reference::parse);
            Optional<String> token = ManageAccess.token(request);
            if (reference.isEmpty() || token.isEmpty() || token.get().length() > 200) {
                return Optional.empty();
            }
            return stories.load(reference.get())
                    .filter(s -> s.story().status() == Story.Status.RECEIVED)
                    .filter(s -> ManageAccess.matches(token.get(), s.manageTokenHash()));
        }

        static HttpResponse notFound() {
            return HttpResponse.json(404, Json.error("not_found", "No story with that reference and token"));
        }
    }
}
