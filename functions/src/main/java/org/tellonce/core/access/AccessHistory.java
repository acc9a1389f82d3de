package org.tellonce.core.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.story.Reference;

/**
 * A story's access log as its resident sees it (SPEC section 11): which organisation, by a person or
 * by its API, did what, when; never which member of staff. Newest first, the latest {@link #SHOWN_MAX}.
 */
public final class AccessHistory {
    /** How many entries the resident's page and JSON show: the newest; an export shows as many. */
    public static final int SHOWN_MAX = 100;

    private final AccessLog log;
    private final PartnerStore partners;

    public AccessHistory(AccessLog log, PartnerStore partners) {
        this.log = log;
        this.partners = partners;
    }

    /** The organisation residents read for the partnership's own staff (the page words it in their language). */
    public static final String PARTNERSHIP_NAME = "TellOnce";

    /** One entry: {@code organisation} is the partner's name (its id if it has none any more). */
    public record Line(String organisation, String kind, Action action, Instant at) {
    }

    /** Lines in a row by the same organisation, kind and action: {@code count} of them, the newest at {@code newest}. */
    public record Group(String organisation, String kind, Action action, Instant newest, Instant oldest, int count) {
    }

    public List<Line> of(Reference reference) {
        List<AccessEntry> entries = log.ofStory(reference, SHOWN_MAX);
        if (entries.isEmpty()) {
            return List.of();
        }
        Map<String, String> names = new HashMap<>();
        names.put(AccessEntry.PARTNERSHIP, PARTNERSHIP_NAME);
        // One read of the partner list, only when there is something to name.
        for (Partner p : partners.all()) {
            names.put(p.id(), p.name());
        }
        return entries.stream()
                .map(e -> new Line(names.getOrDefault(e.partnerId(), e.partnerId()), e.kind(), e.action(), e.at()))
                .toList();
    }

    /** Repeated reads read better as one line: consecutive lines alike are grouped, newest first. */
    public static List<Group> grouped(List<Line> lines) {
        List<Group> groups = new ArrayList<>();
        for (Line line : lines) {
            Group last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && last.organisation().equals(line.organisation()) && last.kind().equals(line.kind())
                    && last.action() == line.action()) {
                groups.set(groups.size() - 1, new Group(last.organisation(), last.kind(), last.action(), last.newest(),
                        line.at(), last.count() + 1));
            } else {
                groups.add(new Group(line.organisation(), line.kind(), line.action(), line.at(), line.at(), 1));
            }
        }
        return groups;
    }
}
