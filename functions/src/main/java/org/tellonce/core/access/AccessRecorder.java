package org.tellonce.core.access;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.tellonce.core.story.Reference;

/**
 * Writes the access log the same way on every route (SPEC section 11): one entry per story, all at
 * the request's one instant, before the answer that shows the text leaves. A failed write throws
 * (a {@code StoreUnavailableException} from the store), so the route answers 503 and shows nothing.
 */
public final class AccessRecorder {
    private final AccessLog log;
    private final Clock clock;

    public AccessRecorder(AccessLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Records that {@code actor} did {@code action} to each story; nothing when there is none. */
    public void record(Actor actor, Action action, List<Reference> references) {
        if (references.isEmpty()) {
            return;
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        log.record(references.stream().map(r -> AccessEntry.of(actor, r, action, at)).toList());
    }

    public void record(Actor actor, Action action, Reference reference) {
        record(actor, action, List.of(reference));
    }
}
