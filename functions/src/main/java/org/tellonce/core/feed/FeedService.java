package org.tellonce.core.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.tellonce.core.WorkerPool;
import org.tellonce.core.Contention;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.intake.Limits;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.sharing.Redactor;
import org.tellonce.core.sharing.SharingRule;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Postcodes;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

/**
 * The partner's view: its feed in share order, one story, history, responses. Consent is checked
 * again at read time, so a withdrawn or erased story never shows even if a pointer lags.
 */
public final class FeedService {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    public static final int HISTORY_MAX = 10;
    /** How many of the resident's earlier stories a history looks at (before the partner's own checks). */
    public static final int HISTORY_CANDIDATES = 50;
    /** How many residents' histories a feed page reads at once. */
    public static final int PARALLEL_HISTORY_READS = 4;
    public static final int RESPONSE_MAX = 2000;
    /**
     * A missing sequence number older than this was abandoned (its writer failed and the retry took
     * a new number); younger, it may still be written, so the feed waits rather than skip it.
     */
    public static final Duration GAP_TIMEOUT = Duration.ofSeconds(60);
    /** The response clock's target when none is configured: 20 days (SPEC section 13). */
    public static final Duration DEFAULT_RESPONSE_TARGET = Duration.ofDays(20);
    private static final int SCAN_PAGE = 100;
    /** Positions one Query of a window reads at most; the first reads only as many as the window wants. */
    private static final int WINDOW_QUERY_MAX = 500;
    /** Stories whose share is checked in one {@code held} read: 3 items each, one BatchGetItem of 99 keys. */
    private static final int WINDOW_HELD_GROUP = 33;
    private static final int MAX_ATTEMPTS = 8;
    /** What an inbox cursor is bound to besides the partner: an API feed cursor is not an inbox position. */
    private static final String INBOX_CURSOR = "inbox|";

    private final FeedStore store;
    private final FeedCursor cursors;
    private final ResidentKeys keys;
    private final Clock clock;
    private final Supplier<List<String>> configuredAreas;
    private final Duration responseTarget;
    private ExecutorService reader;

    /** @param keys keys the fingerprint stored with an Idempotency-Key, as for stories */
    public FeedService(FeedStore store, FeedCursor cursors, ResidentKeys keys, Clock clock) {
        this(store, cursors, keys, clock, List::of);
    }

    /**
     * @param keys            keys the fingerprint stored with an Idempotency-Key, as for stories
     * @param configuredAreas every partner's configured areas, read at most once per answer and only when
     *                        an anonymous story's area is not a postcode district or sector
     */
    public FeedService(FeedStore store, FeedCursor cursors, ResidentKeys keys, Clock clock,
                       Supplier<List<String>> configuredAreas) {
        this(store, cursors, keys, clock, configuredAreas, DEFAULT_RESPONSE_TARGET);
    }

    /**
     * @param responseTarget how long after a share a partner should have replied (SPEC section 13); a story
     *                       still unanswered by then is overdue
     */
    public FeedService(FeedStore store, FeedCursor cursors, ResidentKeys keys, Clock clock,
                       Supplier<List<String>> configuredAreas, Duration responseTarget) {
        if (responseTarget.isNegative() || responseTarget.isZero()) {
            throw new IllegalArgumentException("the response target must be positive");
        }
        this.store = store;
        this.cursors = cursors;
        this.keys = keys;
        this.clock = clock;
        this.configuredAreas = configuredAreas;
        this.responseTarget = responseTarget;
    }

    /** Whether a story shared at {@code sharedAt} and not yet answered is past the target at {@code now}. */
    public static boolean overdue(Instant sharedAt, boolean answered, Duration target, Instant now) {
        return !answered && sharedAt.plus(target).isBefore(now);
    }

    public Duration responseTarget() {
        return responseTarget;
    }

