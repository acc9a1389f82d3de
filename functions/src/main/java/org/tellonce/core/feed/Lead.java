package org.tellonce.core.feed;

import java.time.Instant;

/**
 * The partner that leads the work on a story several partners hold (SPEC section 13): one at a time,
 * seen by every partner that holds the story. The name is the organisation's, never a person's.
 */
public record Lead(String partnerId, String name, Instant since) {
}
