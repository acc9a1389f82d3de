package org.tellonce.core.consent;

import org.tellonce.core.story.Consent;
import org.tellonce.core.story.StoredStory;

/** A resident changes their consent: the same rules from the JSON API and the form. */
public final class ConsentService {

    public sealed interface Change permits Changed, Refused, Gone {
    }

    /** Saved: partners see the story (or stop seeing it) as this consent says. */
    public record Changed(Consent consent) implements Change {
    }

    /** Broke the policy: nothing saved; the choice as it was, to show again with its problems. */
    public record Refused(ConsentPolicy.Checked checked) implements Change {
    }

    /** The story was erased, or its owner's proof changed, since it was read. */
    public record Gone() implements Change {
    }

    private final ConsentPolicy policy;
    private final ConsentStore store;

    public ConsentService(ConsentPolicy policy, ConsentStore store) {
        this.policy = policy;
        this.store = store;
    }

    public Change change(StoredStory stored, Owner owner, ConsentPolicy.Choice choice) {
        ConsentPolicy.Checked checked = policy.check(choice, stored.story());
        if (!checked.valid()) {
            return new Refused(checked);
        }
        if (!store.changeConsent(stored.story().reference(), owner, checked.consent())) {
            return new Gone();
        }
        return new Changed(checked.consent());
    }
}
