package org.tellonce.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.feed.Handling;
import org.tellonce.core.language.Messages;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Topics;

/**
 * The partner inbox as a work tool: every story shared with the partner (the feed's items, so exactly
 * what the API shows, masking included), newest shared first, searched by reference and filtered by
 * handling, topic, area, date received, unanswered, assignee and overdue (the response clock), a page at
 * a time.
 *
 * <p>Scale: a page reads the partner's feed backwards from a position (its "older" and "newer" links
 * carry one, opaque and bound to the partner) and applies the filter while reading, so it costs what it
 * shows, not what the partner holds: about 25 positions for an unfiltered page, at most
 * {@link #READ_MAX} for a filter that matches little (then the page shows what it found and offers to
 * search on from where it stopped). A search by reference reads that one story.
 */
public final class Inbox {
    /** Stories on one page of the inbox. */
    public static final int PAGE_SIZE = 25;
    /** How many feed positions one page reads at most, however little of them the filter lets through. */
    public static final int READ_MAX = 1_000;
    /** How many feed positions one CSV reads at most (it stops sooner at {@link InboxCsv#MAX_BYTES}). */
    public static final int CSV_READ_MAX = 10_000;
    /**
     * How long one CSV reads at most: its rows' earlier stories cost two requests each for a story told
     * with a proven contact, so a file of thousands of such rows would outlast the function (15 s). The
     * file stops at whole rows and says where the next part starts, as for size.
     */
    public static final java.time.Duration CSV_READ_TIME = java.time.Duration.ofSeconds(8);
    /** The query parameters of a position: stories older than it, or newer than it. */
    public static final String BEFORE = "before";
    public static final String AFTER = "after";
    /** Stories the CSV asks one window for (each with its history): what is read past a full file at most. */
    private static final int CSV_WINDOW = 50;
    private static final List<String> FILTERS = List.of("reference", "handling", "topic", "area", "from", "to",
            "unanswered", "assignee", "overdue");

    private final FeedService feed;
    private final ResidentStore stories;

    public Inbox(FeedService feed, ResidentStore stories) {
        this.feed = feed;
        this.stories = stories;
    }

    /**
     * What the partner searches and filters by; every part optional. Dates are days in UK time, both ends
     * included. {@code assignee}: only stories assigned to this staff key ({@code assignee=me}).
     */
    public record Filter(Optional<Reference> reference, Optional<Handling> handling, Optional<String> topic,
                         Optional<String> area, Optional<LocalDate> from, Optional<LocalDate> to,
                         boolean unanswered, Optional<String> assignee, boolean overdue) {
        public static final Filter NONE = new Filter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty(), false);

        /** Any story, overdue or not. */
        public Filter(Optional<Reference> reference, Optional<Handling> handling, Optional<String> topic,
                      Optional<String> area, Optional<LocalDate> from, Optional<LocalDate> to, boolean unanswered,
                      Optional<String> assignee) {
            this(reference, handling, topic, area, from, to, unanswered, assignee, false);
        }

        public Filter(Optional<String> topic, Optional<String> area, Optional<LocalDate> from, Optional<LocalDate> to) {
            this(Optional.empty(), Optional.empty(), topic, area, from, to, false, Optional.empty());
        }

        boolean accepts(FeedItem item) {
            if (reference.isPresent() && !item.reference().equals(reference.get())) {
                return false;
            }
            if (handling.isPresent() && item.work().handling() != handling.get()) {
                return false;
            }
            if (unanswered && item.work().answered()) {
                return false;
            }
            if (overdue && !item.overdue()) {
                return false;
            }
            if (assignee.isPresent() && !item.work().assignee().map(a -> a.staffKey().equals(assignee.get()))
                    .orElse(false)) {
                return false;
            }
            if (topic.isPresent() && !item.topics().contains(topic.get())) {
                return false;
            }
            if (area.isPresent()) {
                String storyArea = comparable(item.area().orElse(""));
                if (!storyArea.startsWith(comparable(area.get()))) {
                    return false;
                }
            }
            LocalDate received = LocalDate.ofInstant(item.receivedAt(), Messages.ZONE);
            return from.map(f -> !received.isBefore(f)).orElse(true) && to.map(t -> !received.isAfter(t)).orElse(true);
        }

