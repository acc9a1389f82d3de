package org.tellonce.core.sms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.consent.ConsentStore;
import org.tellonce.core.consent.Owner;
import org.tellonce.core.intake.IntakeStore;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;

/** The story table in memory, with the same "only once" conditions as the real one. */
final class InMemoryStories implements IntakeStore, ResidentStore, ConsentStore {
    private final Map<Reference, Story> stories = new LinkedHashMap<>();
    private final Map<String, IdempotencyRecord> answers = new HashMap<>();
    private final Map<String, DuplicateClaim> duplicates = new HashMap<>();
    private final Map<String, Integer> perHour = new HashMap<>();
    private final Map<Reference, List<StoredStory.SharedWith>> shares = new HashMap<>();
    private final Map<Reference, List<StoredStory.PartnerResponse>> responses = new HashMap<>();
    private static final String TOKEN_HASH = "token-hash";

    @Override
    public synchronized InsertResult insert(NewStoryWrite write, Instant now) {
        if (stories.containsKey(write.story().reference())) {
            return new ReferenceTaken();
        }
        Optional<IdempotencyRecord> earlier = write.idempotency().flatMap(i -> findAnswer(i.keyHash(), now));
        if (earlier.isPresent()) {
            return new IdempotencyTaken(earlier.get());
        }
        Optional<DuplicateClaim> same = write.duplicate().map(d -> duplicates.get(d.duplicateKey()))
                .filter(d -> d.expiresAt().isAfter(now));
        if (same.isPresent()) {
            return new DuplicateTaken(same.get());
        }
        if (write.rate().isPresent()) {
            RateClaim rate = write.rate().get();
            String key = rate.residentKey() + "#" + rate.hour();
            if (perHour.getOrDefault(key, 0) >= rate.max()) {
                return new RateLimited();
            }
            perHour.merge(key, 1, Integer::sum);
        }
        stories.put(write.story().reference(), write.story());
        write.duplicate().ifPresent(d -> duplicates.put(d.duplicateKey(), d));
        write.idempotency().ifPresent(i -> answers.put(i.keyHash(), i));
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

    @Override
    public synchronized Optional<StoredStory> load(Reference reference) {
        return Optional.ofNullable(stories.get(reference)).map(s -> new StoredStory(s, TOKEN_HASH,
                shares.getOrDefault(reference, List.of()), responses.getOrDefault(reference, List.of())));
    }

    @Override
    public synchronized boolean changeConsent(Reference reference, Owner owner, Consent consent) {
        throw new UnsupportedOperationException("not by SMS");
    }

    /** As the web's erasure: by the story's own resident (or its token hash), while it is received. */
    @Override
    public synchronized boolean erase(Reference reference, Owner owner) {
        Story s = stories.get(reference);
        boolean theirs = owner instanceof Owner.Resident resident
                ? s != null && s.residentKey().filter(resident.residentKey()::equals).isPresent()
                : owner.equals(new Owner.ManageToken(TOKEN_HASH));
        if (s == null || s.status() != Story.Status.RECEIVED || !theirs) {
            return false;
        }
        erase(reference);
        return true;
    }

    /** As the fan-out would: the partner now has the story. */
    synchronized void share(Reference reference, String partnerId, String partnerName) {
        shares.computeIfAbsent(reference, r -> new ArrayList<>()).add(new StoredStory.SharedWith(partnerId, partnerName));
    }

    synchronized void respond(Reference reference, String partnerName, String text, Instant at) {
        responses.computeIfAbsent(reference, r -> new ArrayList<>())
                .add(new StoredStory.PartnerResponse(partnerName, partnerName, text, at));
    }

    /** Sets a story's consent if it is this resident's and not erased. */
    synchronized boolean setConsent(Reference reference, String residentKey, Consent consent) {
        Story s = stories.get(reference);
        if (s == null || s.status() != Story.Status.RECEIVED || !s.residentKey().equals(Optional.of(residentKey))) {
            return false;
        }
        stories.put(reference, new Story(s.storyId(), s.reference(), s.receivedAt(), s.channel(), s.text(),
                s.topics(), s.area(), s.language(), s.name(), s.contact(), consent, s.residentKey(), s.status()));
        return true;
    }

    /** Gives a story its consent, topics and area at once, as the end of its routing questions does. */
    synchronized boolean route(Reference reference, String residentKey, Routing routing) {
        Story s = stories.get(reference);
        if (s == null || s.status() != Story.Status.RECEIVED || !s.residentKey().equals(Optional.of(residentKey))) {
            return false;
        }
        stories.put(reference, new Story(s.storyId(), s.reference(), s.receivedAt(), s.channel(), s.text(),
                routing.topics(), routing.area(), s.language(), s.name(), s.contact(), routing.consent(),
                s.residentKey(), s.status()));
        return true;
    }

    synchronized boolean isTheirs(Reference reference, String residentKey) {
        Story s = stories.get(reference);
        return s != null && s.status() == Story.Status.RECEIVED && s.residentKey().equals(Optional.of(residentKey));
    }

    synchronized List<Reference> of(String residentKey) {
        List<Reference> out = new ArrayList<>();
        // Newest first, as the store's index (GSI1) reads them.
        stories.values().stream().filter(s -> s.residentKey().equals(Optional.of(residentKey)))
                .sorted(java.util.Comparator.comparing(Story::receivedAt).reversed())
                .forEach(s -> out.add(s.reference()));
        return out;
    }

    synchronized List<Story> all() {
        return List.copyOf(stories.values());
    }

    /** As if the resident erased it on the web: the story stays as a tombstone. */
    synchronized void erase(Reference reference) {
        Story s = stories.get(reference);
        stories.put(reference, new Story(s.storyId(), s.reference(), s.receivedAt(), s.channel(), "", List.of(),
                Optional.empty(), "", Optional.empty(), Optional.empty(), Consent.PRIVATE, Optional.empty(),
                Story.Status.ERASED));
    }

    /** Adds a story as the web form would have stored it. */
    synchronized void put(Story story) {
        stories.put(story.reference(), story);
    }
}
