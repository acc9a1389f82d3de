package org.tellonce.core.partner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Partners and their key hashes in memory, as the table keeps them. */
public class InMemoryPartners implements PartnerStore {
    private final Map<String, Partner> partners = new LinkedHashMap<>();
    private final Map<String, String> keyHashes = new LinkedHashMap<>();

    @Override
    public synchronized List<Partner> all() {
        return new ArrayList<>(partners.values());
    }

    @Override
    public synchronized Optional<Partner> find(String partnerId) {
        return Optional.ofNullable(partners.get(partnerId));
    }

    @Override
    public synchronized Optional<Keyed> findWithKeyHash(String partnerId) {
        return find(partnerId).map(p -> new Keyed(p, keyHashes.get(partnerId)));
    }

    @Override
    public synchronized Optional<Partner> findByKeyHash(String keyHash) {
        return keyHashes.entrySet().stream().filter(e -> e.getValue().equals(keyHash)).findFirst()
                .map(e -> partners.get(e.getKey()));
    }

    @Override
    public synchronized boolean add(Partner partner, String keyHash) {
        if (partners.containsKey(partner.id())) {
            return false;
        }
        partners.put(partner.id(), partner);
        keyHashes.put(partner.id(), keyHash);
        return true;
    }

    @Override
    public synchronized boolean rotateKey(String partnerId, String newKeyHash) {
        return partners.containsKey(partnerId) && keyHashes.put(partnerId, newKeyHash) != null;
    }

    @Override
    public synchronized boolean setEnabled(String partnerId, boolean enabled) {
        Partner partner = partners.get(partnerId);
        if (partner == null) {
            return false;
        }
        partners.put(partnerId, partner.withEnabled(enabled));
        return true;
    }

    /** As if an operator deleted the partner from the table. */
    public synchronized void remove(String partnerId) {
        partners.remove(partnerId);
        keyHashes.remove(partnerId);
    }
}
