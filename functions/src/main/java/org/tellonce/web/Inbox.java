package org.tellonce.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.FeedPage;
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
 * what the API shows, masking included), newest first, searched by reference and filtered by handling,
 * topic, area, date received, unanswered, assignee and overdue (the response clock), a page at a time.
 *
 * <p>Scale, honestly: each request reads the partner's whole feed (at most {@link #READ_MAX} positions,
 * oldest first) and filters and pages it in memory. Paging therefore reaches every story of a feed up to
 * that size; a larger feed is cut off and the page says so (issue #20 revisits this with an index).
 */
public final class Inbox {
    /** Stories on one page of the inbox. */
    public static final int PAGE_SIZE = 25;
    /** How many feed positions one request reads at most (see the class comment). */
    public static final int READ_MAX = 10_000;
    private static final int FEED_PAGE = FeedService.MAX_LIMIT;
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
    public record ParsedFilter(Filter filter, int page, Map<String, String> errorKeys) {
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
        int page = 1;
        Optional<String> rawPage = value(query, "page");
        if (rawPage.isPresent()) {
            page = rawPage.filter(p -> p.matches("[1-9][0-9]{0,5}")).map(Integer::parseInt).orElse(0);
            if (page == 0) {
                errors.put("page", "error.filter.page");
                page = 1;
            }
        }
        return new ParsedFilter(new Filter(reference, handling, topic, area, from, to, unanswered, assignee, overdue), page,
                errors);
    }

    /** Every story the filter lets through, newest first, and whether the feed was longer than one request reads. */
    public record Found(List<FeedItem> items, boolean cutOff) {
    }

    /** Every story shared with the partner that the filter lets through, newest first. */
    public List<FeedItem> stories(Partner partner, Filter filter) {
        return find(partner, filter).items();
    }

    public Found find(Partner partner, Filter filter) {
        List<FeedItem> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int read = 0;
        boolean cutOff = false;
        while (true) {
            if (read >= READ_MAX) {
                cutOff = true;
                break;
            }
            FeedPage page = feed.page(partner, cursor, FEED_PAGE);
            if (page.items().isEmpty()) {
                break;
            }
            read += page.items().size();
            page.items().stream().filter(filter::accepts).forEach(all::add);
            cursor = page.nextCursor();
            if (cursor.isEmpty()) {
                break;
            }
        }
        all.sort(Comparator.comparing(FeedItem::receivedAt).thenComparing(FeedItem::sharedAt).reversed());
        return new Found(all, cutOff);
    }

    /** One page of what was found ({@code page} from 1); empty past the end. */
    public static List<FeedItem> page(List<FeedItem> found, int page) {
        int start = (page - 1) * PAGE_SIZE;
        return start >= found.size() ? List.of() : found.subList(start, Math.min(found.size(), start + PAGE_SIZE));
    }

    /** The inbox's address with the query's filters and another page: its "next" and "previous" links. */
    public static String pageHref(Map<String, String> query, int page) {
        String filters = FILTERS.stream().filter(f -> value(query, f).isPresent())
                .map(f -> f + "=" + URLEncoder.encode(query.get(f).strip(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String pageParameter = page > 1 ? "page=" + page : "";
        String all = filters.isEmpty() ? pageParameter : pageParameter.isEmpty() ? filters : filters + "&" + pageParameter;
        return "/partner" + (all.isEmpty() ? "" : "?" + all);
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
