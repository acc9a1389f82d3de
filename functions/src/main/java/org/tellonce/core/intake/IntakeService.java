package org.tellonce.core.intake;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.tellonce.core.Contention;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.crypto.SecretBox;
import org.tellonce.core.moderation.Moderation;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.story.Assisted;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Story;

/**
 * Takes a story in once. Reference uniqueness, Idempotency-Key replay and duplicate text are all
 * decided by conditional writes in one transaction, never by reading first.
 */
public final class IntakeService {
    private static final int MAX_ATTEMPTS = 8;
    /** Marks the hourly count of a typed, unproven contact apart from the contact's own. */
    private static final String TYPED_PREFIX = "typed:";

    private final IntakeStore store;
    private final StoryValidator validator;
    private final ResidentKeys residentKeys;
    private final Clock clock;
    private final int storiesPerContactPerHour;
    private final Moderation moderation;

    public IntakeService(IntakeStore store, StoryValidator validator, ResidentKeys residentKeys, Clock clock) {
        this(store, validator, residentKeys, clock, Limits.STORIES_PER_CONTACT_PER_HOUR);
    }

    /** @param storiesPerContactPerHour stories one contact may send in an hour; more is refused */
    public IntakeService(IntakeStore store, StoryValidator validator, ResidentKeys residentKeys, Clock clock,
                         int storiesPerContactPerHour) {
        this(store, validator, residentKeys, clock, storiesPerContactPerHour, Moderation.defaults());
    }

    /** @param moderation which stories wait for a moderator before they travel (SPEC section 12) */
    public IntakeService(IntakeStore store, StoryValidator validator, ResidentKeys residentKeys, Clock clock,
                         int storiesPerContactPerHour, Moderation moderation) {
        this.moderation = moderation;
        this.storiesPerContactPerHour = storiesPerContactPerHour;
        this.store = store;
        this.validator = validator;
        this.residentKeys = residentKeys;
        this.clock = clock;
    }

    /**
     * @param idempotencyKey the client's Idempotency-Key header, if sent
     * @param fingerprint    identifies the request body, so a key reused for another body is caught
     */
    public IntakeOutcome submit(StoryRequest request, Channel channel, Optional<String> idempotencyKey,
                                String requestFingerprint) {
        return submit(request, channel, idempotencyKey, requestFingerprint, Optional.empty());
    }

    /**
     * @param sessionResidentKey the resident whose session sent the story, if any: a contact typed by the
     *                           resident who proved it (their session) is proven; typed by anyone else, it is not
     */
    public IntakeOutcome submit(StoryRequest request, Channel channel, Optional<String> idempotencyKey,
                                String requestFingerprint, Optional<String> sessionResidentKey) {
        return submit(request, channel, idempotencyKey, requestFingerprint, sessionResidentKey, Optional.empty());
    }

    /**
     * A story a partner's staff member recorded for the resident (SPEC section 15): the same rules as any
     * story; its contact is typed by the helper, so never proven.
     */
    public IntakeOutcome submitAssisted(StoryRequest request, Assisted assisted, Optional<String> idempotencyKey,
                                        String requestFingerprint) {
        return submit(request, Channel.ASSISTED, idempotencyKey, requestFingerprint, Optional.empty(),
                Optional.of(assisted));
    }

