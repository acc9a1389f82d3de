package org.tellonce.core.access;

import java.util.List;
import java.util.Optional;
import org.tellonce.core.story.Reference;

/**
 * The access log (SPEC section 11), kept with each story so that erasing the story erases its log
 * (but for a count). Written before the answer that shows the text leaves: no read without a record.
 */
public interface AccessLog {

    /** Records every entry, or throws (the caller answers 503 and shows nothing). */
    void record(List<AccessEntry> entries);

    /** A story's log, newest first, at most {@code max}. */
    List<AccessEntry> ofStory(Reference reference, int max);

    /** A partner's log (every story, newest first), a page at a time. */
    record Page(List<AccessEntry> entries, Optional<String> nextCursor) {
    }

    Page ofPartner(String partnerId, Optional<String> cursor, int max);
}
