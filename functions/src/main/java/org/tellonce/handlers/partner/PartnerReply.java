package org.tellonce.handlers.partner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.feed.ResponseOutcome;
import org.tellonce.core.feed.ResponseText;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.core.story.Topics;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.telemetry.Log;
import org.tellonce.web.Inbox;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerPages;

/** A partner's response to a resident as it arrives: JSON from the API, a form from the inbox. */
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

    /** A reply form as posted: the text as typed (stripped) and the one-time token the form was rendered with. */
    record Form(String text, Optional<String> formToken) {
    }

    /** The inbox form, or empty when it cannot be read at all. */
    static Optional<Form> form(HttpRequest request) {
        if (!request.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent()
                || request.body().length > BODY_MAX) {
            return Optional.empty();
        }
        FormBody body = FormBody.parse(request.body());
        return Optional.of(new Form(body.single("text").map(String::strip).orElse(""),
                body.single(PartnerPages.FORM_TOKEN)));
    }

    /** After a reply from the inbox: back to the story, saying it was sent (now, or by the first submit). */
    static HttpResponse sent(String requestId, Partner partner, String storyId, ResponseOutcome outcome) {
        boolean now = outcome instanceof ResponseOutcome.Stored;
        Log.info(PartnerInboxResponseHandler.class, requestId, now ? "responded" : "reply_already_sent", partner.id());
        String notice = now ? PartnerPages.NOTICE_REPLY_SENT : PartnerPages.NOTICE_REPLY_ALREADY_SENT;
        return HttpResponse.redirect(PartnerSession.PATH + "?" + Page.NOTICE + "=" + notice + "#story-" + storyId);
    }

    /** The inbox again, with the reply kept in its box and what to fix beside it. */
    static HttpResponse again(Inbox inbox, Page page, Partner partner, Topics topics, String storyId, String text) {
        return inbox.render(page, 400, partner, topics, java.util.Map.of(),
                java.util.Map.of("reply-" + storyId, page.t("partner.error.reply", FeedService.RESPONSE_MAX)),
                java.util.Map.of(storyId, text));
    }

    /** A reply form that could not be read: the inbox's problem page in the page's language. */
    static HttpResponse unreadable(HttpRequest request) {
        return PartnerPages.problem(Page.of(request, PartnerSession.PATH).switchingAt(PartnerSession.PATH), 400,
                "problem.unreadable.title", "partner.unreadable.body");
    }
}
