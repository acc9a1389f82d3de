package org.tellonce.core.resident;

import java.util.List;
import java.util.Optional;
import org.tellonce.core.story.Reference;

/** What is kept about a resident besides their stories, by resident key, and the index of their stories. */
public interface ResidentRecords {
    /** Every story told from that contact, on any channel, newest first (erased ones no longer listed). */
    List<Reference> stories(String residentKey);

    /** One of the resident's stories in the index, and where it stands there (opaque, for {@link #storiesPage}). */
    record Entry(Reference reference, String position) {
    }

    /** Up to {@code max} index entries, newest first; {@code hasMore} when older ones follow the last. */
    record Page(List<Entry> entries, boolean hasMore) {
    }

    /**
     * The resident's stories older than {@code before} (a position from an earlier page; empty: the newest),
     * at most {@code max}, reading only that many index entries (and one more, to know whether others follow).
     */
    default Page storiesPage(String residentKey, Optional<String> before, int max) {
        List<Reference> all = stories(residentKey);
        int from = before.map(p -> {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i).value().equals(p)) {
                    return i + 1;
                }
            }
            return all.size();
        }).orElse(0);
        List<Entry> entries = all.subList(from, Math.min(all.size(), from + max)).stream()
                .map(r -> new Entry(r, r.value())).toList();
        return new Page(entries, from + max < all.size());
    }

    /** Whether a position could have come from {@link #storiesPage} (its shape, not whether it exists). */
    default boolean validPosition(String position) {
        return Reference.parse(position).isPresent();
    }

    /**
     * The resident just proved their contact by code: every story told from it so far (typed into a
     * form) becomes proven, so it joins partners' histories and says {@code "verified": true}.
     * @return how many stories changed
     */
    int proveStories(String residentKey);

    /** Whether they want to hear of partners' replies by SMS or e-mail. */
    boolean replyNotifications(String residentKey);

    void setReplyNotifications(String residentKey, boolean on);

    /**
     * Removes the SMS state, verification records and preferences of the resident; only a STOP is
     * kept (as a bare flag under the keyed hash), so a number that opted out is never texted again.
     */
    void forget(String residentKey);
}