        private static String comparable(String area) {
            return area.replaceAll("[\\s\\h]+", "").toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A filter read from the query, the page asked for (from 1), and message keys for the parts that
     * could not be read (each names its field).
     */
    public record ParsedFilter(Filter filter, int page, Map<String, String> errorKeys, Optional<String> before,
                               Optional<String> after) {
        public ParsedFilter(Filter filter, int page, Map<String, String> errorKeys) {
            this(filter, page, errorKeys, Optional.empty(), Optional.empty());
        }
    }

    /** The query's filter without a person to be "me" (tests, and callers with no assignee filter). */
    public static ParsedFilter parse(Map<String, String> query, Topics topics) {
        return parse(query, topics, Optional.empty());
    }

    /** @param me the staff key {@code assignee=me} stands for */
    public static ParsedFilter parse(Map<String, String> query, Topics topics, Optional<String> me) {
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<String> rawReference = value(query, "reference");
        Optional<Reference> reference = rawReference.flatMap(Reference::parse);
        if (rawReference.isPresent() && reference.isEmpty()) {
            errors.put("reference", "error.filter.reference");
        }
        Optional<String> rawHandling = value(query, "handling");
        Optional<Handling> handling = rawHandling.flatMap(Handling::of);
        if (rawHandling.isPresent() && handling.isEmpty()) {
            errors.put("handling", "error.filter.handling");
        }
        Optional<String> topic = value(query, "topic");
        if (topic.isPresent() && !topics.contains(topic.get())) {
            errors.put("topic", "error.filter.topic");
            topic = Optional.empty();
        }
        Optional<String> area = value(query, "area");
        if (area.isPresent() && area.get().length() > 60) {
            errors.put("area", "error.filter.area");
            area = Optional.empty();
        }
        Optional<LocalDate> from = date(query, "from", errors);
        Optional<LocalDate> to = date(query, "to", errors);
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            errors.put("to", "error.filter.order");
            to = Optional.empty();
        }
        Optional<String> rawUnanswered = value(query, "unanswered");
        boolean unanswered = rawUnanswered.filter(v -> v.equals("true") || v.equals("on") || v.equals("1")).isPresent();
        if (rawUnanswered.isPresent() && !unanswered && !rawUnanswered.get().equals("false")) {
            errors.put("unanswered", "error.filter.unanswered");
        }
        Optional<String> rawOverdue = value(query, "overdue");
        boolean overdue = rawOverdue.filter(v -> v.equals("true") || v.equals("on") || v.equals("1")).isPresent();
        if (rawOverdue.isPresent() && !overdue && !rawOverdue.get().equals("false")) {
            errors.put("overdue", "error.filter.overdue");
        }
        Optional<String> rawAssignee = value(query, "assignee");
        Optional<String> assignee = Optional.empty();
        if (rawAssignee.isPresent()) {
            if (!rawAssignee.get().equals("me") || me.isEmpty()) {
                errors.put("assignee", "error.filter.assignee");
            } else {
                assignee = me;
            }
        }
        // Pages are reached by position now; the first page is still page 1 (old links and bookmarks).
        Optional<String> rawPage = value(query, "page");
        if (rawPage.isPresent() && !rawPage.get().equals("1")) {
            errors.put("page", "error.filter.page");
        }
        Optional<String> before = value(query, BEFORE);
        Optional<String> after = value(query, AFTER);
        if (before.isPresent() && after.isPresent()) {
            errors.put("page", "error.filter.cursor");
            before = Optional.empty();
            after = Optional.empty();
        }
        return new ParsedFilter(new Filter(reference, handling, topic, area, from, to, unanswered, assignee, overdue), 1,
                errors, before, after);
    }

    /** Where a page starts: the newest story, older than a position, or newer than one. */
    public sealed interface Start permits Newest, Before, After {
    }

    public record Newest() implements Start {
    }

    public record Before(long seq) implements Start {
    }

