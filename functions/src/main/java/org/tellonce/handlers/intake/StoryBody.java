package org.tellonce.handlers.intake;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Locale;
import java.util.Optional;
import org.tellonce.core.intake.Limits;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.core.intake.WebIntake;
import org.tellonce.core.story.Topics;
import org.tellonce.handlers.IdempotencyKeyHeader;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.http.SameOrigin;
import org.tellonce.web.Page;
import org.tellonce.web.Pages;

/** The HTTP side of {@code POST /stories}: which bodies are read at all, and the Idempotency-Key as sent. */
final class StoryBody {
    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";

    /** A posted form: its fields, the story in them, and the key that makes a double click store once. */
    record Form(FormBody body, StoryRequest story, Optional<String> key, boolean keySent) {
        static Form read(HttpRequest request) {
            FormBody body = FormBody.parse(request.body());
            Optional<String> header = request.header(IdempotencyKeyHeader.NAME);
            return new Form(body, StoryRequestParser.fromForm(body).request(),
                    IdempotencyKeyHeader.of(WebIntake.formKey(header, body.single("submission"))), header.isPresent());
        }
    }

    private StoryBody() {
    }

    static boolean isForm(HttpRequest request) {
        return request.mediaType().filter(FORM::equals).isPresent();
    }

    /** Why the body is not read (media type, charset, size, a cross-site form), or empty to read it. */
    static Optional<HttpResponse> refusal(HttpRequest request) {
        boolean form = isForm(request);
        if (request.mediaType().filter(t -> t.equals(JSON) || t.equals(FORM)).isEmpty()) {
            return Optional.of(HttpResponse.json(415, Json.error("unsupported_media_type",
                    "Send the story as application/json or as a form (application/x-www-form-urlencoded)")));
        }
        String charset = request.header("content-type").map(StoryBody::charset).orElse("utf-8");
        if (!charset.equals("utf-8")) {
            return Optional.of(HttpResponse.json(415, Json.error("unsupported_media_type", "Send the body as UTF-8")));
        }
        if (request.body().length > Limits.BODY_MAX_BYTES) {
            return Optional.of(form
                    ? Pages.problem(formPage(request), 413, "problem.tooLong.title", "problem.tooLong.body")
                    : HttpResponse.json(413, Json.error("too_large", "A story can be at most 64 KiB; please shorten it")));
        }
        if (form && SameOrigin.crossSite(request)) {
            return Optional.of(Pages.problem(formPage(request), 403, "problem.crossSite.title", "problem.crossSite.body"));
        }
        return Optional.empty();
    }

    /** A form body that could not be read. */
    static HttpResponse unreadable(HttpRequest request) {
        return Pages.problem(formPage(request), 400, "problem.unreadable.title", "problem.unreadable.body");
    }

    /**
     * Before a snapshot: a JSON story that is parsed and validated in full (the contact through
     * libphonenumber) and then refused for being too short, so nothing is written.
     */
    static APIGatewayV2HTTPEvent primeRequest(APIGatewayV2HTTPEvent event, Topics topics) {
        event.setRawPath("/stories");
        event.getRequestContext().getHttp().setMethod("POST");
        event.setBody("{\"story\":\"short\",\"topics\":[\"" + topics.all().get(0)
                + "\"],\"area\":\"LE1 1AA\",\"contact\":\"07700 900123\",\"consent\":{\"share\":\"anonymous\"}}");
        return event;
    }

    /** A page answered to the form's POST, before its body is read: the language switcher leads to the form. */
    static Page formPage(HttpRequest request) {
        return Page.of(request, "/").switchingAt("/");
    }

    private static String charset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                return p.substring(8).replace("\"", "").trim();
            }
        }
        return "utf-8";
    }
}
