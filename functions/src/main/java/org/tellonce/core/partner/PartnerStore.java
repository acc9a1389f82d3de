package org.tellonce.core.partner;

import java.util.List;
import java.util.Optional;

/** Partner profiles and their API keys (stored only as SHA-256 hashes). */
public interface PartnerStore {

    List<Partner> all();

    Optional<Partner> find(String partnerId);

    /** A partner with the hash of its current API key, as one read. */
    record Keyed(Partner partner, String keyHash) {
    }

    /** The partner and its current key's hash (the inbox checks a session against it on every request). */
    Optional<Keyed> findWithKeyHash(String partnerId);

    /** The partner whose current key has this hash. */
    Optional<Partner> findByKeyHash(String keyHash);

    /** @return false when a partner with this id exists already */
    boolean add(Partner partner, String keyHash);

    /** Replaces the key: the old one stops working at once. @return false when there is no such partner */
    boolean rotateKey(String partnerId, String newKeyHash);

    /** @return false when there is no such partner */
    boolean setEnabled(String partnerId, boolean enabled);

    /**
     * Replaces a partner's name, topics and areas (its key and state stay); false when there is no such
     * partner. Only the admin command changes partners, so read-only stores (the functions' test
     * doubles) need not implement it.
     */
    default boolean update(Partner partner) {
        throw new UnsupportedOperationException("This partner store cannot change partners");
    }
}
