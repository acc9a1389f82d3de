package org.tellonce.core.partner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The partner store with its list of every partner ({@link #all}) kept for a short while per container, for
 * readers to whom a list up to {@link #DEFAULT_TTL} old is harmless: the names in a resident's access log
 * and export, the areas the feed may show for an anonymous story. Every other read (one partner by id or
 * by key hash) and every write goes to the store as it is now, so the authorizer, the feed and the
 * fan-out see a partner disabled, a key rotated or a partner added at once; they do not use this list.
 *
 * <p>The time is the clock's: a container restored from a SnapStart snapshot sees a list cached during
 * priming as expired and reads it again.
 */
public final class RecentPartners implements PartnerStore {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    private final PartnerStore store;
    private final Clock clock;
    private final Duration ttl;
    private volatile Snapshot snapshot;

    private record Snapshot(List<Partner> partners, Instant until) {
    }

    public RecentPartners(PartnerStore store, Clock clock, Duration ttl) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Every partner, read at most once per {@code ttl}. */
    @Override
    public List<Partner> all() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s != null && now.isBefore(s.until())) {
            return s.partners();
        }
        List<Partner> partners = List.copyOf(store.all());
        snapshot = new Snapshot(partners, now.plus(ttl));
        return partners;
    }

    @Override
    public Optional<Partner> find(String partnerId) {
        return store.find(partnerId);
    }

    @Override
    public Optional<Keyed> findWithKeyHash(String partnerId) {
        return store.findWithKeyHash(partnerId);
    }

    @Override
    public Optional<Partner> findByKeyHash(String keyHash) {
        return store.findByKeyHash(keyHash);
    }

    @Override
    public boolean add(Partner partner, String keyHash) {
        return store.add(partner, keyHash);
    }

    @Override
    public boolean rotateKey(String partnerId, String newKeyHash) {
        return store.rotateKey(partnerId, newKeyHash);
    }

    @Override
    public boolean setEnabled(String partnerId, boolean enabled) {
        return store.setEnabled(partnerId, enabled);
    }

    @Override
    public boolean update(Partner partner) {
        return store.update(partner);
    }
}
