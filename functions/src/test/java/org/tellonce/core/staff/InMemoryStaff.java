package org.tellonce.core.staff;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.verify.VerificationStore;

/** Staff, their codes and lock in memory, with the same rules as the DynamoDB adapters. */
final class InMemoryStaff implements StaffStore, VerificationStore, SignInLock {
    private final Map<String, Stored> members = new HashMap<>();
    private final Map<String, PendingCode> codes = new HashMap<>();
    private final Map<String, Integer> budget = new HashMap<>();
    private final Map<String, Integer> wrong = new HashMap<>();
    private final Map<String, Instant> locks = new HashMap<>();

    @Override
    public Optional<Stored> find(String staffKey) {
        return Optional.ofNullable(members.get(staffKey));
    }

    @Override
    public List<StaffMember> all() {
        return members.values().stream().map(Stored::member).toList();
    }

    @Override
    public void put(String staffKey, StaffMember member) {
        long generation = find(staffKey).map(Stored::generation).orElse(0L) + 1;
        members.put(staffKey, new Stored(member, generation));
    }

    @Override
    public boolean disable(String staffKey) {
        return find(staffKey).map(s -> members.put(staffKey, new Stored(s.member().disabled(), s.generation() + 1)))
                .isPresent();
    }

    @Override
    public boolean putInPartner(String staffKey, StaffMember member) {
        if (find(staffKey).filter(s -> !s.member().partnerId().equals(member.partnerId())).isPresent()) {
            return false;
        }
        put(staffKey, member);
        return true;
    }

    @Override
    public boolean disableInPartner(String staffKey, String partnerId) {
        return find(staffKey).filter(s -> s.member().partnerId().filter(partnerId::equals).isPresent()).isPresent()
                && disable(staffKey);
    }

    @Override
    public boolean countCode(String key, long epochHour, int limit) {
        int used = budget.merge(key + "#" + epochHour, 1, Integer::sum);
        return used <= limit;
    }

    @Override
    public void saveCode(String key, String codeHash, Instant expires) {
        codes.put(key, new PendingCode(codeHash, expires, 0));
    }

    @Override
    public Optional<PendingCode> code(String key) {
        return Optional.ofNullable(codes.get(key));
    }

    @Override
    public void countWrongTry(String key, String codeHash, int max) {
        codes.computeIfPresent(key, (k, p) -> p.codeHash().equals(codeHash) && p.wrongTries() < max
                ? new PendingCode(p.codeHash(), p.expires(), p.wrongTries() + 1) : p);
    }

    @Override
    public boolean useCode(String key, String codeHash, int max, Instant now) {
        PendingCode p = codes.get(key);
        if (p == null || !p.codeHash().equals(codeHash) || p.wrongTries() >= max || !now.isBefore(p.expires())) {
            return false;
        }
        codes.remove(key);
        return true;
    }

    @Override
    public void markVerified(String key, Instant at) {
        throw new UnsupportedOperationException("staff are not residents");
    }

    @Override
    public boolean verified(String key) {
        return false;
    }

    @Override
    public Optional<Instant> lockedUntil(String staffKey) {
        return Optional.ofNullable(locks.get(staffKey));
    }

    @Override
    public boolean countWrongCode(String staffKey, int max, Instant until) {
        if (wrong.merge(staffKey, 1, Integer::sum) < max) {
            return false;
        }
        wrong.remove(staffKey);
        locks.put(staffKey, until);
        return true;
    }

    @Override
    public void clear(String staffKey) {
        wrong.remove(staffKey);
    }
}
