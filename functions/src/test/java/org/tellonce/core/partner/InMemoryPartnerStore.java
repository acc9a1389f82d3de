package org.tellonce.core.partner;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The partner list in memory, counting its reads of the whole list (what the partner directory reads). */
public final class InMemoryPartnerStore implements PartnerStore {
    private final List<Partner> partners;
    private final AtomicInteger reads = new AtomicInteger();

    public InMemoryPartnerStore(Partner... partners) {
        this.partners = new CopyOnWriteArrayList<>(List.of(partners));
    }

    /** An enabled partner working on every topic everywhere. */
    public static Partner enabled(String id) {
        return new Partner(id, id, List.of(Partner.ALL_TOPICS), List.of(), true);
    }

    public static Partner disabled(String id) {
        return new Partner(id, id, List.of(Partner.ALL_TOPICS), List.of(), false);
    }

    /** How often the whole list was read. */
    public int reads() {
        return reads.get();
    }

    @Override
    public List<Partner> all() {
        reads.incrementAndGet();
        return List.copyOf(partners);
    }

    @Override
    public Optional<Partner> find(String partnerId) {
        return partners.stream().filter(p -> p.id().equals(partnerId)).findFirst();
    }

    @Override
    public Optional<Keyed> findWithKeyHash(String partnerId) {
        throw new UnsupportedOperationException("not read by these tests");
    }

    @Override
    public Optional<Partner> findByKeyHash(String keyHash) {
        throw new UnsupportedOperationException("not read by these tests");
    }

    @Override
    public boolean add(Partner partner, String keyHash) {
        throw new UnsupportedOperationException("not written by these tests");
    }

    @Override
    public boolean rotateKey(String partnerId, String newKeyHash) {
        throw new UnsupportedOperationException("not written by these tests");
    }

    @Override
    public boolean setEnabled(String partnerId, boolean enabled) {
        Optional<Partner> found = find(partnerId);
        found.ifPresent(p -> partners.set(partners.indexOf(p),
                new Partner(p.id(), p.name(), p.topics(), p.areas(), enabled)));
        return found.isPresent();
    }
}
