package org.tellonce.handlers.consent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tellonce.core.consent.ConsentPolicy;
import org.tellonce.core.consent.ConsentService;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;

/** The JSON API's answers about a resident's own story. */
final class ConsentAnswers {
    private ConsentAnswers() {
    }

    static HttpResponse of(ConsentService.Change change, Reference reference) {
        if (change instanceof ConsentService.Changed changed) {
            return HttpResponse.json(200, Json.write(saved(reference, changed.consent())));
        }
        if (change instanceof ConsentService.Refused refused) {
            ObjectNode error = Json.object();
            error.put("error", "validation");
            ObjectNode fields = error.putObject("fields");
            refused.checked().problems().forEach(problem -> {
                if (!fields.has(problem.field())) {
                    fields.put(problem.field(), message(problem));
                }
            });
            return HttpResponse.json(400, Json.write(error));
        }
        return notFound();
    }

    /** A change asked for by another site's page, with only this browser's cookie to prove it. */
    static HttpResponse crossSite() {
        return HttpResponse.json(403, Json.error("cross_site",
                "Changes to a story come from its own page or with its manage token in the Authorization header"));
    }

    static HttpResponse notFound() {
        return HttpResponse.json(404, Json.error("not_found", "No story with that reference and token"));
    }

    private static ObjectNode saved(Reference reference, Consent consent) {
        ObjectNode answer = Json.object();
        answer.put("reference", reference.value());
        ObjectNode c = answer.putObject("consent");
        c.put("share", consent.share().wire());
        ArrayNode list = c.putArray("partners");
        consent.partners().forEach(list::add);
        return answer;
    }

    private static String message(ConsentPolicy.Problem problem) {
        return switch (problem) {
            case SHARE_NOT_CHOSEN -> "Choose private, anonymous or identified";
            case NO_CONTACT_TO_SHARE -> "This story has no contact details to share; choose anonymous or private";
            case PARTNERS_MALFORMED -> "Partners must be a list of partner ids";
            case PARTNERS_NOT_ENABLED -> PartnerDirectory.NOT_ENABLED;
        };
    }
}
