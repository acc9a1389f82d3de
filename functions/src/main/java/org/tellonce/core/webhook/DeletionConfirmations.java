package org.tellonce.core.webhook;

import java.time.Clock;
import java.util.Optional;
import org.tellonce.core.story.Reference;

/**
 * {@code POST /partner/stories/{storyId}/deletion-confirmations} (SPEC section 14): a partner that was told a
 * story was withdrawn from it says it deleted its copies. It works although the story itself now answers 404;
 * a partner never told about the story learns nothing (404). Saying it twice keeps the first time.
 */
public final class DeletionConfirmations {

    /** Where the partners told of a withdrawal are recorded. */
    public interface RemovalStore {
        /** The story, when this partner was told it was withdrawn from it (and does not hold it again). */
        Optional<Reference> toldOf(String storyId, String partnerId);

        /** Records the confirmation unless one is recorded. @return false when there is no such removal */
        boolean confirm(Reference reference, String partnerId, java.time.Instant at);
    }

    private final RemovalStore store;
    private final Clock clock;

    public DeletionConfirmations(RemovalStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The story, when the partner was told of its withdrawal; what a route asks before the role decides. */
    public Optional<Reference> toldOf(String storyId, String partnerId) {
        return store.toldOf(storyId, partnerId);
    }

    public boolean confirm(Reference reference, String partnerId) {
        return store.confirm(reference, partnerId, clock.instant());
    }
}
