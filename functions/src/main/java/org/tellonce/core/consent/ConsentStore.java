package org.tellonce.core.consent;

import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;

/** Changes a resident makes to their own story, each guarded by what proved the {@link Owner}. */
public interface ConsentStore {

    /** @return false when the story is gone or the owner's proof no longer matches */
    boolean changeConsent(Reference reference, Owner owner, Consent consent);

    /** Leaves a content-free tombstone. @return false when the story is gone or the owner's proof does not match */
    boolean erase(Reference reference, Owner owner);
}
