package org.tellonce.core.feed;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

/** What the partner feed reads, and where partner responses go. */
public interface FeedStore {

    /** One position in a partner's feed. {@code reference} is empty unless {@code state} is "shared". */
    record FeedEntry(long seq, String state, Optional<Reference> reference, Instant sharedAt) {
        public boolean shared() {
            return "shared".equals(state) && reference.isPresent();
        }
    }

    /**
     * A story and whether it is (still) shared with the asking partner; {@code sharedAs}: every level
     * (anonymous, identified) its consent has ever had, so history can tell a story that partners once
     * read identified from one they only ever read anonymously.
     */
    record Held(Story story, boolean sharedWithPartner, Optional<Instant> sharedAt, Set<Share> sharedAs) {
        public Held {
            sharedAs = Set.copyOf(sharedAs);
        }

        /** Whether partners could only ever read the story at this level (now and at every time before). */
        public boolean onlyEverSharedAs(Share level) {
            return story.consent().share() == level && sharedAs.stream().allMatch(level::equals);
        }
    }

    List<FeedEntry> entriesAfter(String partnerId, long afterSeq, int max);

    /** The stories, each with whether this partner holds a share of it (consistent reads). */
    Map<Reference, Held> held(Collection<Reference> references, String partnerId);

    Optional<Reference> referenceOf(String storyId);

    /** The resident's stories, newest first, at most {@code max}. */
    List<Reference> residentStories(String residentKey, int max);

    void addResponse(Reference reference, Partner partner, String responseId, String text, Instant at);
}
