package org.tellonce.core.sharing;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;

/** Share pointers: which partners hold which story, and each partner's feed in share order. */
public interface ShareStore {

    /** A story's current state as the fan-out sees it (consistent read). */
    Optional<StoredStory> story(Reference reference);

    /** Shares the story with the partner unless it is shared already. @return whether it was new */
    boolean share(StoredStory story, Partner partner, Instant now);

    /** Takes the story out of the partner's feed. @return whether there was a share to remove */
    boolean unshare(Reference reference, String partnerId);

    /**
     * Takes the story out of the partner's feed and records that the partner was told to delete its copies
     * (SPEC section 14: {@code story.withdrawn}, the resident's "removed by M of N"), with the reason
     * {@code erased} for an erased story and {@code withdrawn} otherwise.
     * @return whether there was a share to remove
     */
    default boolean withdraw(StoredStory story, String partnerId) {
        return unshare(story.story().reference(), partnerId);
    }

    /**
     * Holds a story nobody has reviewed for a moderator (MODERATION=all), unless it is reviewed, held or
     * erased already. @return whether this call held it
     */
    boolean hold(Reference reference, Instant now);

    /** Partners the story is currently shared with. */
    default List<String> sharedWith(StoredStory story) {
        return story.sharedWith().stream().map(StoredStory.SharedWith::partnerId).toList();
    }
}
