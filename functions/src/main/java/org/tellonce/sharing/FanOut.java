package org.tellonce.sharing;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tellonce.partner.Partner;
import org.tellonce.resident.StoredStory;
import org.tellonce.story.Reference;

/**
 * Makes a story's shares equal what its current consent allows. It always works from the story
 * as it is now (not from the stream record that woke it), so redelivered, reordered or retried
 * records converge on the same shares, and running it twice shares nothing twice.
 */
public final class FanOut {
    private final ShareStore shares;
    private final Clock clock;

    public FanOut(ShareStore shares, Clock clock) {
        this.shares = shares;
        this.clock = clock;
    }

    /** What one reconciliation changed. */
    public record Result(List<String> added, List<String> removed) {
    }

    public Result reconcile(Reference reference, List<Partner> partners) {
        Optional<StoredStory> found = shares.story(reference);
        if (found.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        StoredStory story = found.get();
        Set<String> wanted = new HashSet<>();
        for (Partner partner : SharingRule.audience(story.story(), partners)) {
            wanted.add(partner.id());
        }
        Set<String> current = new HashSet<>(shares.sharedWith(story));
        List<String> added = new java.util.ArrayList<>();
        List<String> removed = new java.util.ArrayList<>();
        for (Partner partner : partners) {
            if (wanted.contains(partner.id()) && !current.contains(partner.id())
                    && shares.share(story, partner, clock.instant())) {
                added.add(partner.id());
            }
        }
        for (String partnerId : current) {
            // A disabled partner's feed is closed but keeps what it had; anything no longer consented goes.
            boolean disabledButStillConsented = partners.stream().anyMatch(p -> p.id().equals(partnerId)
                    && !p.enabled() && SharingRule.shares(story.story(), p.withEnabled(true)));
            if (!wanted.contains(partnerId) && !disabledButStillConsented && shares.unshare(reference, partnerId)) {
                removed.add(partnerId);
            }
        }
        return new Result(added, removed);
    }
}
