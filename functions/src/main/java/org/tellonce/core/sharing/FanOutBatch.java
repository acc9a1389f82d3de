package org.tellonce.core.sharing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.story.Reference;

/**
 * One batch of the table's stream for the fan-out. Several records of one story need one
 * reconciliation (it reads the story as it is now); a story whose reconciliation fails fails all
 * its records, so the stream retries them (bounded, then the on-failure queue) while the other
 * stories go on. Nothing is shared without the partner list: if it cannot be read, every record fails.
 */
public final class FanOutBatch {
    private final FanOut fanOut;
    private final PartnerStore partners;

    public FanOutBatch(FanOut fanOut, PartnerStore partners) {
        this.fanOut = fanOut;
        this.partners = partners;
    }

    /** One stream record, as the fan-out sees it; {@code recordId} is what a retry resumes from. */
    public sealed interface Change {
        String recordId();
    }

    /** A story item was written: its shares may have to change. */
    public record StoryChanged(String recordId, Reference reference) implements Change {
    }

    /** Any other item (shares, feeds, partners...): nothing to do. */
    public record OtherItem(String recordId) implements Change {
    }

    /** A record whose keys cannot be read. */
    public record Unreadable(String recordId) implements Change {
    }

    /** What went wrong, for the log: an event name and the record or the exception (never data). */
    public record Problem(String event, String recordId, Optional<RuntimeException> cause) {
    }

    /** @param failed the records to retry */
    public record Result(List<String> failed, int added, int removed, List<Problem> problems) {
    }

    public Result run(List<Change> changes) {
        List<String> failed = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Partner> all;
        try {
            all = partners.all();
        } catch (RuntimeException e) {
            changes.forEach(c -> failed.add(c.recordId()));
            problems.add(new Problem("partners_unavailable", "", Optional.of(e)));
            return new Result(failed, 0, 0, problems);
        }
        Map<Reference, List<String>> byStory = new LinkedHashMap<>();
        for (Change change : changes) {
            if (change instanceof StoryChanged story) {
                byStory.computeIfAbsent(story.reference(), k -> new ArrayList<>()).add(story.recordId());
            } else if (change instanceof Unreadable unreadable) {
                failed.add(unreadable.recordId());
                problems.add(new Problem("unreadable_record", unreadable.recordId(), Optional.empty()));
            }
        }
        int added = 0;
        int removed = 0;
        for (Map.Entry<Reference, List<String>> story : byStory.entrySet()) {
            try {
                FanOut.Result result = fanOut.reconcile(story.getKey(), all);
                added += result.added().size();
                removed += result.removed().size();
            } catch (RuntimeException e) {
                failed.addAll(story.getValue());
                problems.add(new Problem("fan_out_failed", story.getValue().get(0), Optional.of(e)));
            }
        }
        return new Result(failed, added, removed, problems);
    }
}