    public record After(long seq) implements Start {
    }

    /**
     * Where the parsed query says the page starts; empty when its position is not one the inbox gave this
     * partner (edited, cut short, another partner's or an API feed cursor).
     */
    public Optional<Start> start(Partner partner, ParsedFilter parsed) {
        if (parsed.before().isPresent()) {
            return feed.inboxPosition(partner, parsed.before().get()).map(Before::new);
        }
        if (parsed.after().isPresent()) {
            return feed.inboxPosition(partner, parsed.after().get()).map(After::new);
        }
        return Optional.of(new Newest());
    }

    /**
     * One page: its stories, newest shared first; the cursors of the "newer" and "older" links (empty when
     * there is nothing that way); {@code searchedOut}: the read budget ran out before the page was full, so
     * the link on that side (older, or newer for a page read forwards) searches on from where this one stopped.
     */
    public record Listing(List<FeedItem> items, Optional<String> newer, Optional<String> older,
                          Optional<Boolean> searchedOut, int read) {
        public Listing {
            items = List.copyOf(items);
        }

        /** The budget ran out reading older stories (true) or newer ones (false). */
        public boolean searchedOutOlder() {
            return searchedOut.orElse(false);
        }

        public boolean searchedOutNewer() {
            return searchedOut.map(older -> !older).orElse(false);
        }
    }

    /** The page starting at {@code start} of the stories the filter lets through. */
    public Listing page(Partner partner, Filter filter, Start start) {
        if (filter.reference().isPresent()) {
            // One read of the story itself, wherever it is in the feed.
            List<FeedItem> one = feed.byReference(partner, filter.reference().get(), false).filter(filter::accepts)
                    .stream().toList();
            return new Listing(one, Optional.empty(), Optional.empty(), Optional.empty(), 0);
        }
        if (start instanceof After after) {
            FeedService.Window window = feed.window(partner, false, after.seq(), PAGE_SIZE + 1, READ_MAX,
                    filter::accepts, false);
            List<FeedService.Placed> found = window.found();
            if (found.size() <= PAGE_SIZE && window.end()) {
                // Nothing newer beyond these: the newest page (full, unlike what is left above the position).
                return page(partner, filter, new Newest());
            }
            List<FeedService.Placed> shown = new ArrayList<>(found.subList(0, Math.min(PAGE_SIZE, found.size())));
            Collections.reverse(shown);
            boolean searchedOut = found.size() <= PAGE_SIZE;
            Optional<String> newer = Optional.of(feed.inboxCursor(partner, searchedOut ? window.lastRead()
                    : shown.get(0).seq()));
            Optional<String> older = Optional.of(feed.inboxCursor(partner, shown.isEmpty() ? after.seq() + 1
                    : shown.get(shown.size() - 1).seq()));
            return new Listing(items(shown), newer, older, searchedOut ? Optional.of(false) : Optional.empty(),
                    window.read());
        }
        long from = start instanceof Before before ? before.seq() : Long.MAX_VALUE;
        FeedService.Window window = feed.window(partner, true, from, PAGE_SIZE + 1, READ_MAX, filter::accepts, false);
        List<FeedService.Placed> found = window.found();
        List<FeedService.Placed> shown = found.subList(0, Math.min(PAGE_SIZE, found.size()));
        Optional<String> older = Optional.empty();
        boolean searchedOut = false;
        if (found.size() > PAGE_SIZE) {
            older = Optional.of(feed.inboxCursor(partner, shown.get(shown.size() - 1).seq()));
        } else if (!window.end()) {
            searchedOut = true;
            older = Optional.of(feed.inboxCursor(partner, window.lastRead()));
        }
        Optional<String> newer = start instanceof Newest ? Optional.empty()
                : Optional.of(feed.inboxCursor(partner, shown.isEmpty() ? from - 1 : shown.get(0).seq()));
        return new Listing(items(shown), newer, older, searchedOut ? Optional.of(true) : Optional.empty(),
                window.read());
    }

