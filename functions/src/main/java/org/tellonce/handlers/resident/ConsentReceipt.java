package org.tellonce.handlers.resident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.story.ConsentEvent;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;
import org.tellonce.http.Json;

/**
 * A story's consent record in the shape of ISO/IEC TS 27560 (consent records and receipts), with W3C
 * Data Privacy Vocabulary terms: who controls it, for which purposes on which legal basis, who receives
 * it, at which identity level, how and when it was given, every change since, and how to withdraw.
 */
final class ConsentReceipt {
    static final String CONTROLLER = "TellOnce";
    private static final String DPV = "https://w3id.org/dpv#";

    private ConsentReceipt() {
    }

    static ObjectNode of(StoredStory stored, PartnerStore partners) {
        Story story = stored.story();
        List<ConsentEvent> history = stored.consentHistory().isEmpty()
                ? List.of(new ConsentEvent(story.receivedAt(), story.consent().share(), story.consent().partners(), ""))
                : stored.consentHistory();
        ConsentEvent last = history.get(history.size() - 1);
        ObjectNode receipt = Json.object();
        receipt.putObject("@context").put("dpv", DPV);
        receipt.put("receiptId", "urn:uuid:" + UUID.nameUUIDFromBytes((story.storyId() + "|" + history.size())
                .getBytes(StandardCharsets.UTF_8)));
        receipt.put("reference", story.reference().value());
        receipt.putObject("controller").put("name", CONTROLLER);
        ArrayNode purposes = receipt.putArray("purposes");
        purposes.addObject().put("purpose", "dpv:ServiceProvision").put("legalBasis", "dpv:Consent")
                .put("description", "Keep your story once so you never have to tell it again");
        if (story.consent().share() != Share.PRIVATE) {
            purposes.addObject().put("purpose", "dpv:ImproveExistingProductsAndServices").put("legalBasis", "dpv:Consent")
                    .put("description", "Share it with the partner organisations named below so they can act on it");
        }
        ArrayNode recipients = receipt.putArray("recipients");
        recipients(stored, partners).forEach((id, name) -> recipients.addObject().put("id", id).put("name", name));
        receipt.put("identityLevel", story.consent().share().wire());
        receipt.put("method", last.method().isEmpty() ? story.channel().wire() : last.method());
        receipt.put("givenAt", last.at().toString());
        ArrayNode changes = receipt.putArray("history");
        for (ConsentEvent event : history) {
            ObjectNode entry = changes.addObject().put("at", event.at().toString()).put("share", event.share().wire());
            event.partners().forEach(entry.putArray("partners")::add);
        }
        receipt.putObject("withdraw")
                .put("page", "/stories/" + story.reference().value())
                .put("api", "PUT /stories/" + story.reference().value() + "/consent {\"share\":\"private\"}")
                .put("sms", "WITHDRAW");
        return receipt;
    }

    /** Who receives it now: the partners it is shared with, and those the resident named (by name). */
    private static Map<String, String> recipients(StoredStory stored, PartnerStore partners) {
        Map<String, String> out = new LinkedHashMap<>();
        if (stored.story().consent().share() == Share.PRIVATE) {
            return out;
        }
        stored.sharedWith().forEach(s -> out.put(s.partnerId(), s.name()));
        List<String> named = stored.story().consent().partners();
        if (!out.keySet().containsAll(named)) {
            // Named but not shared yet (the fan-out is on its way): their names, from one read of the partners.
            Map<String, String> names = new LinkedHashMap<>();
            partners.all().forEach(p -> names.put(p.id(), p.name()));
            named.forEach(id -> out.computeIfAbsent(id, p -> names.getOrDefault(p, p)));
        }
        return out;
    }
}
