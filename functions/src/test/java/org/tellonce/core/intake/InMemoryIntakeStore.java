package org.tellonce.core.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.story.Story;

/** Intake's port in memory, deciding "only once" in the order the DynamoDB transaction does. */
final class InMemoryIntakeStore implements IntakeStore {
    private final List<Story> stories = new ArrayList<>();
    private final Map<String, IdempotencyRecord> answers = new HashMap<>();
    private final Map<String, DuplicateClaim> duplicates = new HashMap<>();
    private final Map<String, Integer> perResidentHour = new HashMap<>();

    @Override
    public synchronized InsertResult insert(NewStoryWrite write, Instant now) {
        Optional<IdempotencyRecord> answer = write.idempotency().flatMap(i -> findAnswer(i.keyHash(), now));
        if (answer.isPresent()) {
            return new IdempotencyTaken(answer.get());
        }
        Optional<DuplicateClaim> duplicate = write.duplicate().map(d -> duplicates.get(d.duplicateKey()))
                .filter(d -> d.expiresAt().isAfter(now));
        if (duplicate.isPresent()) {
            return new DuplicateTaken(duplicate.get());
        }
        Optional<String> hour = write.rate().map(r -> r.residentKey() + "#" + r.hour());
        if (write.rate().isPresent() && perResidentHour.getOrDefault(hour.get(), 0) >= write.rate().get().max()) {
            return new RateLimited();
        }
        if (stories.stream().anyMatch(s -> s.reference().equals(write.story().reference()))) {
            return new ReferenceTaken();
        }
        stories.add(write.story());
        write.idempotency().ifPresent(i -> answers.put(i.keyHash(), i));
        write.duplicate().ifPresent(d -> duplicates.put(d.duplicateKey(), d));
        hour.ifPresent(h -> perResidentHour.merge(h, 1, Integer::sum));
        return new Inserted();
    }

    @Override
    public synchronized Optional<IdempotencyRecord> findAnswer(String keyHash, Instant now) {
        return Optional.ofNullable(answers.get(keyHash)).filter(a -> a.expiresAt().isAfter(now));
    }

    @Override
    public synchronized void rememberAnswer(IdempotencyRecord record, Instant now) {
        if (findAnswer(record.keyHash(), now).isEmpty()) {
            answers.put(record.keyHash(), record);
        }
    }

    synchronized List<Story> stories() {
        return List.copyOf(stories);
    }
}
