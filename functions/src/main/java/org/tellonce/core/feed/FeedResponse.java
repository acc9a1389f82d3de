package org.tellonce.core.feed;

import java.time.Instant;

/** A partner's response to a story, as stored. */
public record FeedResponse(String responseId, String storyId, String text, Instant at) {
}
