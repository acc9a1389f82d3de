package org.tellonce.core.moderators;

import java.util.List;
import java.util.Optional;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Story;

/** The moderation queue and the decisions on it (SPEC §12), as stored. */
public interface ModerationStore {

    /**
     * Where a page of the queue starts: after or before the page the cursor came from. {@code key} is the
     * store's own, opaque to everyone else.
     */
    record Cursor(boolean after, String key) {
    }

    /** A page of held stories, in queue order (flagged first, then oldest), and its neighbours' cursors. */
    record Page(List<Story> stories, Optional<Cursor> previous, Optional<Cursor> next) {
    }

    /**
     * A page of the queue: every held story, or only flagged ones.
     *
     * @throws IllegalArgumentException when the cursor is not one the store gave
     */
    Page queue(boolean flaggedOnly, Optional<Cursor> cursor, int max);

    /** Reads a cursor as the store wrote it ({@link #cursorText}). @throws IllegalArgumentException if it is not one */
    Cursor cursor(String text);

    /** A cursor as text for a link. */
    String cursorText(Cursor cursor);

    /** The story as it is now (consistent), or empty if there is none. */
    Optional<Story> story(Reference reference);

    /** The reference of the story with this id (SPEC §12's {@code storyId}), or empty if there is none. */
    Optional<Reference> referenceOf(String storyId);

    /** What became of a decision. */
    enum Written {
        /** The story was held and now carries the decision; it left the queue in the same write. */
        DECIDED,
        /** The story was no longer held (decided by someone else, or erased meanwhile): nothing written. */
        NOT_HELD
    }

    /** Writes an approval or rejection, only if the story is still held and not erased. */
    Written decide(Reference reference, Review decided);
}
