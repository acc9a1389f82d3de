package org.tellonce.export;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tellonce.core.moderation.Concern;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Share;
import org.tellonce.export.Activity.ResponseFact;
import org.tellonce.export.Activity.ReviewFact;
import org.tellonce.export.Activity.ShareFact;
import org.tellonce.export.Activity.StoryFact;

/**
 * The partnership figures since a date, from what the table holds: stories by week, channel,
 * topic and area; the consent mix; per partner, how much was shared and answered; and the
 * moderators' figures (held, approved, rejected, flagged by concern, time to decision). Counts
 * only: nothing here can carry a story's text or a resident's details. Weeks are ISO weeks in UTC.
 */
public final class PartnershipFigures {
    public static final String NONE = "(none)";
    /** An area typed as a name rather than a postcode district: free text, so never shown. */
    public static final String OTHER_AREA = "(other)";
    public static final String ERASED = "erased";
    /** A language value that is not a language tag (never expected): counted, never shown. */
    public static final String OTHER_LANGUAGE = "(other)";
    /** The response clock's target when the export is not told one: as the stack's default (SPEC section 13). */
    public static final Duration DEFAULT_RESPONSE_TARGET = Duration.ofDays(20);
    private static final BigDecimal MILLIS_PER_DAY = BigDecimal.valueOf(Duration.ofDays(1).toMillis());

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(Duration.ofHours(1).toMillis());

    /** Stories in one ISO week from one channel about one topic in one area. */
    public record StoryCount(String week, String channel, String topic, String area, long stories) {
    }

    /** How many stories have this consent ({@code private}, {@code anonymous}, {@code identified}, {@code erased}). */
    public record ConsentCount(String share, long stories, Optional<BigDecimal> percent) {
    }

    /**
     * One partner's figures over the stories shared with it since the date.
     *
     * @param responseRate                stories responded to, as a percentage of stories shared
     * @param medianHoursToFirstResponse  over the stories responded to: share to first response
     */
    public record PartnerFigures(String partnerId, String partnerName, long storiesShared, long storiesResponded,
                                 long responses, Optional<BigDecimal> responseRate,
                                 Optional<BigDecimal> medianHoursToFirstResponse) {
    }

    /**
     * The moderators' figures (SPEC section 12). {@code held} is the queue at the time of the export,
     * whenever the stories came in; {@code approved}, {@code rejected} and the median count decisions
     * made since the date ({@code decidedAt}); {@code flagged} counts, per concern, the stories held
     * since the date ({@code heldAt}) whose text raised it. An erased story has no review left and
     * counts nowhere here.
     *
     * @param flagged                 every concern, in {@link Concern} order, with its count (0 too)
     * @param medianHoursToDecision   from held to decided, over the decisions counted; empty when none
     */
    public record ModerationFigures(long held, long approved, long rejected, Map<String, Long> flagged,
                                    Optional<BigDecimal> medianHoursToDecision) {
        public ModerationFigures {
            flagged = Collections.unmodifiableMap(new LinkedHashMap<>(flagged));
        }

        /** How many decisions the median is over. */
        public long decided() {
            return approved + rejected;
        }
    }

    /** How many stories were told in one language ({@link #NONE} for an erased story: its language went with it). */
    public record LanguageCount(String language, long stories, Optional<BigDecimal> percent) {
    }

    /**
     * One partner against the response clock (SPEC section 13), over the stories shared with it in the
     * period: {@code counted} are those answered, or whose target has passed unanswered (a story still
     * inside its target is not counted yet); {@code onTime} those first answered within the target.
     *
     * @param onTimeRate                 on time, as a percentage of counted
     * @param medianDaysToFirstResponse  over the stories answered: share to first response, in days
     */
    public record ResponseClock(String partnerId, String partnerName, long counted, long onTime,
                                Optional<BigDecimal> onTimeRate, Optional<BigDecimal> medianDaysToFirstResponse) {
    }

    /** Stories in one ISO week about one topic, for the chart. */
    public record WeekTopicCount(String week, String topic, long stories) {
    }

    private final LocalDate since;
    private final Optional<LocalDate> until;
    private final List<StoryCount> storyCounts;
    private final List<ConsentCount> consentMix;
    private final List<PartnerFigures> partners;
    private final ModerationFigures moderation;
    private final List<LanguageCount> languages;
    private final Duration responseTarget;
    private final List<ResponseClock> responseClock;

