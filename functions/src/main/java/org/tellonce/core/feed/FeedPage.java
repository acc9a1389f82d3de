package org.tellonce.core.feed;

import java.util.List;
import java.util.Optional;

/** One page of a partner's feed, in share order; {@code nextCursor} is empty only when the page is. */
public record FeedPage(List<FeedItem> items, Optional<String> nextCursor) {
    public FeedPage {
        items = List.copyOf(items);
    }
}
