package org.tellonce.core.story;

import java.time.Instant;
import java.util.List;

/**
 * One moment in a story's consent: what the resident chose, when, and how they said it (the web
 * form or API with the story's token, a text message keyword, a resident session).
 */
public record ConsentEvent(Instant at, Share share, List<String> partners, String method) {
    public static final String WEB = "web";
    public static final String SMS = "sms";
    /** Told to a partner's staff: {@code assisted-verbal} or {@code assisted-written}. */
    public static final String ASSISTED = "assisted";
    public static final String MANAGE_TOKEN = "story-token";
    public static final String RESIDENT_SESSION = "resident-session";

    public ConsentEvent {
        partners = List.copyOf(partners);
    }
}
