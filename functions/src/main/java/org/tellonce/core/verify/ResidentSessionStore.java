package org.tellonce.core.verify;

import java.time.Instant;
import java.util.Optional;

/** Resident sessions on the server, by the SHA-256 of their token: revocable at once. */
public interface ResidentSessionStore {
    record Stored(String residentKey, Instant expires) {
    }

    void save(String tokenHash, String residentKey, Instant expires);

    Optional<Stored> find(String tokenHash);

    void delete(String tokenHash);
}
