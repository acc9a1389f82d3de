package org.tellonce.core.resident;

import java.util.List;
import org.tellonce.core.story.Reference;

/** What is kept about a resident besides their stories, by resident key, and the index of their stories. */
public interface ResidentRecords {
    /** Every story told from that contact, on any channel, newest first (erased ones no longer listed). */
    List<Reference> stories(String residentKey);

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