    /**
     * The page size a partner asked for: none means {@link #DEFAULT_LIMIT}; empty when it is not a
     * whole number from 1 to {@link #MAX_LIMIT}.
     */
    public static Optional<Integer> limit(Optional<String> requested) {
        if (requested.isEmpty() || requested.get().isEmpty()) {
            return Optional.of(DEFAULT_LIMIT);
        }
        try {
            int limit = Integer.parseInt(requested.get());
            return limit >= 1 && limit <= MAX_LIMIT ? Optional.of(limit) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }


    /** @throws InvalidCursorException for a cursor that is not this partner's */
    public FeedPage page(Partner partner, Optional<String> cursor, int limit) {
        long position = cursor.map(c -> cursors.decode(partner.id(), c)
                .orElseThrow(InvalidCursorException::new)).orElse(0L);
        List<Shown> shown = new ArrayList<>();
        Map<Reference, FeedStore.Held> read = new HashMap<>();
        Instant now = clock.instant();
        boolean more = true;
        while (more && shown.size() < limit) {
            // Read only as many entries as the page still needs: each one costs a story read below.
            int wanted = Math.min(SCAN_PAGE, limit - shown.size());
            List<FeedStore.FeedEntry> entries = store.entriesAfter(partner.id(), position, wanted);
            more = entries.size() == wanted;
            Map<Reference, FeedStore.Held> held = store.held(entries.stream()
                    .filter(FeedStore.FeedEntry::shared).map(e -> e.reference().orElseThrow()).toList(), partner.id());
            read.putAll(held);
            for (FeedStore.FeedEntry entry : entries) {
                if (entry.seq() != position + 1 && entry.sharedAt().plus(GAP_TIMEOUT).isAfter(now)) {
                    // An earlier number may still be being written: stop here so nothing is skipped.
                    more = false;
                    break;
                }
                position = entry.seq();
                if (entry.shared()) {
                    FeedStore.Held h = held.get(entry.reference().get());
                    if (h != null && h.sharedWithPartner() && SharingRule.shares(h.story(), partner)) {
                        shown.add(new Shown(h, h.sharedAt().orElse(entry.sharedAt())));
                        if (shown.size() >= limit) {
                            break;
                        }
                    }
                }
            }
        }
        // The page's histories at once: one Query per resident, one read of the stories they name.
        Map<Reference, List<FeedItem.Earlier>> histories = histories(shown.stream().map(Shown::held).toList(),
                partner, read);
        AreaNames areaNames = new AreaNames();
        List<FeedItem> items = shown.stream().map(s -> item(s.held(), s.sharedAt(), partner, areaNames,
                histories.getOrDefault(s.held().story().reference(), List.of()))).toList();
        return new FeedPage(items, items.isEmpty() ? Optional.empty() : Optional.of(cursors.encode(partner.id(), position)));
    }

    /** A story the page shows, before its history is read. */
    private record Shown(FeedStore.Held held, Instant sharedAt) {
    }

    /** A story a window found, at its position in the feed. */
    public record Placed(long seq, FeedItem item) {
    }

    /**
     * What one bounded read of the feed found: the stories that passed, in reading order; the last position
     * read ({@code from} when none); {@code end}: no positions are left that way; {@code read}: positions read.
     */
    public record Window(List<Placed> found, long lastRead, boolean end, int read) {
        public Window {
            found = List.copyOf(found);
        }
    }

    /**
     * Reads the partner's feed from position {@code from} (not included) backwards ({@code older}; from
     * {@code Long.MAX_VALUE}: the newest) or forwards, until {@code want} stories pass {@code accepts}, the
     * feed ends, or {@code budget} positions were read, whichever comes first. Consent is checked at read
     * time as for the feed. Items carry no history unless {@code withHistory}, and then only those that pass
     * (each such story with a proven contact costs two more reads). Costs one Query per 500 positions at most
     * and one BatchGetItem per 33 shared positions read, whatever the feed holds beyond them.
     */
    public Window window(Partner partner, boolean older, long from, int want, int budget, Predicate<FeedItem> accepts,
                         boolean withHistory) {
        return window(partner, older, from, want, budget, accepts, withHistory, () -> false);
    }

    /**
     * The same, stopping early (not at the end) once {@code outOfTime} says so; it is asked after each read
     * of shares, so a window reads at least 33 positions (or to the end).
     */
    public Window window(Partner partner, boolean older, long from, int want, int budget, Predicate<FeedItem> accepts,
                         boolean withHistory, java.util.function.BooleanSupplier outOfTime) {
        List<Placed> found = new ArrayList<>();
        List<Shown> foundHeld = new ArrayList<>();
        Map<Reference, FeedStore.Held> readHeld = new HashMap<>();
        AreaNames areaNames = new AreaNames();
        long position = from;
        int read = 0;
        int ask = Math.max(1, Math.min(want, WINDOW_QUERY_MAX));
        boolean end = false;
        boolean late = false;
        while (found.size() < want && read < budget && !end && !late) {
            int wanted = Math.min(ask, budget - read);
            List<FeedStore.FeedEntry> entries = older ? store.entriesBefore(partner.id(), position, wanted)
                    : store.entriesAfter(partner.id(), position, wanted);
            boolean drained = true;
            for (int g = 0; g < entries.size() && drained; g += WINDOW_HELD_GROUP) {
                List<FeedStore.FeedEntry> group = entries.subList(g, Math.min(entries.size(), g + WINDOW_HELD_GROUP));
                Map<Reference, FeedStore.Held> held = store.held(group.stream().filter(FeedStore.FeedEntry::shared)
                        .map(e -> e.reference().orElseThrow()).toList(), partner.id());
                readHeld.putAll(held);
                for (FeedStore.FeedEntry entry : group) {
                    if (found.size() >= want) {
                        drained = false;
                        break;
                    }
                    position = entry.seq();
                    read++;
                    if (!entry.shared()) {
                        continue;
                    }
                    FeedStore.Held h = held.get(entry.reference().get());
                    if (h == null || !h.sharedWithPartner() || !SharingRule.shares(h.story(), partner)) {
                        continue;
                    }
                    Instant sharedAt = h.sharedAt().orElse(entry.sharedAt());
                    FeedItem item = item(h, sharedAt, partner, areaNames, List.of());
                    if (accepts.test(item)) {
                        found.add(new Placed(entry.seq(), item));
                        foundHeld.add(new Shown(h, sharedAt));
                    }
                }
                if (drained && outOfTime.getAsBoolean()) {
                    late = g + WINDOW_HELD_GROUP < entries.size() || entries.size() == wanted;
                    drained = !late;
                }
            }
            end = drained && entries.size() < wanted;
            ask = Math.min(WINDOW_QUERY_MAX, ask * 4);
        }
        if (withHistory && !found.isEmpty()) {
            // The window's histories at once, as a feed page reads them.
            Map<Reference, List<FeedItem.Earlier>> histories = histories(foundHeld.stream().map(Shown::held).toList(),
                    partner, readHeld);
            List<Placed> withEarlier = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                Shown shown = foundHeld.get(i);
                withEarlier.add(new Placed(found.get(i).seq(), item(shown.held(), shown.sharedAt(), partner, areaNames,
                        histories.getOrDefault(shown.held().story().reference(), List.of()))));
            }
            found = withEarlier;
        }
        return new Window(found, position, end, read);
    }

