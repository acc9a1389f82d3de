package org.tellonce.core.feed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

/**
 * The feed's store in memory: each partner's feed a numbered list, the stories, who holds a share of
 * which, and the responses partners sent.
 */
final class InMemoryFeedStore implements FeedStore {
    record StoredResponse(Reference reference, String partnerId, String responseId, String text, Instant at) {
    }

    private final Map<String, List<FeedEntry>> feeds = new HashMap<>();
    private final Map<Reference, Story> stories = new LinkedHashMap<>();
    private final Map<Reference, Map<String, Instant>> shares = new HashMap<>();
    private final Map<Reference, Set<Share>> sharedAs = new HashMap<>();
    final List<StoredResponse> responses = new ArrayList<>();
    private final Map<String, ResponseClaim> claims = new HashMap<>();
    private final Map<String, Work> work = new HashMap<>();
    private final Map<Reference, Lead> leads = new HashMap<>();
    /** How many times the feed asked for a resident's stories, and for held stories (each one read). */
    int residentQueries;
    int heldReads;

    /** Keeps the story as it is now (a consent change replaces it) and every level it was ever shared at. */
    void save(Story story) {
        stories.put(story.reference(), story);
        Set<Share> levels = sharedAs.computeIfAbsent(story.reference(), r -> EnumSet.noneOf(Share.class));
        if (story.consent().share() != Share.PRIVATE) {
            levels.add(story.consent().share());
        }
    }

    /** Shares the story with the partner at the next position of its feed. */
    void share(Story story, String partnerId, Instant at) {
        save(story);
        shares.computeIfAbsent(story.reference(), r -> new HashMap<>()).put(partnerId, at);
        List<FeedEntry> feed = feeds.computeIfAbsent(partnerId, p -> new ArrayList<>());
        long seq = feed.isEmpty() ? 1 : feed.get(feed.size() - 1).seq() + 1;
        feed.add(new FeedEntry(seq, "shared", Optional.of(story.reference()), at));
    }

    /** A position written out of turn, e.g. after an earlier writer failed and its number was never used. */
    void entry(String partnerId, long seq, Story story, Instant at) {
        save(story);
        shares.computeIfAbsent(story.reference(), r -> new HashMap<>()).put(partnerId, at);
        feeds.computeIfAbsent(partnerId, p -> new ArrayList<>())
                .add(new FeedEntry(seq, "shared", Optional.of(story.reference()), at));
    }

    /** The share is taken back (consent withdrawn); the feed's entry stays, as a lagging pointer would. */
    void unshare(Reference reference, String partnerId) {
        shares.getOrDefault(reference, Map.of()).remove(partnerId);
    }

    /** Feed positions handed out so far (with {@code heldReads}: what a request costs). */
    int positionsRead;

    @Override
    public List<FeedEntry> entriesAfter(String partnerId, long afterSeq, int max) {
        return counted(feeds.getOrDefault(partnerId, List.of()).stream()
                .filter(e -> e.seq() > afterSeq)
                .sorted(java.util.Comparator.comparingLong(FeedEntry::seq))
                .limit(max).toList());
    }

    private List<FeedEntry> counted(List<FeedEntry> entries) {
        positionsRead += entries.size();
        return entries;
    }

    @Override
    public synchronized List<FeedEntry> entriesBefore(String partnerId, long beforeSeq, int max) {
        return counted(feeds.getOrDefault(partnerId, List.of()).stream()
                .filter(e -> e.seq() < beforeSeq)
                .sorted(java.util.Comparator.comparingLong(FeedEntry::seq).reversed())
                .limit(max).toList());
    }

    @Override
    public synchronized Map<Reference, Held> held(Collection<Reference> references, String partnerId) {
        heldReads++;
        Map<Reference, Held> out = new HashMap<>();
        for (Reference reference : references) {
            Story story = stories.get(reference);
            if (story != null) {
                Optional<Instant> at = Optional.ofNullable(shares.getOrDefault(reference, Map.of()).get(partnerId));
                out.put(reference, new Held(story, at.isPresent(), at, sharedAs.get(reference),
                        work.getOrDefault(reference.value() + "|" + partnerId, Work.NONE), liveLead(reference)));
            }
        }
        return out;
    }

