package org.tellonce.core.staff;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.verify.ResidentSessionStore;

/** Sessions by token hash in memory. */
final class InMemorySessions implements ResidentSessionStore {
    private final Map<String, Stored> sessions = new HashMap<>();

    @Override
    public void save(String tokenHash, String subject, Instant expires) {
        sessions.put(tokenHash, new Stored(subject, expires));
    }

    @Override
    public Optional<Stored> find(String tokenHash) {
        return Optional.ofNullable(sessions.get(tokenHash));
    }

    @Override
    public void delete(String tokenHash) {
        sessions.remove(tokenHash);
    }
}
