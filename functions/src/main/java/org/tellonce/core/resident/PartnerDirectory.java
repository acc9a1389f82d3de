package org.tellonce.core.resident;

import java.text.Collator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.tellonce.core.StoreUnavailableException;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerChoice;
import org.tellonce.core.partner.PartnerStore;

/**
 * The partners the story form offers: the enabled ones, by name (then id), so the checkboxes keep
 * their order from one visit to the next. The form reads them through a short cache, so a busy form
 * costs one query a minute per container ({@code PARTNER_LIST_CACHE_SECONDS}, default 60; a partner
 * added or disabled shows on the form within that time). What a posted form names is checked
 * against the store as it is now, never against the cache. If the table cannot be reached the form
 * still loads, with the last list it had or without partners (none ticked: every matching partner).
 */
public final class PartnerDirectory {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    /**
     * What the JSON API says of partner ids that are not enabled partners: what is allowed, never the
     * ids themselves. (The form says {@code error.partners} in the page's language.)
     */
    public static final String NOT_ENABLED = "Each partner must be the id of an enabled partner (those the story form"
            + " lists); leave partners empty to share with every partner that works on the story's topics and area";
    /** While the table cannot be reached, the form tries again this often. */
    static final Duration RETRY_AFTER_OUTAGE = Duration.ofSeconds(5);

    private final PartnerStore store;
    private final Clock clock;
    private final Duration ttl;
    private volatile Snapshot snapshot;

    private record Snapshot(List<PartnerChoice> choices, Instant until) {
    }

    public PartnerDirectory(PartnerStore store, Clock clock, Duration ttl) {
        this.store = store;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The enabled partners, at most {@code ttl} old. */
    public List<PartnerChoice> choices() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (s != null && now.isBefore(s.until())) {
            return s.choices();
        }
        List<PartnerChoice> choices;
        try {
            choices = read();
        } catch (StoreUnavailableException e) {
            // The form must load without the table: the last list we had (or none, which shares with
            // every matching partner), and another try in a few seconds.
            List<PartnerChoice> last = s == null ? List.of() : s.choices();
            snapshot = new Snapshot(last, now.plus(RETRY_AFTER_OUTAGE));
            return last;
        }
        snapshot = new Snapshot(choices, now.plus(ttl));
        return choices;
    }

    /**
     * The ids among {@code chosen} that are not enabled partners right now (unknown or disabled),
     * read from the store, not the cache. Nothing is read when nothing was chosen.
     */
    public Set<String> notOffered(List<String> chosen) {
        if (chosen.isEmpty()) {
            return Set.of();
        }
        List<PartnerChoice> current = read();
        snapshot = new Snapshot(current, clock.instant().plus(ttl));
        Set<String> ids = current.stream().map(PartnerChoice::id).collect(Collectors.toSet());
        return chosen.stream().map(String::strip).filter(id -> !ids.contains(id))
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    private List<PartnerChoice> read() {
        Collator byName = Collator.getInstance(Locale.UK);
        byName.setStrength(Collator.SECONDARY);
        return store.all().stream()
                .filter(Partner::enabled)
                .sorted(Comparator.comparing((Partner p) -> p.name().isBlank() ? p.id() : p.name(), byName)
                        .thenComparing(Partner::id))
                .map(p -> new PartnerChoice(p.id(), p.name().isBlank() ? p.id() : p.name()))
                .toList();
    }
}