    @Override
    public Optional<Reference> referenceOf(String storyId) {
        return stories.values().stream().filter(s -> s.storyId().equals(storyId)).map(Story::reference).findFirst();
    }

    @Override
    public synchronized List<ResidentStory> residentStories(String residentKey, Instant before, int max) {
        residentQueries++;
        return stories.values().stream()
                .filter(s -> s.residentKey().equals(Optional.of(residentKey)) && s.receivedAt().isBefore(before))
                .sorted(java.util.Comparator.comparing(Story::receivedAt).reversed())
                .limit(max)
                .map(s -> new ResidentStory(s.reference(), s.receivedAt())).toList();
    }

    @Override
    public synchronized AddResult addResponse(NewResponse response) {
        Story story = stories.get(response.reference());
        if (story == null || story.status() == Story.Status.ERASED) {
            return new StoryErased();
        }
        Optional<ResponseClaim> taken = response.claim().map(c -> claims.get(c.keyHash()));
        if (taken.isPresent()) {
            return new ClaimTaken(taken.get());
        }
        response.claim().ifPresent(c -> claims.put(c.keyHash(), c));
        responses.add(new StoredResponse(response.reference(), response.partner().id(), response.responseId(),
                response.text(), response.at()));
        return new Added();
    }

    private boolean shared(Reference reference, String partnerId) {
        return shares.getOrDefault(reference, Map.of()).containsKey(partnerId);
    }

    @Override
    public boolean setHandling(Reference reference, String partnerId, Handling handling) {
        if (!shared(reference, partnerId)) {
            return false;
        }
        work.merge(reference.value() + "|" + partnerId, new Work(handling, Optional.empty(), false),
                (old, n) -> new Work(handling, old.assignee(), old.answered()));
        return true;
    }

    @Override
    public boolean setAssignee(Reference reference, String partnerId, Optional<Work.Assignee> assignee) {
        if (!shared(reference, partnerId)) {
            return false;
        }
        work.merge(reference.value() + "|" + partnerId, new Work(Handling.NEW, assignee, false),
                (old, n) -> new Work(old.handling(), assignee, old.answered()));
        return true;
    }

    @Override
    public void markAnswered(Reference reference, String partnerId, Instant at) {
        if (shared(reference, partnerId)) {
            work.merge(reference.value() + "|" + partnerId, new Work(Handling.RESPONDED, Optional.empty(), true),
                    (old, n) -> new Work(old.handling() == Handling.NEW ? Handling.RESPONDED : old.handling(),
                            old.assignee(), true));
        }
    }

    /** A lead counts only while its partner still holds the story. */
    private Optional<Lead> liveLead(Reference reference) {
        return Optional.ofNullable(leads.get(reference)).filter(l -> shared(reference, l.partnerId()));
    }

    @Override
    public synchronized LeadOutcome claimLead(Reference reference, org.tellonce.core.partner.Partner partner,
                                              Instant at) {
        if (!shared(reference, partner.id())) {
            return new LeadOutcome.NotShared();
        }
        Optional<Lead> current = liveLead(reference);
        if (current.isPresent()) {
            return current.get().partnerId().equals(partner.id()) ? new LeadOutcome.Leading(current.get())
                    : new LeadOutcome.Taken(current.get());
        }
        Lead lead = new Lead(partner.id(), partner.name(), at);
        leads.put(reference, lead);
        return new LeadOutcome.Leading(lead);
    }

    @Override
    public synchronized LeadOutcome releaseLead(Reference reference, String partnerId) {
        Optional<Lead> current = liveLead(reference);
        if (current.isPresent() && !current.get().partnerId().equals(partnerId)) {
            return new LeadOutcome.Taken(current.get());
        }
        leads.remove(reference);
        return new LeadOutcome.Released();
    }
}
