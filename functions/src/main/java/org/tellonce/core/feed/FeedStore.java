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
    record Held(Story story, boolean sharedWithPartner, Optional<Instant> sharedAt, Set<Share> sharedAs, Work work,
                Optional<Lead> lead) {
        public Held {
            sharedAs = Set.copyOf(sharedAs);
        }

        /** No partner leads the story. */
        public Held(Story story, boolean sharedWithPartner, Optional<Instant> sharedAt, Set<Share> sharedAs, Work work) {
            this(story, sharedWithPartner, sharedAt, sharedAs, work, Optional.empty());
        }

        public Held(Story story, boolean sharedWithPartner, Optional<Instant> sharedAt, Set<Share> sharedAs) {
            this(story, sharedWithPartner, sharedAt, sharedAs, Work.NONE);
        }

        /** Whether partners could only ever read the story at this level (now and at every time before). */
        public boolean onlyEverSharedAs(Share level) {
            return story.consent().share() == level && sharedAs.stream().allMatch(level::equals);
        }
    }

    List<FeedEntry> entriesAfter(String partnerId, long afterSeq, int max);

    /**
     * The partner's feed backwards: at most {@code max} positions below {@code beforeSeq}, newest first
     * ({@code Long.MAX_VALUE}: from the newest). What the inbox reads, a page at a time.
     */
    default List<FeedEntry> entriesBefore(String partnerId, long beforeSeq, int max) {
        throw new UnsupportedOperationException("this store reads its feed forwards only");
    }

    /** The stories, each with whether this partner holds a share of it (consistent reads). */
    Map<Reference, Held> held(Collection<Reference> references, String partnerId);

    Optional<Reference> referenceOf(String storyId);

    /** One of a resident's stories, with when it was received (the order of the resident's history). */
    record ResidentStory(Reference reference, Instant receivedAt) {
    }

    /**
     * The resident's stories received before {@code before} (strictly), newest first, at most {@code max}:
     * however many stories the resident told later, an old story's history is the stories before it.
     */
    List<ResidentStory> residentStories(String residentKey, Instant before, int max);

    /**
     * What an Idempotency-Key replays for a partner's response, in the same record as the story
     * intake's: the response it stored. The text is the request's own, so it is not kept here.
     */
    record ResponseClaim(String keyHash, String fingerprint, String responseId, Instant at, Instant expiresAt) {
    }

    /** A response to store; with a claim, at most once per key. */
    record NewResponse(Reference reference, Partner partner, String responseId, String text, Instant at,
                       Optional<ResponseClaim> claim) {
    }

    sealed interface AddResult permits Added, StoryErased, ClaimTaken, Contended {
    }

    record Added() implements AddResult {
    }

    /** The story was erased (or is gone) before the response landed: nothing was stored. */
    record StoryErased() implements AddResult {
    }

    /** The Idempotency-Key was used before (and has not expired): nothing was stored. */
    record ClaimTaken(ResponseClaim existing) implements AddResult {
    }

    /** A concurrent write held the same items; try again shortly. */
    record Contended() implements AddResult {
    }

    /** Stores the response only while its story is not erased, and only once per claim, all or nothing. */
    AddResult addResponse(NewResponse response);

    /**
     * Sets the partner's handling of the story, on its share only while the share exists (a withdrawn
     * share is not written back). @return false when the story is not shared with the partner
     */
    boolean setHandling(Reference reference, String partnerId, Handling handling);

    /** Assigns the story to one of the partner's staff, or to nobody; false when it is not shared with the partner. */
    boolean setAssignee(Reference reference, String partnerId, Optional<Work.Assignee> assignee);

    /**
     * The partner replied: the share remembers it (the inbox's "unanswered"), and a story still
     * {@code new} becomes {@code responded}. Nothing happens when the share is gone.
     */
    void markAnswered(Reference reference, String partnerId, Instant at);

    /**
     * Makes the partner the story's lead, in one conditional write: only while the partner holds a share
     * of it, and only while no other partner that still holds it leads (a lead whose share is gone is
     * replaced). @return {@link LeadOutcome.Leading} (claimed now, or the partner's own claim as it was),
     * {@link LeadOutcome.Taken} or {@link LeadOutcome.NotShared}
     */
    default LeadOutcome claimLead(Reference reference, Partner partner, Instant at) {
        throw new UnsupportedOperationException("this store keeps no leads");
    }

    /**
     * Releases the partner's lead of the story. @return {@link LeadOutcome.Released} (also when nobody
     * led, or the lead's partner no longer holds the story), or {@link LeadOutcome.Taken} when another
     * partner leads
     */
    default LeadOutcome releaseLead(Reference reference, String partnerId) {
        throw new UnsupportedOperationException("this store keeps no leads");
    }
}