    private PartnershipFigures(LocalDate since, Optional<LocalDate> until, List<StoryCount> storyCounts,
                               List<ConsentCount> consentMix, List<PartnerFigures> partners,
                               ModerationFigures moderation, List<LanguageCount> languages, Duration responseTarget,
                               List<ResponseClock> responseClock) {
        this.since = since;
        this.until = until;
        this.storyCounts = List.copyOf(storyCounts);
        this.consentMix = List.copyOf(consentMix);
        this.partners = List.copyOf(partners);
        this.moderation = moderation;
        this.languages = List.copyOf(languages);
        this.responseTarget = responseTarget;
        this.responseClock = List.copyOf(responseClock);
    }

    /** Stories received, and shares made, on or after the start of {@code since} (UTC). */
    public static PartnershipFigures of(Activity activity, LocalDate since) {
        return of(activity, since, Optional.empty(), DEFAULT_RESPONSE_TARGET, Instant.now());
    }

    /**
     * Stories received, shares made and decisions taken from the start of {@code since} up to, not
     * including, the start of {@code until} (UTC; no end when empty); the response clock against
     * {@code responseTarget} as it stands at {@code now}.
     *
     * @throws IllegalArgumentException when {@code until} is not after {@code since}
     */
    public static PartnershipFigures of(Activity activity, LocalDate since, Optional<LocalDate> until,
                                        Duration responseTarget, Instant now) {
        if (until.isPresent() && !until.get().isAfter(since)) {
            throw new IllegalArgumentException("--until (" + until.get() + ") must be after --since (" + since
                    + "): it is the first day not counted");
        }
        Instant from = since.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = until.map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant()).orElse(Instant.MAX);
        List<StoryFact> stories = activity.stories().stream()
                .filter(s -> !s.receivedAt().isBefore(from) && s.receivedAt().isBefore(to)).toList();
        return new PartnershipFigures(since, until, storyCounts(stories), consentMix(stories),
                partnerFigures(activity, from, to), moderation(activity.stories(), from, to), languages(stories),
                responseTarget, responseClock(activity, from, to, responseTarget, now));
    }

    public LocalDate since() {
        return since;
    }

    /** The first day not counted; empty: up to now. */
    public Optional<LocalDate> until() {
        return until;
    }

    /** The period in words for the CSV: "since 2026-01-05", or "from 2026-01-05 until 2026-02-01". */
    public String period() {
        return until.map(u -> "from " + since + " until " + u).orElse("since " + since);
    }

    /** Stories by the language they were told in, most first (then by tag); erased ones as {@link #NONE}. */
    public List<LanguageCount> languages() {
        return languages;
    }

    public Duration responseTarget() {
        return responseTarget;
    }

    /** Every partner with a profile or a share, sorted by id. */
    public List<ResponseClock> responseClock() {
        return responseClock;
    }

    /** Sorted by week, channel, topic, area. */
    public List<StoryCount> storyCounts() {
        return storyCounts;
    }

    /** Always the four kinds of consent, in the order private, anonymous, identified, erased. */
    public List<ConsentCount> consentMix() {
        return consentMix;
    }

    /** Every partner with a profile or a share, sorted by id. */
    public List<PartnerFigures> partners() {
        return partners;
    }

    /** Held now; approved, rejected and their median wait by decision since the date; flagged by hold since the date. */
    public ModerationFigures moderation() {
        return moderation;
    }

    /** Sorted by week, then topic. */
    public List<WeekTopicCount> weeklyTopics() {
        Map<String, Map<String, Long>> byWeek = new TreeMap<>();
        for (StoryCount count : storyCounts) {
            byWeek.computeIfAbsent(count.week(), w -> new TreeMap<>()).merge(count.topic(), count.stories(), Long::sum);
        }
        List<WeekTopicCount> out = new ArrayList<>();
        byWeek.forEach((week, topics) -> topics.forEach((topic, n) -> out.add(new WeekTopicCount(week, topic, n))));
        return out;
    }

    /** The ISO week of an instant in UTC, e.g. {@code 2026-W47}. */
    public static String isoWeek(Instant at) {
        return isoWeek(LocalDate.ofInstant(at, ZoneOffset.UTC));
    }

    /** The ISO week of a date, e.g. {@code 2026-W47}. */
    public static String isoWeek(LocalDate date) {
        return String.format(Locale.ROOT, "%d-W%02d",
                date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** The middle duration, or the mean of the two middle ones; empty when there are none. */
    public static Optional<Duration> median(List<Duration> durations) {
        if (durations.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = durations.stream().sorted().toList();
        int mid = sorted.size() / 2;
        if (sorted.size() % 2 == 1) {
            return Optional.of(sorted.get(mid));
        }
        return Optional.of(sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2));
    }

    /** Hours to one decimal place, rounding halves up. */
    public static BigDecimal hours(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).divide(MILLIS_PER_HOUR, 1, RoundingMode.HALF_UP);
    }

    /** A postcode district as it is, a sector as its district; an area typed as a name becomes {@link #OTHER_AREA}. */
    public static String districtOrOther(String area) {
        return org.tellonce.core.story.Postcodes.district(area).orElse(OTHER_AREA);
    }

    static String area(Optional<String> area) {
        return area.map(PartnershipFigures::districtOrOther).orElse(NONE);
    }

    private static List<StoryCount> storyCounts(List<StoryFact> stories) {
        Map<List<String>, Long> counts = new HashMap<>();
        for (StoryFact story : stories) {
            String week = isoWeek(story.receivedAt());
            String channel = story.channel().wire();
            // An erased story counts by week and channel only, whatever may be left on its item.
            String area = story.erased() ? NONE : area(story.area());
            TreeSet<String> topics = story.erased() ? new TreeSet<>() : new TreeSet<>(story.topics());
            if (topics.isEmpty()) {
                topics.add(NONE);
            }
            for (String topic : topics) {
                counts.merge(List.of(week, channel, topic, area), 1L, Long::sum);
            }
        }
        return counts.entrySet().stream()
                .map(e -> new StoryCount(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), e.getKey().get(3),
                        e.getValue()))
                .sorted(Comparator.comparing(StoryCount::week).thenComparing(StoryCount::channel)
                        .thenComparing(StoryCount::topic).thenComparing(StoryCount::area))
                .toList();
    }

    private static List<ConsentCount> consentMix(List<StoryFact> stories) {
        Map<Share, Long> byShare = new EnumMap<>(Share.class);
        long erased = 0;
        for (StoryFact story : stories) {
            if (story.erased()) {
                erased++;
            } else {
                byShare.merge(story.share(), 1L, Long::sum);
            }
        }
        long total = stories.size();
        List<ConsentCount> out = new ArrayList<>();
        for (Share share : Share.values()) {
            long n = byShare.getOrDefault(share, 0L);
            out.add(new ConsentCount(share.wire(), n, percent(n, total)));
        }
        out.add(new ConsentCount(ERASED, erased, percent(erased, total)));
        return out;
    }

    private static List<PartnerFigures> partnerFigures(Activity activity, Instant from, Instant to) {
        Map<String, List<Instant>> responses = new HashMap<>();
        for (ResponseFact response : activity.responses()) {
            responses.computeIfAbsent(response.story() + "#" + response.partnerId(), k -> new ArrayList<>())
                    .add(response.at());
        }
        Map<String, List<ShareFact>> sharesByPartner = new TreeMap<>();
        activity.partnerNames().keySet().forEach(id -> sharesByPartner.put(id, new ArrayList<>()));
        for (ShareFact share : activity.shares()) {
            if (!share.sharedAt().isBefore(from) && share.sharedAt().isBefore(to)) {
                sharesByPartner.computeIfAbsent(share.partnerId(), id -> new ArrayList<>()).add(share);
            }
        }
        List<PartnerFigures> out = new ArrayList<>();
        sharesByPartner.forEach((partnerId, shares) -> {
            long responded = 0;
            long responseCount = 0;
            List<Duration> toFirst = new ArrayList<>();
            for (ShareFact share : shares) {
                // Only responses to this share: a story shared again after a withdrawal starts afresh.
                List<Instant> answers = responses.getOrDefault(share.story() + "#" + partnerId, List.of()).stream()
                        .filter(at -> !at.isBefore(share.sharedAt())).sorted().toList();
                responseCount += answers.size();
                if (!answers.isEmpty()) {
                    responded++;
                    toFirst.add(Duration.between(share.sharedAt(), answers.get(0)));
                }
            }
            out.add(new PartnerFigures(partnerId, activity.partnerNames().getOrDefault(partnerId, ""), shares.size(),
                    responded, responseCount, percent(responded, shares.size()),
                    median(toFirst).map(PartnershipFigures::hours)));
        });
        return out;
    }

    private static ModerationFigures moderation(List<StoryFact> stories, Instant from, Instant to) {
        long held = 0;
        long approved = 0;
        long rejected = 0;
        Map<String, Long> flagged = new LinkedHashMap<>();
        for (Concern concern : Concern.values()) {
            flagged.put(concern.wireName(), 0L);
        }
        List<Duration> waits = new ArrayList<>();
        for (StoryFact story : stories) {
            ReviewFact review = story.review();
            if (story.erased() || review.state() == Review.State.NONE) {
                continue;
            }
            if (review.state() == Review.State.HELD) {
                held++;
            }
            boolean decidedSince = review.decidedAt().filter(at -> !at.isBefore(from) && at.isBefore(to)).isPresent();
            if (decidedSince && review.state() == Review.State.APPROVED) {
                approved++;
            } else if (decidedSince && review.state() == Review.State.REJECTED) {
                rejected++;
            }
            if (decidedSince && review.heldAt().isPresent()
                    && (review.state() == Review.State.APPROVED || review.state() == Review.State.REJECTED)) {
                waits.add(Duration.between(review.heldAt().get(), review.decidedAt().get()));
            }
            // A concern the phrase lists no longer know is still counted under its own name.
            Instant heldAt = review.heldAt().orElse(story.receivedAt());
            if (!heldAt.isBefore(from) && heldAt.isBefore(to)) {
                for (String concern : new TreeSet<>(review.concerns())) {
                    flagged.merge(concern, 1L, Long::sum);
                }
            }
        }
        return new ModerationFigures(held, approved, rejected, flagged, median(waits).map(PartnershipFigures::hours));
    }

    private static List<LanguageCount> languages(List<StoryFact> stories) {
        Map<String, Long> counts = new TreeMap<>();
        for (StoryFact story : stories) {
            counts.merge(story.erased() ? NONE : story.language().orElse(NONE), 1L, Long::sum);
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> new LanguageCount(e.getKey(), e.getValue(), percent(e.getValue(), stories.size())))
                .toList();
    }

    /**
     * Per partner, the shares made in the period: first answered within the target (on time), answered
     * later, or unanswered with the target passed (late); a share still inside its target counts later.
     */
    private static List<ResponseClock> responseClock(Activity activity, Instant from, Instant to, Duration target,
                                                     Instant now) {
        Map<String, List<Instant>> responses = new HashMap<>();
        for (ResponseFact response : activity.responses()) {
            responses.computeIfAbsent(response.story() + "#" + response.partnerId(), k -> new ArrayList<>())
                    .add(response.at());
        }
        Map<String, List<ShareFact>> sharesByPartner = new TreeMap<>();
        activity.partnerNames().keySet().forEach(id -> sharesByPartner.put(id, new ArrayList<>()));
        for (ShareFact share : activity.shares()) {
            if (!share.sharedAt().isBefore(from) && share.sharedAt().isBefore(to)) {
                sharesByPartner.computeIfAbsent(share.partnerId(), id -> new ArrayList<>()).add(share);
            }
        }
        List<ResponseClock> out = new ArrayList<>();
        sharesByPartner.forEach((partnerId, shares) -> {
            long counted = 0;
            long onTime = 0;
            List<Duration> toFirst = new ArrayList<>();
            for (ShareFact share : shares) {
                Optional<Instant> first = responses.getOrDefault(share.story() + "#" + partnerId, List.of()).stream()
                        .filter(at -> !at.isBefore(share.sharedAt())).min(Comparator.naturalOrder());
                Instant due = share.sharedAt().plus(target);
                if (first.isPresent()) {
                    counted++;
                    toFirst.add(Duration.between(share.sharedAt(), first.get()));
                    if (!first.get().isAfter(due)) {
                        onTime++;
                    }
                } else if (due.isBefore(now)) {
                    counted++;
                }
            }
            out.add(new ResponseClock(partnerId, activity.partnerNames().getOrDefault(partnerId, ""), counted, onTime,
                    percent(onTime, counted), median(toFirst).map(PartnershipFigures::days)));
        });
        return out;
    }

    /** Days to one decimal place, rounding halves up. */
    public static BigDecimal days(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).divide(MILLIS_PER_DAY, 1, RoundingMode.HALF_UP);
    }

    private static Optional<BigDecimal> percent(long part, long whole) {
        if (whole == 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(part).multiply(HUNDRED)
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP));
    }
}