    /**
     * The story with this reference if it is shared with the partner now (consent checked as a read would
     * check it): one read, whatever the feed holds. No history unless {@code withHistory}.
     */
    public Optional<FeedItem> byReference(Partner partner, Reference reference, boolean withHistory) {
        return Optional.ofNullable(store.held(List.of(reference), partner.id()).get(reference))
                .filter(h -> h.sharedWithPartner() && SharingRule.shares(h.story(), partner))
                .map(h -> item(h, h.sharedAt().orElse(h.story().receivedAt()), partner, new AreaNames(),
                        withHistory ? histories(List.of(h), partner, Map.of(reference, h)).getOrDefault(reference, List.of())
                                : List.of()));
    }

    /** An opaque position in the partner's feed for the inbox's links, bound to the partner (and the inbox). */
    public String inboxCursor(Partner partner, long seq) {
        return cursors.encode(INBOX_CURSOR + partner.id(), seq);
    }

    /** The position of an inbox cursor; empty when it is not one the inbox gave this partner. */
    public Optional<Long> inboxPosition(Partner partner, String cursor) {
        return cursors.decode(INBOX_CURSOR + partner.id(), cursor);
    }

    public Optional<FeedItem> one(Partner partner, String storyId) {
        return visible(partner, storyId).map(h -> item(h, h.sharedAt().orElse(h.story().receivedAt()), partner,
                new AreaNames(), histories(List.of(h), partner, Map.of(h.story().reference(), h))
                        .getOrDefault(h.story().reference(), List.of())));
    }

    /** Whether the story is shared with the partner now (consent checked as a read would check it). */
    public boolean isShared(Partner partner, String storyId) {
        return visible(partner, storyId).isPresent();
    }

