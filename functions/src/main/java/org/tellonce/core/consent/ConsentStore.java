package org.tellonce.core.consent;

import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;

/** Changes a resident makes to their own story, each guarded by the manage token's hash. */
public interface ConsentStore {

    /** @return false when the story is gone or the token hash no longer matches */
    boolean changeConsent(Reference reference, String manageTokenHash, Consent consent);

    /** Leaves a content-free tombstone. @return false when the story is gone or the token does not match */
    boolean erase(Reference reference, String manageTokenHash);
}
