package org.tellonce.handlers.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.intake.IntakeOutcome;
import org.tellonce.core.intake.Violation;
import org.tellonce.core.language.Language;
import org.tellonce.core.language.Messages;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoryStatus;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.web.ViolationWords;

/** The JSON API's answer to each intake outcome (the assisted route answers its refusals the same way). */
public final class IntakeAnswers {
    /** Where to find help now (999, Samaritans, NHS 111): for a story whose text raised a safeguarding concern. */
    public static final String SUPPORT = "support.signposting";
    private static final String RATE_LIMITED =
            "We have received many stories from this contact in the last hour. Please try again later.";

    private IntakeAnswers() {
    }

    public static HttpResponse of(IntakeOutcome outcome) {
        return of(outcome, Language.EN);
    }

    /**
     * @param language the story's language: a story whose text raised a safeguarding concern is answered
     *                 {@code "status":"awaiting-review"} with where to find help now, in that language
     */
    public static HttpResponse of(IntakeOutcome outcome, Language language) {
        if (outcome instanceof IntakeOutcome.Accepted a) {
            ObjectNode node = answerNode(a.reference(), a.storyId(), Optional.of(a.manageToken()), false);
            if (a.held()) {
                node.put("status", StoryStatus.AWAITING_REVIEW.wire());
            }
            if (a.review().flagged()) {
                node.put("support", Messages.of(language).get(SUPPORT));
            }
            return HttpResponse.json(201, Json.write(node)).header("location", "/stories/" + a.reference().value());
        }
        if (outcome instanceof IntakeOutcome.Duplicate d) {
            return HttpResponse.json(200, answer(d.reference(), d.storyId(), Optional.empty(), true));
        }
        if (outcome instanceof IntakeOutcome.Replayed r) {
            return HttpResponse.json(200, answer(r.reference(), r.storyId(), r.manageToken(), r.duplicate()))
                    .header("idempotent-replayed", "true");
        }
        if (outcome instanceof IntakeOutcome.Rejected rejected) {
            return validationError(english(rejected.fields()));
        }
        if (outcome instanceof IntakeOutcome.PartnersNotEnabled refused) {
            return validationError(english(refused.fields()));
        }
        if (outcome instanceof IntakeOutcome.RateLimited limited) {
            return HttpResponse.json(429, Json.error("rate_limited", RATE_LIMITED))
                    .header("retry-after", Long.toString(limited.retryAfterSeconds()));
        }
        if (outcome instanceof IntakeOutcome.KeyReused) {
            return HttpResponse.json(422, Json.error("idempotency_key_reused",
                    "This Idempotency-Key was already used for a different story; use a new key"));
        }
        return HttpResponse.json(409, Json.error("conflict",
                "A request with this Idempotency-Key is still being processed; retry shortly")).header("retry-after", "1");
    }

    public static HttpResponse validationError(Map<String, String> fields) {
        ObjectNode node = Json.object();
        node.put("error", "validation");
        ObjectNode f = node.putObject("fields");
        fields.forEach(f::put);
        return HttpResponse.json(400, Json.write(node));
    }

    /** The JSON API's words for each field's violation: the English it has always answered. */
    public static Map<String, String> english(Map<String, Violation> violations) {
        Map<String, String> words = new LinkedHashMap<>();
        violations.forEach((field, violation) -> words.put(field, ViolationWords.english(violation)));
        return words;
    }

    private static String answer(Reference reference, String storyId, Optional<String> token, boolean duplicate) {
        return Json.write(answerNode(reference, storyId, token, duplicate));
    }

    private static ObjectNode answerNode(Reference reference, String storyId, Optional<String> token,
                                         boolean duplicate) {
        ObjectNode node = Json.object();
        node.put("reference", reference.value());
        node.put("storyId", storyId);
        if (token.isPresent()) {
            node.put("manageToken", token.get());
        } else {
            node.putNull("manageToken");
        }
        node.put("status", StoryStatus.RECEIVED.wire());
        node.put("duplicate", duplicate);
        return node;
    }
}
