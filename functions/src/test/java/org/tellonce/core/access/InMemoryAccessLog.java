package org.tellonce.core.access;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.story.Reference;

/** The access log in memory, newest first as the table reads it; the cursor is an index. */
final class InMemoryAccessLog implements AccessLog {
    final List<AccessEntry> entries = new ArrayList<>();
    boolean failing;

    @Override
    public void record(List<AccessEntry> more) {
        if (failing) {
            throw new org.tellonce.core.StoreUnavailableException(new IllegalStateException("down"));
        }
        entries.addAll(more);
    }

    private List<AccessEntry> newestFirst() {
        List<AccessEntry> all = new ArrayList<>(entries);
        all.sort(Comparator.comparing(AccessEntry::at).reversed());
        return all;
    }

    @Override
    public List<AccessEntry> ofStory(Reference reference, int max) {
        return newestFirst().stream().filter(e -> e.reference().equals(reference)).limit(max).toList();
    }

    @Override
    public Page ofPartner(String partnerId, Optional<String> cursor, int max) {
        List<AccessEntry> own = newestFirst().stream().filter(e -> e.partnerId().equals(partnerId)).toList();
        int from = cursor.map(Integer::parseInt).orElse(0);
        int to = Math.min(own.size(), from + max);
        return new Page(own.subList(from, to), to < own.size() ? Optional.of(Integer.toString(to)) : Optional.empty());
    }
}
