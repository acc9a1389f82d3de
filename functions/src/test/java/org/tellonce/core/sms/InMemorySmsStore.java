package org.tellonce.core.sms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tellonce.core.language.Language;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;

/** Per-number SMS state in memory, keyed by resident key as the real store is. */
final class InMemorySmsStore implements SmsStore {
    private final InMemoryStories stories;
    private final Map<String, Optional<String>> done = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    private final Set<String> optedOut = new HashSet<>();
    private final Map<String, InboundSms.Provider> providers = new HashMap<>();
    private final Map<String, Language> languages = new HashMap<>();
    private final Map<String, List<Reference>> pending = new HashMap<>();
    private final Map<String, Integer> replies = new HashMap<>();
    /** Routings asking their questions, by resident key, oldest first. */
    private final Map<String, List<Routing>> routings = new HashMap<>();

    InMemorySmsStore(InMemoryStories stories) {
        this.stories = stories;
    }

    private static String id(InboundSms.Provider provider, String messageId) {
        return provider.wire() + "#" + messageId;
    }

    @Override
    public synchronized Claim claimMessage(InboundSms.Provider provider, String messageId, Instant now) {
        String id = id(provider, messageId);
        if (done.containsKey(id)) {
            return new Done(done.get(id));
        }
        return inProgress.add(id) ? new Claimed() : new InProgress();
    }

    @Override
    public synchronized void completeMessage(InboundSms.Provider provider, String messageId, Optional<String> reply,
                                             Instant now) {
        inProgress.remove(id(provider, messageId));
        done.put(id(provider, messageId), reply);
    }

    @Override
    public synchronized void releaseMessage(InboundSms.Provider provider, String messageId) {
        inProgress.remove(id(provider, messageId));
    }

    @Override
    public synchronized boolean optedOut(String residentKey) {
        return optedOut.contains(residentKey);
    }

    @Override
    public synchronized void rememberProvider(String residentKey, InboundSms.Provider provider) {
        providers.put(residentKey, provider);
    }

    @Override
    public synchronized Optional<InboundSms.Provider> provider(String residentKey) {
        return Optional.ofNullable(providers.get(residentKey));
    }

    @Override
    public synchronized boolean setOptedOut(String residentKey, boolean value, Instant now) {
        return value ? optedOut.add(residentKey) : optedOut.remove(residentKey);
    }

    @Override
    public synchronized Optional<Language> language(String residentKey) {
        return Optional.ofNullable(languages.get(residentKey));
    }

    @Override
    public synchronized void setLanguage(String residentKey, Language language, Instant now) {
        languages.put(residentKey, language);
    }

    @Override
    public synchronized void addPending(String residentKey, Reference reference, Instant at) {
        List<Reference> list = pending.computeIfAbsent(residentKey, k -> new ArrayList<>());
        list.remove(reference);
        list.add(reference);
    }

    @Override
    public synchronized Optional<Reference> newestPending(String residentKey) {
        List<Reference> list = pending.getOrDefault(residentKey, List.of());
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    @Override
    public synchronized boolean resolvePending(String residentKey, Reference reference) {
        return pending.getOrDefault(residentKey, new ArrayList<>()).remove(reference);
    }

    @Override
    public synchronized void clearPending(String residentKey) {
        pending.remove(residentKey);
    }

    @Override
    public synchronized boolean startRouting(String residentKey, Routing routing) {
        // As the real store: an erased story waits for nothing any more, so it leaves the waiting list too.
        if (!resolvePending(residentKey, routing.reference()) || !stories.isTheirs(routing.reference(), residentKey)) {
            return false;
        }
        routings.computeIfAbsent(residentKey, k -> new ArrayList<>()).add(routing);
        return true;
    }

    @Override
    public synchronized Optional<Routing> newestRouting(String residentKey) {
        List<Routing> list = routings.getOrDefault(residentKey, List.of());
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    @Override
    public synchronized boolean updateRouting(String residentKey, Routing next) {
        List<Routing> list = routings.getOrDefault(residentKey, new ArrayList<>());
        int at = indexOf(list, next.reference());
        if (at < 0 || list.get(at).revision() != next.revision() - 1) {
            return false;
        }
        list.set(at, next);
        return true;
    }

    @Override
    public synchronized boolean completeRouting(String residentKey, Routing routing) {
        List<Routing> list = routings.getOrDefault(residentKey, new ArrayList<>());
        int at = indexOf(list, routing.reference());
        if (at < 0 || list.get(at).revision() != routing.revision()) {
            return false;
        }
        list.remove(at);
        return stories.route(routing.reference(), residentKey, routing);
    }

    private static int indexOf(List<Routing> list, Reference reference) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).reference().equals(reference)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public synchronized List<DueRouting> routingsStartedBefore(Instant cutoff, int limit) {
        return routings.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(r -> new DueRouting(e.getKey(), r)))
                .filter(due -> due.routing().startedAt().isBefore(cutoff))
                .sorted(java.util.Comparator.comparing(due -> due.routing().startedAt()))
                .limit(limit).toList();
    }

    @Override
    public synchronized void cancelRouting(String residentKey) {
        routings.remove(residentKey);
    }

    @Override
    public boolean setConsent(Reference reference, String residentKey, Consent consent) {
        return stories.setConsent(reference, residentKey, consent);
    }

    @Override
    public List<Reference> stories(String residentKey) {
        return stories.of(residentKey);
    }

    /** One allowance per number and clock hour, as the real store counts it. */
    @Override
    public synchronized boolean allowReply(String residentKey, Instant now, int perHour) {
        String key = residentKey + "#" + now.getEpochSecond() / 3600;
        if (replies.getOrDefault(key, 0) >= perHour) {
            return false;
        }
        replies.merge(key, 1, Integer::sum);
        return true;
    }
}
