package org.tellonce.core.outcome;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.Contention;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.intake.Limits;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.sharing.SharingRule;

/**
 * Outcomes (SPEC section 13): a partner links what it changed to the stories that led to it. Every story
 * must be shared with the partner now, and stay so until the outcome is written (the store checks each
 * story's version in the same transaction); once per Idempotency-Key. Residents are told by the
 * table's stream, from each story's link.
 */
public final class Outcomes {
    /** The public list's page: one Query of the OUTCOMES partition. */
    public static final int PAGE_SIZE = 50;
    private static final int MAX_ATTEMPTS = 8;

    private final OutcomeStore store;
    private final ResidentKeys keys;
    private final Clock clock;

    /** @param keys keys the fingerprint stored with an Idempotency-Key, as for stories and responses */
    public Outcomes(OutcomeStore store, ResidentKeys keys, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
    }

    public OutcomeResult record(Partner partner, OutcomeDraft draft, Optional<String> idempotencyKey) {
        Map<String, OutcomeDraft.Problem> problems = draft.validate();
        if (!problems.isEmpty()) {
            return new OutcomeResult.Invalid(problems);
        }
        String fingerprint = keys.fingerprint(Hashing.fieldsSha256Hex(List.of(draft.title(), draft.text(),
                String.join(",", draft.sortedIds()))));
        Optional<String> keyHash = idempotencyKey.map(key -> Hashing.sha256Hex("outcome\n" + partner.id() + "\n" + key));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, OutcomeStore.Candidate> found = store.candidates(draft.storyIds(), partner.id());
            List<String> notShared = new ArrayList<>();
            List<OutcomeStore.Link> links = new ArrayList<>();
            for (String id : draft.storyIds()) {
                OutcomeStore.Candidate candidate = id.matches("[0-9a-f-]{36}") ? found.get(id) : null;
                if (candidate == null || !candidate.sharedWithPartner() || !SharingRule.shares(candidate.story(), partner)) {
                    notShared.add(id);
                } else {
                    links.add(new OutcomeStore.Link(candidate.story().reference(), candidate.version()));
                }
            }
            if (!notShared.isEmpty()) {
                // A retry of an outcome stored before (a story since withdrawn) still replays the first answer.
                Optional<OutcomeResult> replay = keyHash.flatMap(hash -> replayIfStored(hash, fingerprint));
                return replay.orElse(new OutcomeResult.NotShared(notShared));
            }
            Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String outcomeId = Hashing.randomToken(12);
            Optional<OutcomeStore.Claim> claim = keyHash.map(hash -> new OutcomeStore.Claim(hash, fingerprint, outcomeId,
                    at.plus(Limits.IDEMPOTENCY_WINDOW)));
            OutcomeStore.AddResult added = store.add(new OutcomeStore.NewOutcome(partner, outcomeId, draft.title(),
                    draft.text(), at, links, claim));
            if (added instanceof OutcomeStore.Added) {
                return new OutcomeResult.Recorded(outcomeId, links.stream().map(OutcomeStore.Link::reference).toList());
            }
            if (added instanceof OutcomeStore.ClaimTaken taken) {
                return replay(taken.existing(), fingerprint);
            }
            // A story changed since it was read (or a write got in the way): read again, decide again.
            Contention.backOff(attempt);
        }
        return new OutcomeResult.Conflict();
    }

    /** The first answer of a key that already stored an outcome; empty when it stored none (or expired). */
    private Optional<OutcomeResult> replayIfStored(String keyHash, String fingerprint) {
        return store.claim(keyHash, clock.instant()).map(existing -> replay(existing, fingerprint));
    }

    private static OutcomeResult replay(OutcomeStore.Claim existing, String fingerprint) {
        return Hashing.constantTimeEquals(existing.fingerprint(), fingerprint)
                ? new OutcomeResult.Replayed(existing.outcomeId()) : new OutcomeResult.KeyReused();
    }
}
