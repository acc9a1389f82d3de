package org.tellonce.core.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.tellonce.core.WorkerPool;
import org.tellonce.core.consent.ConsentStore;
import org.tellonce.core.consent.Owner;
import org.tellonce.core.resident.ResidentRecords;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;

/**
 * What a resident with a session does to all their stories at once, the pages and the JSON API
 * alike; every change is the same conditional write as for one story, guarded by their resident key.
 *
 * <p>A resident may have told hundreds of stories. Lists come a page at a time ({@link #page}: one index
 * read and that page's stories); changes to all of them work through the index a page at a time,
 * {@link #PARALLEL} stories at once, and stop starting new ones at a time budget ({@link #DEFAULT_BUDGET}:
 * the function's timeout is 15 s, and the stories already begun finish after it) with what is left
 * untouched, so the same request sent again continues.
 */
public final class MyStories {
    /** Stories a page of "my stories" shows (JSON and HTML). */
    public static final int PAGE_SIZE = 50;
    /** Stories read or changed at the same time: each is a few requests to DynamoDB on its own connection. */
    public static final int PARALLEL = 8;
    /** How long one request may spend on changing every story before it answers "not finished". */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(8);
    /** Index entries read per round of a change to every story. */
    private static final int ROUND = 100;

    private final ResidentRecords records;
    private final ResidentStore stories;
    private final ConsentStore consents;
    private final Clock clock;
    private final Duration budget;
    private final ExecutorService pool = newPool();

    public MyStories(ResidentRecords records, ResidentStore stories, ConsentStore consents) {
        this(records, stories, consents, Clock.systemUTC(), DEFAULT_BUDGET);
    }

    public MyStories(ResidentRecords records, ResidentStore stories, ConsentStore consents, Clock clock,
                     Duration budget) {
        this.records = records;
        this.stories = stories;
        this.consents = consents;
        this.clock = clock;
        this.budget = budget;
    }

    /** One of the resident's stories and the cursor that continues after it. */
    public record Mine(StoredStory stored, String cursor) {
    }

    /** A page of the resident's stories, newest first; {@code nextCursor} when older ones follow. */
    public record Page(List<Mine> stories, Optional<String> nextCursor) {
        public List<StoredStory> stored() {
            return stories.stream().map(Mine::stored).toList();
        }
    }

    /** A cursor this resident was never given (edited or made up). */
    public static final class InvalidCursor extends IllegalArgumentException {
        public InvalidCursor() {
            super("cursor");
        }
    }

    /**
     * Up to {@code max} of the resident's stories older than {@code cursor} (empty: the newest), read as
     * they are now: one index query and the page's stories, {@link #PARALLEL} at a time.
     * @throws InvalidCursor when the cursor is not one this API gives out
     */
    public Page page(String residentKey, Optional<String> cursor, int max) {
        Optional<String> before = cursor.map(MyStories::position);
        if (before.isPresent() && !records.validPosition(before.get())) {
            throw new InvalidCursor();
        }
        ResidentRecords.Page index = records.storiesPage(residentKey, before, max);
        List<Optional<StoredStory>> loaded = all(index.entries().stream()
                .<Callable<Optional<StoredStory>>>map(e -> () -> own(residentKey, e.reference())).toList());
        List<Mine> out = new ArrayList<>();
        for (int i = 0; i < loaded.size(); i++) {
            String after = encode(index.entries().get(i).position());
            loaded.get(i).ifPresent(stored -> out.add(new Mine(stored, after)));
        }
        Optional<String> next = index.hasMore() && !index.entries().isEmpty()
                ? Optional.of(encode(index.entries().get(index.entries().size() - 1).position())) : Optional.empty();
        return new Page(out, next);
    }

    /** {@code work} for each story of a page, {@link #PARALLEL} at a time; the results in the page's order. */
    public <T> List<T> each(List<Mine> stories, java.util.function.Function<Mine, T> work) {
        return all(stories.stream().<Callable<T>>map(mine -> () -> work.apply(mine)).toList());
    }

