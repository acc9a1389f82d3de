package org.tellonce.core.sharing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tellonce.core.moderation.Moderation;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;

/**
 * Makes a story's shares equal what its current consent allows. It always works from the story
 * as it is now (not from the stream record that woke it), so redelivered, reordered or retried
 * records converge on the same shares, and running it twice shares nothing twice.
 */
public final class FanOut {
    /** Passes before giving up on a story whose consent keeps changing (the stream retries it). */
    private static final int MAX_PASSES = 5;

    private final ShareStore shares;
    private final Clock clock;
    private final Moderation moderation;

    public FanOut(ShareStore shares, Clock clock) {
        this(shares, clock, Moderation.defaults());
    }

    /** @param moderation under MODERATION=all, a story nobody has reviewed is held before its first share */
    public FanOut(ShareStore shares, Clock clock, Moderation moderation) {
        this.shares = shares;
        this.clock = clock;
        this.moderation = moderation;
    }

    /** What one reconciliation changed. */
    public record Result(List<String> added, List<String> removed) {
    }

    /**
     * Brings the shares in line, pass after pass, until a pass finds nothing to change. Each pass works
     * from one consistent read; a consent change committed while an earlier pass was writing is seen by
     * the next one, so a slow or redelivered fan-out never leaves an orphaned share behind (nor removes
     * one consented since). Bounded: a story whose consent keeps changing fails the record, which the
     * stream then retries.
     */
    public Result reconcile(Reference reference, List<Partner> partners) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Optional<Pass> done = reconcileOnce(reference, partners);
            if (done.isEmpty()) {
                return new Result(added, removed);
            }
            added.addAll(done.get().added());
            removed.addAll(done.get().removed());
        }
        throw new IllegalStateException("The story's consent kept changing while its shares were reconciled");
    }

    /** What one pass did; empty when its read showed the shares already right. */
    private record Pass(List<String> added, List<String> removed) {
    }

    private Optional<Pass> reconcileOnce(Reference reference, List<Partner> partners) {
        Optional<StoredStory> found = shares.story(reference);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredStory story = found.get();
        Set<String> wanted = new HashSet<>();
        for (Partner partner : SharingRule.audience(story.story(), partners)) {
            wanted.add(partner.id());
        }
        Set<String> current = new HashSet<>(shares.sharedWith(story));
        if (!wanted.isEmpty() && current.isEmpty() && moderation.holdsBeforeSharing(story.story())) {
            // Told privately and shared later (an SMS answered YES, a consent widened) under MODERATION=all:
            // a moderator sees it first. The hold is a conditional write; its own stream record comes back
            // here and finds the story held.
            shares.hold(reference, clock.instant());
            return Optional.empty();
        }
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        boolean differs = false;
        for (Partner partner : partners) {
            if (wanted.contains(partner.id()) && !current.contains(partner.id())) {
                differs = true;
                if (shares.share(story, partner, clock.instant())) {
                    added.add(partner.id());
                }
            }
        }
        for (String partnerId : current) {
            // A disabled partner's feed is closed but keeps what it had; anything no longer consented goes.
            boolean disabledButStillConsented = partners.stream().anyMatch(p -> p.id().equals(partnerId)
                    && !p.enabled() && SharingRule.shares(story.story(), p.withEnabled(true)));
            if (!wanted.contains(partnerId) && !disabledButStillConsented) {
                differs = true;
                if (shares.withdraw(story, partnerId)) {
                    removed.add(partnerId);
                }
            }
        }
        return differs ? Optional.of(new Pass(added, removed)) : Optional.empty();
    }
}
