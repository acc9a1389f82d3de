package org.tellonce.core.sharing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import org.tellonce.core.WorkerPool;
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
    /**
     * Shares of one story written at the same time. Each holds one HTTP connection to DynamoDB for a
     * write or two (AwsClients keeps up to 32 alive); 100 matching partners take 7 rounds instead of 100.
     */
    public static final int PARALLEL_SHARES = 16;

    private final ShareStore shares;
    private final Clock clock;
    private final Moderation moderation;
    private final ExecutorService pool;

    public FanOut(ShareStore shares, Clock clock) {
        this(shares, clock, Moderation.defaults());
    }

    /** @param moderation under MODERATION=all, a story nobody has reviewed is held before its first share */
    public FanOut(ShareStore shares, Clock clock, Moderation moderation) {
        this.shares = shares;
        this.clock = clock;
        this.moderation = moderation;
        this.pool = newPool();
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
        List<Partner> toShare = new ArrayList<>();
        for (Partner partner : partners) {
            if (wanted.contains(partner.id()) && !current.contains(partner.id())) {
                toShare.add(partner);
            }
        }
        List<String> added = shareAll(story, toShare);
        List<String> toWithdraw = new ArrayList<>();
        for (String partnerId : current) {
            // A disabled partner's feed is closed but keeps what it had; anything no longer consented goes.
            boolean disabledButStillConsented = partners.stream().anyMatch(p -> p.id().equals(partnerId)
                    && !p.enabled() && SharingRule.shares(story.story(), p.withEnabled(true)));
            if (!wanted.contains(partnerId) && !disabledButStillConsented) {
                toWithdraw.add(partnerId);
            }
        }
        // Each withdrawal is its own partner's writes (marker, feed entry, removal record): 100 partners
        // take 7 rounds of 16, as sharing does, not 100 in a row.
        List<String> removed = inParallel(toWithdraw, Function.identity(), partnerId -> shares.withdraw(story, partnerId));
        boolean differs = !toShare.isEmpty() || !toWithdraw.isEmpty();
        return differs ? Optional.of(new Pass(added, removed)) : Optional.empty();
    }

    /**
     * Shares the story with these partners at once, at most {@link #PARALLEL_SHARES} at a time. Each
     * share is its own conditional writes (a partner's sequence number, then its transaction), so no share
     * waits for another partner's; one story's shares go to different partners, and a batch's stories are
     * reconciled one after another, so each partner's feed keeps its order. Every share is finished (or
     * failed) before this returns; a failure is rethrown then, the first with the others suppressed.
     * @return the partners shared with now, in the order given
     */
    private List<String> shareAll(StoredStory story, List<Partner> partners) {
        return inParallel(partners, Partner::id, partner -> shares.share(story, partner, clock.instant()));
    }

    /**
     * Runs {@code write} for each of {@code targets}, at most {@link #PARALLEL_SHARES} at a time (one on the
     * caller's thread); every write finishes (or fails) before this returns, and a failure is rethrown
     * then, the first with the others suppressed. @return the ids of the targets whose write applied
     */
    private <T> List<String> inParallel(List<T> targets, Function<T, String> idOf, Predicate<T> write) {
        if (targets.size() <= 1) {
            List<String> done = new ArrayList<>();
            for (T target : targets) {
                if (write.test(target)) {
                    done.add(idOf.apply(target));
                }
            }
            return done;
        }
        List<Future<Boolean>> pending = new ArrayList<>();
        for (T target : targets) {
            pending.add(pool.submit(() -> write.test(target)));
        }
        List<String> done = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = 0; i < pending.size(); i++) {
            try {
                if (finished(pending.get(i))) {
                    done.add(idOf.apply(targets.get(i)));
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return done;
    }

    /**
     * A share's outcome, waiting however long it takes (each write has the SDK's own timeouts); an
     * interrupt is kept for the caller, never allowed to leave a share running unseen.
     */
    private static boolean finished(Future<Boolean> share) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return share.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException("A share failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** This fan-out's share writers: daemon threads made on demand, named after the thread that needed them. */
    private static ExecutorService newPool() {
        return WorkerPool.of(PARALLEL_SHARES, "share");
    }
}
