package org.tellonce.handlers.outcome;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.outcome.Outcome;
import org.tellonce.core.outcome.OutcomeStore;
import org.tellonce.core.outcome.Outcomes;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.web.OutcomePages;
import org.tellonce.web.Page;
import org.tellonce.wiring.Wiring;

/**
 * {@code GET /outcomes} (SPEC section 13), public: what partners changed after residents' stories, newest
 * first, 50 a page. HTML for a browser, JSON with {@code Accept: application/json}; never story text or
 * references. One Query a page, and cached at the edge for five minutes.
 */
public final class OutcomesHandler extends ApiHandler {
    static final String CACHE = "public, max-age=300";
    private final OutcomeStore outcomes;

    public OutcomesHandler() {
        this(Wiring.lambda());
    }

    public OutcomesHandler(Wiring wiring) {
        this(wiring.outcomeStore());
        attach(wiring);
    }

    public OutcomesHandler(OutcomeStore outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        boolean json = request.header("accept").filter(a -> a.contains("application/json") && !a.contains("text/html"))
                .isPresent();
        Optional<String> after;
        try {
            after = Optional.ofNullable(request.query().get("cursor")).filter(c -> !c.isBlank()).map(OutcomesHandler::open);
        } catch (IllegalArgumentException e) {
            return HttpResponse.json(400, Json.error("invalid_cursor", "Use the cursor a previous page gave"));
        }
        OutcomeStore.OutcomePage page;
        try {
            page = outcomes.published(after, Outcomes.PAGE_SIZE);
        } catch (IllegalArgumentException e) {
            return HttpResponse.json(400, Json.error("invalid_cursor", "Use the cursor a previous page gave"));
        }
        Optional<String> next = page.next().map(OutcomesHandler::seal);
        if (json) {
            ObjectNode body = Json.object();
            ArrayNode list = body.putArray("outcomes");
            for (Outcome outcome : page.outcomes()) {
                ObjectNode node = list.addObject();
                node.put("outcomeId", outcome.outcomeId());
                node.putObject("partner").put("id", outcome.partnerId()).put("name", outcome.partnerName());
                node.put("title", outcome.title());
                node.put("text", outcome.text());
                node.put("at", outcome.at().toString());
                if (outcome.countShown()) {
                    node.put("stories", outcome.stories());
                } else {
                    node.put("stories", "fewer than " + Outcome.COUNT_SHOWN_FROM);
                }
            }
            body.put("next", next.orElse(null));
            return HttpResponse.json(200, Json.write(body)).header("cache-control", CACHE).header("vary", "Accept");
        }
        HttpResponse html = OutcomePages.list(Page.of(request, "/outcomes"), page.outcomes(), next);
        // A language chosen by the switcher sets a cookie: that answer is this reader's alone.
        return html.header("cache-control", html.cookies().isEmpty() ? CACHE : "private, no-store")
                .header("vary", "Accept, Accept-Language, Cookie");
    }

    private static String seal(String sortKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
    }

    private static String open(String cursor) {
        if (cursor.length() > 200) {
            throw new IllegalArgumentException("cursor too long");
        }
        return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    }

    @Override
    protected APIGatewayV2HTTPEvent primeRequest() {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath("/outcomes")
                .withHeaders(Map.of("accept", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("prime")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build())
                        .build())
                .build();
    }
}
