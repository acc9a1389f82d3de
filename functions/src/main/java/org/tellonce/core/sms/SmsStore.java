package org.tellonce.core.sms;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;

/** Per-number conversation state and message de-duplication. Numbers appear only as resident keys. */
public interface SmsStore {

    /** What became of a message id. */
    sealed interface Claim permits Claimed, Done, InProgress {
    }

    /** This delivery is the first: process it. */
    record Claimed() implements Claim {
    }

    /** Processed before: this is what was answered (empty: nothing). */
    record Done(Optional<String> reply) implements Claim {
    }

    /** Another delivery of the same message is being processed right now. */
    record InProgress() implements Claim {
    }

    Claim claimMessage(InboundSms.Provider provider, String messageId, Instant now);

    void completeMessage(InboundSms.Provider provider, String messageId, Optional<String> reply, Instant now);

    /** Gives up a claim that could not be completed, so the next delivery can claim it at once. */
    void releaseMessage(InboundSms.Provider provider, String messageId);

    boolean optedOut(String residentKey);

    /** Which provider this number last wrote through (replies that come later go the same way). */
    void rememberProvider(String residentKey, InboundSms.Provider provider);

    java.util.Optional<InboundSms.Provider> provider(String residentKey);

    /**
     * Opts the number out of (or back into) our messages.
     *
     * @return true when this write changed it: of two STOPs at once, exactly one
     */
    boolean setOptedOut(String residentKey, boolean optedOut, Instant now);

    /** The language this number chose to be answered in (ENGLISH / CYMRAEG / POLSKI), if it chose one. */
    Optional<org.tellonce.core.language.Language> language(String residentKey);

    void setLanguage(String residentKey, org.tellonce.core.language.Language language, Instant now);

    void addPending(String residentKey, Reference reference, Instant at);

    /** The newest story of this number still awaiting YES/ANON/NO. */
    Optional<Reference> newestPending(String residentKey);

    /**
     * Takes the story off the waiting list: the one write that decides which answer applies.
     *
     * @return false when it was no longer waiting (another answer took it)
     */
    boolean resolvePending(String residentKey, Reference reference);

    void clearPending(String residentKey);

    /**
     * Takes the story off the waiting list (as {@link #resolvePending}, the one write that decides which
     * answer applies) and starts asking its topic and area, in one write.
     *
     * @return false when it was no longer waiting, or the story is no longer this resident's
     */
    boolean startRouting(String residentKey, Routing routing);

    /** The newest routing of this number still asking its questions. */
    Optional<Routing> newestRouting(String residentKey);

    /**
     * Saves the next step of a routing, only if it is still the revision before {@code next}'s.
     *
     * @return false when it was completed (or changed) meanwhile
     */
    boolean updateRouting(String residentKey, Routing next);

    /**
     * Ends the routing and gives the story its consent, topics and area, in one write, only if the
     * routing is still at {@code routing}'s revision: of a late answer and the sweep, exactly one applies.
     * A routing whose story is gone (erased) just ends.
     *
     * @return true when this call shared it
     */
    boolean completeRouting(String residentKey, Routing routing);

    /** Routings of any number started before {@code cutoff}, oldest first, at most {@code limit}. */
    List<DueRouting> routingsStartedBefore(Instant cutoff, int limit);

    /** A routing the sweep completes, with the resident it belongs to. */
    record DueRouting(String residentKey, Routing routing) {
    }

    /** Ends every routing of this number without sharing (WITHDRAW). */
    void cancelRouting(String residentKey);

    /** Sets the consent of one of this resident's stories. @return false when it is not theirs or is gone */
    boolean setConsent(Reference reference, String residentKey, Consent consent);

    /** Every story of this resident (any channel), newest first. */
    List<Reference> stories(String residentKey);

    /** Counts a reply against the number's hourly allowance. @return false when the allowance is used up */
    boolean allowReply(String residentKey, Instant now, int perHour);
}