    /**
     * One part of the CSV: the stories the filter lets through from {@code start} backwards, with their
     * earlier stories, handed to {@code rows} one at a time until it refuses one (the file is full), the
     * feed ends, {@link #CSV_READ_MAX} positions were read or {@link #CSV_READ_TIME} has passed (checked
     * after each read of 33 shares). @return the cursor the next part starts from, empty when the feed
     * was read to its end
     */
    public Optional<String> export(Partner partner, Filter filter, Start start, Predicate<FeedItem> rows) {
        return export(partner, filter, start, rows, CSV_READ_TIME);
    }

    /** The same with another time limit (tests). */
    public Optional<String> export(Partner partner, Filter filter, Start start, Predicate<FeedItem> rows,
                                   java.time.Duration time) {
        long deadline = System.nanoTime() + time.toNanos();
        if (filter.reference().isPresent()) {
            feed.byReference(partner, filter.reference().get(), true).filter(filter::accepts).ifPresent(rows::test);
            return Optional.empty();
        }
        long position = start instanceof Before before ? before.seq() : Long.MAX_VALUE;
        int read = 0;
        do {
            FeedService.Window window = feed.window(partner, true, position, CSV_WINDOW, CSV_READ_MAX - read,
                    filter::accepts, true, () -> System.nanoTime() - deadline >= 0);
            for (FeedService.Placed placed : window.found()) {
                if (!rows.test(placed.item())) {
                    return Optional.of(feed.inboxCursor(partner, position));
                }
                position = placed.seq();
            }
            position = window.lastRead();
            read += window.read();
            if (window.end()) {
                return Optional.empty();
            }
        } while (read < CSV_READ_MAX && System.nanoTime() - deadline < 0);
        // At least one window is read, so every part moves on.
        return Optional.of(feed.inboxCursor(partner, position));
    }

    private static List<FeedItem> items(List<FeedService.Placed> placed) {
        return placed.stream().map(FeedService.Placed::item).toList();
    }

    /** The inbox's address with the query's filters only: the first page. */
    public static String pageHref(Map<String, String> query) {
        return href("/partner", query, Optional.empty(), Optional.empty());
    }

    /** The inbox's address with the query's filters and a position: {@code name} is {@link #BEFORE} or {@link #AFTER}. */
    public static String pageHref(Map<String, String> query, String name, String cursor) {
        return href("/partner", query, Optional.of(name), Optional.of(cursor));
    }

    /** The same page again (filters and its position as asked): where the outcome form comes back to. */
    public static String sameHref(String path, Map<String, String> query) {
        Optional<String> name = value(query, BEFORE).isPresent() ? Optional.of(BEFORE)
                : value(query, AFTER).isPresent() ? Optional.of(AFTER) : Optional.empty();
        return href(path, query, name, name.flatMap(n -> value(query, n)));
    }

    /** {@code path} with the query's filters, and a position when given. */
    public static String href(String path, Map<String, String> query, Optional<String> name, Optional<String> cursor) {
        String filters = FILTERS.stream().filter(f -> value(query, f).isPresent())
                .map(f -> f + "=" + URLEncoder.encode(query.get(f).strip(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String position = name.isPresent() && cursor.isPresent()
                ? name.get() + "=" + URLEncoder.encode(cursor.get(), StandardCharsets.UTF_8) : "";
        String all = filters.isEmpty() ? position : position.isEmpty() ? filters : filters + "&" + position;
        return path + (all.isEmpty() ? "" : "?" + all);
    }

    /** The partner's own replies to a story, oldest first. */
    public List<StoredStory.PartnerResponse> replies(Partner partner, Reference reference) {
        return stories.load(reference)
                .map(s -> s.responses().stream().filter(r -> r.partnerId().equals(partner.id())).toList())
                .orElse(List.of());
    }

    private static Optional<String> value(Map<String, String> query, String name) {
        return Optional.ofNullable(query.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static Optional<LocalDate> date(Map<String, String> query, String name, Map<String, String> errors) {
        Optional<String> raw = value(query, name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(raw.get()));
        } catch (DateTimeParseException e) {
            errors.put(name, "error.filter.date");
            return Optional.empty();
        }
    }
}
