package org.tellonce.core.partner;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Signed-out sessions in memory, for tests of the session rules. */
final class InMemoryEndedSessions implements PartnerSession.EndedSessions {
    private final Map<String, Instant> ended = new ConcurrentHashMap<>();

    @Override
    public void end(String sessionId, Instant expires) {
        ended.put(sessionId, expires);
    }

    @Override
    public boolean ended(String sessionId) {
        return ended.containsKey(sessionId);
    }
}
