package org.tellonce.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A partner's tool: its API key and the partner endpoints. */
public final class PartnerClient {
    private final Http http;
    private final String apiKey;

    public PartnerClient(Http http, String apiKey) {
        this.http = http;
        this.apiKey = apiKey;
    }

    public String apiKey() {
        return apiKey;
    }

    public Http.Reply page(Integer limit, String cursor) {
        StringBuilder query = new StringBuilder();
        if (limit != null) {
            query.append("limit=").append(limit);
        }
        if (cursor != null) {
            query.append(query.length() == 0 ? "" : "&").append("cursor=")
                    .append(java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
        }
        return http.get("/partner/stories" + (query.length() == 0 ? "" : "?" + query), Http.bearer(apiKey));
    }

    public Http.Reply story(String storyId) {
        return http.get("/partner/stories/" + storyId, Http.bearer(apiKey));
    }

    public Http.Reply respond(String storyId, String text) {
        return http.postJson("/partner/stories/" + storyId + "/responses", Http.write(Map.of("text", text)),
                Http.bearer(apiKey));
    }

    /** A response sent with an {@code Idempotency-Key}, as a client that retries would. */
    public Http.Reply respond(String storyId, String text, String idempotencyKey) {
        String[] auth = Http.bearer(apiKey);
        return http.postJson("/partner/stories/" + storyId + "/responses", Http.write(Map.of("text", text)),
                auth[0], auth[1], "idempotency-key", idempotencyKey);
    }

    /** Every page of a feed read through nextCursor, from {@code cursor} (null: the start) until nextCursor is null. */
    public Feed readFeed(int limit, String cursor) {
        List<List<JsonNode>> pages = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        String next = cursor;
        do {
            Http.Reply reply = page(limit, next);
            if (reply.status() != 200) {
                throw new AssertionError("feed page: " + reply);
            }
            JsonNode body = reply.json();
            List<JsonNode> items = new ArrayList<>();
            body.get("items").forEach(items::add);
            pages.add(items);
            next = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asText();
            cursors.add(next);
            if (pages.size() > 10_000) {
                throw new AssertionError("the feed never ends");
            }
        } while (next != null);
        return new Feed(pages, cursors);
    }

    public Feed readFeed() {
        return readFeed(50, null);
    }

    /** A whole feed as read page by page; {@code cursors.get(i)} is the nextCursor page i answered with. */
    public record Feed(List<List<JsonNode>> pages, List<String> cursors) {
        public List<JsonNode> items() {
            return pages.stream().flatMap(List::stream).toList();
        }

        public List<String> storyIds() {
            return items().stream().map(i -> i.get("storyId").asText()).toList();
        }

        public Optional<JsonNode> item(String storyId) {
            return items().stream().filter(i -> i.get("storyId").asText().equals(storyId)).findFirst();
        }

        /** The last nextCursor that was not null: where to ask later for what is new. */
        public Optional<String> lastCursor() {
            for (int i = cursors.size() - 1; i >= 0; i--) {
                if (cursors.get(i) != null) {
                    return Optional.of(cursors.get(i));
                }
            }
            return Optional.empty();
        }
    }
}