    /** Every story told from the resident's contact on any channel, newest first, read as it is now. */
    public List<StoredStory> of(String residentKey) {
        List<StoredStory> out = new ArrayList<>();
        for (Reference reference : records.stories(residentKey)) {
            own(residentKey, reference).ifPresent(out::add);
        }
        return out;
    }

    private Optional<StoredStory> own(String residentKey, Reference reference) {
        return stories.load(reference).filter(s -> s.story().residentKey().filter(residentKey::equals).isPresent());
    }

    /** What a change to every story did: how many changed, and whether every story was reached in time. */
    public record Changed(int count, boolean finished) {
    }

    /** Withdraws every story at once; {@code finished} is false when the time ran out first (send again). */
    public Changed makeAllPrivate(String residentKey) {
        return everyStory(residentKey, reference -> own(residentKey, reference)
                .filter(stored -> stored.story().status() == Story.Status.RECEIVED
                        && !stored.story().consent().equals(Consent.PRIVATE))
                .map(stored -> consents.changeConsent(reference, new Owner.Resident(residentKey), Consent.PRIVATE))
                .orElse(false));
    }

    /**
     * Erases every story and then forgets the resident's records (a STOP excepted). Each erasure is guarded
     * by the resident key on the story itself, so no story is read first. When the time budget runs out the
     * records stay (the session too), and the same request sent again erases the rest: an erased story has
     * left the index.
     */
    public Changed eraseAll(String residentKey) {
        Changed changed = everyStory(residentKey, reference -> consents.erase(reference, new Owner.Resident(residentKey)));
        if (changed.finished()) {
            records.forget(residentKey);
        }
        return changed;
    }

    /** One story's change; false when it did not apply (changed or erased meanwhile). */
    private interface Change {
        boolean apply(Reference reference);
    }

    private Changed everyStory(String residentKey, Change change) {
        Instant deadline = clock.instant().plus(budget);
        int count = 0;
        Optional<String> before = Optional.empty();
        while (true) {
            ResidentRecords.Page index = records.storiesPage(residentKey, before, ROUND);
            List<Callable<Optional<Boolean>>> work = index.entries().stream()
                    .<Callable<Optional<Boolean>>>map(e -> () -> clock.instant().isBefore(deadline)
                            ? Optional.of(change.apply(e.reference())) : Optional.empty())
                    .toList();
            boolean skipped = false;
            for (Optional<Boolean> done : all(work)) {
                if (done.isEmpty()) {
                    skipped = true;
                } else if (done.get()) {
                    count++;
                }
            }
            if (skipped) {
                return new Changed(count, false);
            }
            if (!index.hasMore() || index.entries().isEmpty()) {
                return new Changed(count, true);
            }
            before = Optional.of(index.entries().get(index.entries().size() - 1).position());
        }
    }

    public boolean replyNotifications(String residentKey) {
        return records.replyNotifications(residentKey);
    }

    public void setReplyNotifications(String residentKey, boolean on) {
        records.setReplyNotifications(residentKey, on);
    }

    /** Runs the tasks {@link #PARALLEL} at a time; their results in order. Every task finishes before a failure is thrown. */
    private <T> List<T> all(List<Callable<T>> tasks) {
        if (tasks.size() <= 1) {
            List<T> out = new ArrayList<>();
            for (Callable<T> task : tasks) {
                try {
                    out.add(task.call());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return out;
        }
        List<Future<T>> pending = tasks.stream().map(pool::submit).toList();
        List<T> out = new ArrayList<>();
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<T> f : pending) {
            while (true) {
                try {
                    out.add(f.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                            : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    private static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    private static String position(String cursor) {
        if (cursor.isEmpty() || cursor.length() > 200) {
            throw new InvalidCursor();
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursor();
        }
    }

    /** Daemon threads made on demand, named after the thread that needed them (as the fan-out's share writers). */
    private static ExecutorService newPool() {
        return WorkerPool.of(PARALLEL, "mine");
    }
}