    /**
     * The reference of a story shared with the partner now (for its access log, and its handling and
     * assignee forms); empty when it is not shared.
     */
    public Optional<Reference> sharedReference(Partner partner, String storyId) {
        return visible(partner, storyId).map(h -> h.story().reference());
    }

    /**
     * Stores a response to a story shared with the partner, once per Idempotency-Key (the partner's
     * own: another partner's same key is another key). Not stored when the story is not (or no
     * longer) shared, or is erased meanwhile: the store checks that in the same write.
     */
    public ResponseOutcome respond(Partner partner, String storyId, String text, Optional<String> idempotencyKey) {
        Optional<FeedStore.Held> held = visible(partner, storyId);
        if (held.isEmpty()) {
            return new ResponseOutcome.NotShared();
        }
        Reference reference = held.get().story().reference();
        String fingerprint = keys.fingerprint(Hashing.fieldsSha256Hex(List.of(storyId, text)));
        Optional<String> keyHash = idempotencyKey.map(key -> Hashing.sha256Hex(
                "response\n" + partner.id() + "\n" + key));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String responseId = Hashing.randomToken(12);
            Optional<FeedStore.ResponseClaim> claim = keyHash.map(hash -> new FeedStore.ResponseClaim(hash,
                    fingerprint, responseId, at, at.plus(Limits.IDEMPOTENCY_WINDOW)));
            FeedStore.AddResult added = store.addResponse(new FeedStore.NewResponse(reference, partner, responseId,
                    text, at, claim));
            if (added instanceof FeedStore.Added) {
                // A reply moves a story still "new" to "responded"; any handling the partner set stays.
                store.markAnswered(reference, partner.id(), at);
                return new ResponseOutcome.Stored(new FeedResponse(responseId, storyId, text, at));
            }
            if (added instanceof FeedStore.StoryErased) {
                return new ResponseOutcome.NotShared();
            }
            if (added instanceof FeedStore.ClaimTaken taken) {
                return replay(taken.existing(), storyId, text, fingerprint);
            }
            Contention.backOff(attempt);
        }
        return new ResponseOutcome.Conflict();
    }

    /**
     * A reply from the inbox form, made once by its one-time form token. Sent again with the same token
     * and text (a double click), it is the first reply; with another text (the partner went back and
     * changed it), it is a new reply, once in its own right.
     */
    public ResponseOutcome respondFromInbox(Partner partner, String storyId, String text, Optional<String> formToken) {
        Optional<String> key = formToken.filter(t -> !t.isBlank()).map(t -> "form:" + t);
        ResponseOutcome outcome = respond(partner, storyId, text, key);
        if (outcome instanceof ResponseOutcome.KeyReused) {
            outcome = respond(partner, storyId, text, key.map(k -> k + ":" + Hashing.sha256Hex(text)));
        }
        return outcome;
    }

    /** Sets the partner's handling of a story it holds. @return the work as it is now; empty when not shared */
    public Optional<Work> setHandling(Partner partner, String storyId, Handling handling) {
        Optional<FeedStore.Held> held = visible(partner, storyId);
        if (held.isEmpty() || !store.setHandling(held.get().story().reference(), partner.id(), handling)) {
            return Optional.empty();
        }
        Work before = held.get().work();
        return Optional.of(new Work(handling, before.assignee(), before.answered()));
    }

    /** Assigns a story the partner holds to one of its staff (or nobody). @return the work now; empty when not shared */
    public Optional<Work> assign(Partner partner, String storyId, Optional<Work.Assignee> assignee) {
        Optional<FeedStore.Held> held = visible(partner, storyId);
        if (held.isEmpty() || !store.setAssignee(held.get().story().reference(), partner.id(), assignee)) {
            return Optional.empty();
        }
        Work before = held.get().work();
        return Optional.of(new Work(before.handling(), assignee, before.answered()));
    }

    /**
     * Makes the partner the lead of a story it holds (SPEC section 13): one lead at a time; claiming
     * again is the same lead, unchanged.
     */
    public LeadOutcome claimLead(Partner partner, String storyId) {
        Optional<FeedStore.Held> held = visible(partner, storyId);
        if (held.isEmpty()) {
            return new LeadOutcome.NotShared();
        }
        return store.claimLead(held.get().story().reference(), partner, clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    /** Gives up the partner's lead of a story it holds; only the lead may (else {@link LeadOutcome.Taken}). */
    public LeadOutcome releaseLead(Partner partner, String storyId) {
        Optional<FeedStore.Held> held = visible(partner, storyId);
        if (held.isEmpty()) {
            return new LeadOutcome.NotShared();
        }
        return store.releaseLead(held.get().story().reference(), partner.id());
    }

    private static ResponseOutcome replay(FeedStore.ResponseClaim existing, String storyId, String text,
                                          String fingerprint) {
        if (!Hashing.constantTimeEquals(existing.fingerprint(), fingerprint)) {
            return new ResponseOutcome.KeyReused();
        }
        return new ResponseOutcome.Replayed(new FeedResponse(existing.responseId(), storyId, text, existing.at()));
    }

    private Optional<FeedStore.Held> visible(Partner partner, String storyId) {
        if (storyId == null || !storyId.matches("[0-9a-f-]{36}")) {
            return Optional.empty();
        }
        return store.referenceOf(storyId)
                .map(ref -> store.held(List.of(ref), partner.id()).get(ref))
                .filter(h -> h.sharedWithPartner() && SharingRule.shares(h.story(), partner));
    }

    private FeedItem item(FeedStore.Held held, Instant sharedAt, Partner partner, AreaNames areaNames,
                          List<FeedItem.Earlier> history) {
        Story story = held.story();
        Share share = story.consent().share();
        boolean anonymous = share == Share.ANONYMOUS;
        Optional<FeedItem.ContactDetails> contact = anonymous ? Optional.empty()
                : Optional.of(new FeedItem.ContactDetails(story.name(),
                        story.contact().filter(Contact.Email.class::isInstance).map(c -> ((Contact.Email) c).address()),
                        story.contact().filter(Contact.Phone.class::isInstance).map(c -> ((Contact.Phone) c).e164()),
                        story.contactProven()));
        Optional<String> area = anonymous ? story.area().filter(areaNames::mayShowAnonymously) : story.area();
        return new FeedItem(story.storyId(), story.reference(), story.receivedAt(), sharedAt, story.channel(),
                story.topics(), area, story.language(), share, shownText(story), contact,
                history, SharingRule.chosenByResident(story, partner), held.work(), held.lead(),
                overdue(sharedAt, held.work().answered(), responseTarget, clock.instant()));
    }

    /**
     * Decides which areas an anonymous item may show: a postcode district or sector, or an area name some
     * partner has configured. Anything else typed as an area (a person's name, a street address) could say
     * who told the story, so it stays with the resident. The names are read once, and only if needed.
     */
    private final class AreaNames {
        private List<String> names;

        boolean mayShowAnonymously(String area) {
            if (Postcodes.isPostcodeArea(area)) {
                return true;
            }
            if (names == null) {
                names = configuredAreas.get();
            }
            return names.stream().anyMatch(name -> !Postcodes.isPostcodeArea(name) && Postcodes.covers(name, area));
        }
    }

    /**
     * What the partner reads: the text a moderator approved if one was edited (SPEC section 12), else the
     * story as told; for an anonymous story, with personal details (and the resident's own name) masked on top.
     */
    private static String shownText(Story story) {
        String text = story.partnerText();
        return story.consent().share() == Share.ANONYMOUS ? Redactor.mask(text, story.name()) : text;
    }

    /**
     * The same resident's earlier stories that this partner holds, newest first, for each of these stories
     * (by reference; none for a story that links no history). Only stories shared at one level, now and at
     * every time before, are linked: tying a story partners only read anonymously to one they ever read
     * identified would reveal who told it. Only proven contacts link: anyone can type someone else's
     * number or address.
     *
     * <p>A story's candidates are the resident's {@link #HISTORY_CANDIDATES} stories received before it. The
     * reads do not grow with the number of stories: one Query per resident (for its newest story here,
     * reading as many more as it has stories here; these Queries at once), then one read of every candidate
     * not in {@code known} (stories already read for this partner).
     */
    private Map<Reference, List<FeedItem.Earlier>> histories(List<FeedStore.Held> currents, Partner partner,
                                                             Map<Reference, FeedStore.Held> known) {
        Map<String, List<Story>> byResident = new LinkedHashMap<>();
        for (FeedStore.Held current : currents) {
            Story story = current.story();
            if (story.residentKey().isPresent() && story.contactProven()
                    && current.onlyEverSharedAs(story.consent().share())) {
                byResident.computeIfAbsent(story.residentKey().get(), k -> new ArrayList<>()).add(story);
            }
        }
        if (byResident.isEmpty()) {
            return Map.of();
        }
        Map<Reference, List<FeedStore.ResidentStory>> candidates = candidates(byResident);
        Map<Reference, FeedStore.Held> held = new HashMap<>(known);
        Set<Reference> missing = new LinkedHashSet<>();
        candidates.values().forEach(list -> list.stream().map(FeedStore.ResidentStory::reference)
                .filter(r -> !held.containsKey(r)).forEach(missing::add));
        if (!missing.isEmpty()) {
            held.putAll(store.held(missing, partner.id()));
        }
        Map<Reference, List<FeedItem.Earlier>> out = new HashMap<>();
        candidates.forEach((reference, list) -> out.put(reference,
                history(held.get(reference).story(), list, held, partner)));
        return out;
    }

    /**
     * Each story's candidates: the resident's stories received before it, newest first, at most
     * {@link #HISTORY_CANDIDATES}. One Query per resident from its newest story here, long enough for the
     * others when only they lie between; a story whose window the Query did not reach is read on its own.
     */
    private Map<Reference, List<FeedStore.ResidentStory>> candidates(Map<String, List<Story>> byResident) {
        Map<String, Future<List<FeedStore.ResidentStory>>> reads = new LinkedHashMap<>();
        Map<String, Integer> asked = new HashMap<>();
        byResident.forEach((key, stories) -> {
            Instant newest = stories.stream().map(Story::receivedAt).max(Instant::compareTo).orElseThrow();
            int max = HISTORY_CANDIDATES + stories.size() - 1;
            asked.put(key, max);
            Callable<List<FeedStore.ResidentStory>> read = () -> store.residentStories(key, newest, max);
            reads.put(key, byResident.size() == 1 ? CompletableFuture.completedFuture(call(read)) : reader().submit(read));
        });
        Map<Reference, List<FeedStore.ResidentStory>> out = new HashMap<>();
        RuntimeException failed = null;
        for (Map.Entry<String, Future<List<FeedStore.ResidentStory>>> read : reads.entrySet()) {
            List<FeedStore.ResidentStory> found;
            try {
                found = await(read.getValue());
            } catch (RuntimeException e) {
                // Every Query finishes before the failure is reported: nothing is left running.
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
                continue;
            }
            boolean all = found.size() < asked.get(read.getKey());
            for (Story story : byResident.get(read.getKey())) {
                List<FeedStore.ResidentStory> before = found.stream()
                        .filter(r -> r.receivedAt().isBefore(story.receivedAt()))
                        .limit(HISTORY_CANDIDATES).toList();
                if (!all && before.size() < HISTORY_CANDIDATES) {
                    before = store.residentStories(read.getKey(), story.receivedAt(), HISTORY_CANDIDATES);
                }
                out.put(story.reference(), before);
            }
        }
        if (failed != null) {
            throw failed;
        }
        return out;
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The history readers: at most {@link #PARALLEL_HISTORY_READS} Queries at once, on daemon threads made
     * on demand by the thread that needs them (so they act as its function) and let go after a minute idle.
     */
    private synchronized ExecutorService reader() {
        if (reader == null) {
            reader = WorkerPool.of(PARALLEL_HISTORY_READS, "history");
        }
        return reader;
    }

    /** One story's history from its candidates (newest first), as the partner may read it. */
    private static List<FeedItem.Earlier> history(Story story, List<FeedStore.ResidentStory> candidates,
                                                  Map<Reference, FeedStore.Held> held, Partner partner) {
        Share level = story.consent().share();
        List<FeedItem.Earlier> out = new ArrayList<>();
        for (FeedStore.ResidentStory candidate : candidates) {
            FeedStore.Held h = held.get(candidate.reference());
            if (h == null || h.story().reference().equals(story.reference()) || !h.sharedWithPartner()
                    || !SharingRule.shares(h.story(), partner)
                    || !h.story().contactProven() || !h.onlyEverSharedAs(level)
                    || !h.story().receivedAt().isBefore(story.receivedAt())) {
                continue;
            }
            Story earlier = h.story();
            out.add(new FeedItem.Earlier(earlier.storyId(), earlier.reference(), earlier.receivedAt(), earlier.topics(),
                    shownText(earlier)));
            if (out.size() >= HISTORY_MAX) {
                break;
            }
        }
        return out;
    }
}
