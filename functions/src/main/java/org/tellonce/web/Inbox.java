package org.tellonce.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.FeedPage;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.language.Messages;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Topics;
import org.tellonce.http.HttpResponse;

/**
 * The partner inbox: every story shared with the partner (the feed's items, so exactly what the
 * API shows, masking included), newest first, filtered by topic, area and date received, with the
 * partner's own replies.
 */
public final class Inbox {
    /** Stories shown on one page; the CSV has them all. */
    public static final int SHOWN_MAX = 50;
    /** How far back the inbox reads a feed. */
    public static final int READ_MAX = 5000;
    private static final int FEED_PAGE = FeedService.MAX_LIMIT;

    private final FeedService feed;
    private final ResidentStore stories;

    public Inbox(FeedService feed, ResidentStore stories) {
        this.feed = feed;
        this.stories = stories;
    }

    /** What the partner filters by; every part optional. Dates are days in UK time, both ends included. */
    public record Filter(Optional<String> topic, Optional<String> area, Optional<LocalDate> from,
                         Optional<LocalDate> to) {
        public static final Filter NONE = new Filter(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());

        boolean accepts(FeedItem item) {
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

    /** A filter read from the query, and message keys for the parts that could not be read. */
    public record ParsedFilter(Filter filter, Map<String, String> errorKeys) {
    }

    public static ParsedFilter parse(Map<String, String> query, Topics topics) {
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<String> topic = value(query, "topic");
        if (topic.isPresent() && !topics.contains(topic.get())) {
            errors.put("topic", "error.filter.topic");
            topic = Optional.empty();
        }
        Optional<String> area = value(query, "area").filter(a -> a.length() <= 60);
        Optional<LocalDate> from = date(query, "from", errors);
        Optional<LocalDate> to = date(query, "to", errors);
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            errors.put("to", "error.filter.order");
            to = Optional.empty();
        }
        return new ParsedFilter(new Filter(topic, area, from, to), errors);
    }

    /** Every story shared with the partner that the filter lets through, newest first. */
    public List<FeedItem> stories(Partner partner, Filter filter) {
        List<FeedItem> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        int read = 0;
        while (read < READ_MAX) {
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
        return all;
    }

    /** The inbox page with the query's filters, plus errors and drafts of a reply that could not be sent. */
    public HttpResponse render(Page page, int status, Partner partner, Topics topics, Map<String, String> query,
                               Map<String, String> replyErrors, Map<String, String> drafts) {
        ParsedFilter parsed = parse(query, topics);
        List<FeedItem> stories = stories(partner, parsed.filter());
        List<PartnerPages.Shown> shown = stories.stream().limit(SHOWN_MAX)
                .map(item -> new PartnerPages.Shown(item, replies(partner, item.reference())))
                .toList();
        Map<String, String> errors = new LinkedHashMap<>();
        parsed.errorKeys().forEach((field, key) -> errors.put(field, page.t(key)));
        errors.putAll(replyErrors);
        return PartnerPages.inbox(page, status, partner, topics, shown, stories.size(),
                new PartnerPages.InboxView(query, errors, drafts));
    }

    /** The same stories, with the same filters, as a CSV download. */
    public HttpResponse csv(Partner partner, Map<String, String> query, Topics topics) {
        return InboxCsv.download(partner.id(), stories(partner, parse(query, topics).filter()));
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
