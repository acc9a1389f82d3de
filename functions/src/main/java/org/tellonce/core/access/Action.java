package org.tellonce.core.access;

import java.util.Arrays;
import java.util.Optional;

/**
 * What an actor may ask to do. {@code aboutAStory}: the action names one story, which must be shared
 * with the actor's partner (else 404, whatever the role). {@code ofAPartner}: it is a partner's work
 * (the inbox, the API), done for the actor's own partner only. {@code wire} is how the access log
 * stores it and the resident's page words it ({@code access.action.<wire>}).
 */
public enum Action {
    /** Read a story's text: an API item, a feed page, the inbox, one inbox story. */
    READ_STORY("read", true, true),
    /** A row of the inbox's CSV download. */
    EXPORT_CSV("csv", true, true),
    REPLY("reply", true, true),
    SET_HANDLING("handling", true, true),
    ASSIGN("assign", true, true),
    CLAIM_LEAD("lead", true, true),
    /** Confirm that the partner deleted its copies of a withdrawn story (section 14). */
    CONFIRM_DELETION("deletion", true, true),
    /** Link stories to an outcome (section 13). */
    RECORD_OUTCOME("outcome", false, true),
    /** Record a story told in person or by phone (section 15). */
    RECORD_ASSISTED("assisted", false, true),
    /** Add and disable the partner's own staff. */
    MANAGE_STAFF("staff", false, true),
    /** The partner's own access log, {@code GET /partner/audit}. */
    VIEW_AUDIT("audit", false, true),
    /** Review held stories (section 12). */
    MODERATE("moderation", false, false),
    /** Receive safeguarding alerts and see flagged stories. */
    SEE_FLAGGED("safeguarding", false, false),
    /** A moderator let a held story travel (logged against it; who may: {@link Policy#moderate}). */
    APPROVE("approved", false, false),
    /** A moderator kept a held story from every partner. */
    REJECT("rejected", false, false);

    private final String wire;
    private final boolean aboutAStory;
    private final boolean ofAPartner;

    Action(String wire, boolean aboutAStory, boolean ofAPartner) {
        this.wire = wire;
        this.aboutAStory = aboutAStory;
        this.ofAPartner = ofAPartner;
    }

    public String wire() {
        return wire;
    }

    public boolean aboutAStory() {
        return aboutAStory;
    }

    public boolean ofAPartner() {
        return ofAPartner;
    }

    public static Optional<Action> of(String wire) {
        return Arrays.stream(values()).filter(a -> a.wire.equals(wire)).findFirst();
    }
}