    private IntakeOutcome submit(StoryRequest request, Channel channel, Optional<String> idempotencyKey,
                                 String requestFingerprint, Optional<String> sessionResidentKey,
                                 Optional<Assisted> assisted) {
        // Keyed, so the stored fingerprint reveals nothing about the text even to someone who guesses it.
        String fingerprint = residentKeys.fingerprint(requestFingerprint);
        if (!request.website().isEmpty()) {
            // A bot filled the honeypot: answer like success, store nothing.
            return new IntakeOutcome.Accepted(Reference.random(Hashing.random()), UUID.randomUUID().toString(),
                    Hashing.randomToken(Limits.MANAGE_TOKEN_BYTES));
        }
        StoryValidator.Result result = validator.validate(request);
        if (result instanceof StoryValidator.Invalid invalid) {
            return new IntakeOutcome.Rejected(invalid.fields());
        }
        StoryValidator.ValidStory valid = ((StoryValidator.Valid) result).story();

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String storyId = UUID.randomUUID().toString();
        String manageToken = Hashing.randomToken(Limits.MANAGE_TOKEN_BYTES);
        Optional<String> residentKey = valid.contact().map(residentKeys::of);
        boolean proven = Story.proves(channel)
                || residentKey.isPresent() && residentKey.equals(sessionResidentKey);
        Optional<String> rateKey = residentKey.map(key -> rateKey(key, proven));
        Optional<String> keyHash = idempotencyKey.map(Hashing::sha256Hex);

        Review review = moderation.atIntake(valid.text(), valid.consent(), now);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Reference reference = Reference.random(Hashing.random());
            Story story = new Story(storyId, reference, now, channel, valid.text(), valid.topics(), valid.area(),
                    valid.language(), valid.name(), valid.contact(), valid.consent(), residentKey,
                    Story.Status.RECEIVED, proven, assisted, review);
            Optional<IntakeStore.DuplicateClaim> duplicate = residentKey.map(rk -> new IntakeStore.DuplicateClaim(
                    residentKeys.duplicateKey(rk, valid.text()), reference, storyId,
                    now.plus(Limits.DUPLICATE_WINDOW)));
            Optional<IntakeStore.IdempotencyRecord> idempotency = idempotencyKey.map(key ->
                    new IntakeStore.IdempotencyRecord(keyHash.orElseThrow(), fingerprint, reference, storyId,
                            Optional.of(box(key).seal(manageToken)), false, now.plus(Limits.IDEMPOTENCY_WINDOW)));

            Optional<IntakeStore.RateClaim> rate = rateKey.map(key -> new IntakeStore.RateClaim(key,
                    now.getEpochSecond() / 3600, storiesPerContactPerHour));
            IntakeStore.InsertResult inserted = store.insert(new IntakeStore.NewStoryWrite(story,
                    Hashing.sha256Hex(manageToken), duplicate, idempotency, rate), now);

            if (inserted instanceof IntakeStore.Inserted) {
                return new IntakeOutcome.Accepted(reference, storyId, manageToken, review);
            }
            if (inserted instanceof IntakeStore.IdempotencyTaken taken) {
                return replay(taken.existing(), idempotencyKey.orElseThrow(), fingerprint);
            }
            if (inserted instanceof IntakeStore.DuplicateTaken dup) {
                IntakeStore.DuplicateClaim existing = dup.existing();
                idempotencyKey.ifPresent(key -> store.rememberAnswer(new IntakeStore.IdempotencyRecord(
                        keyHash.orElseThrow(), fingerprint, existing.reference(), existing.storyId(),
                        Optional.empty(), true, now.plus(Limits.IDEMPOTENCY_WINDOW)), now));
                return new IntakeOutcome.Duplicate(existing.reference(), existing.storyId());
            }
            if (inserted instanceof IntakeStore.RateLimited) {
                return new IntakeOutcome.RateLimited(3600 - now.getEpochSecond() % 3600);
            }
            if (inserted instanceof IntakeStore.Contended) {
                Contention.backOff(attempt);
            }
            // ReferenceTaken: try again with another reference.
        }
        return new IntakeOutcome.Conflict();
    }

    /**
     * Whose hourly allowance a story uses. Anyone can type someone else's number or address, so a typed
     * contact counts apart from the proven one: stories filed under a victim's number must never use up
     * that number's own SMS allowance.
     */
    static String rateKey(String residentKey, boolean proven) {
        return proven ? residentKey : TYPED_PREFIX + residentKey;
    }

    /**
     * The answer an earlier request with this Idempotency-Key got, if there was one: for a request
     * refused before it reaches {@link #submit} (a partner it names has been disabled since), so a
     * replay still answers as the first time did.
     */
    public Optional<IntakeOutcome> earlierAnswer(Optional<String> idempotencyKey, String requestFingerprint) {
        if (idempotencyKey.isEmpty()) {
            return Optional.empty();
        }
        String key = idempotencyKey.get();
        return store.findAnswer(Hashing.sha256Hex(key), clock.instant())
                .map(existing -> replay(existing, key, residentKeys.fingerprint(requestFingerprint)));
    }

    private IntakeOutcome replay(IntakeStore.IdempotencyRecord existing, String key, String fingerprint) {
        if (!Hashing.constantTimeEquals(existing.fingerprint(), fingerprint)) {
            return new IntakeOutcome.KeyReused();
        }
        Optional<String> token = existing.sealedManageToken().flatMap(sealed -> box(key).open(sealed));
        return new IntakeOutcome.Replayed(existing.reference(), existing.storyId(), token, existing.duplicate());
    }

    private SecretBox box(String idempotencyKey) {
        return new SecretBox(residentKeys.idempotencyBoxKey(idempotencyKey));
    }
}
