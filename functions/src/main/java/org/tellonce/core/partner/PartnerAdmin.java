package org.tellonce.core.partner;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.story.PartnerId;
import org.tellonce.core.story.Postcodes;
import org.tellonce.core.story.Topics;

/** What admins do with partners: add, update, list, rotate a key, disable. API keys are shown once. */
public final class PartnerAdmin {
    public static final String KEY_PREFIX = "tok_";
    /** 32 random bytes. */
    public static final int KEY_BYTES = 32;
    private static final Pattern TOPIC = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** An area name (SPEC §6): 2–60 letters, spaces, hyphens and apostrophes. */
    private static final Pattern AREA_NAME = Pattern.compile("\\p{L}[\\p{L} '’-]{1,59}");

    private final PartnerStore store;
    private final Optional<Topics> topics;

    /** Checks topics only for their shape; use {@link #PartnerAdmin(PartnerStore, Topics)} to check them against the list. */
    public PartnerAdmin(PartnerStore store) {
        this(store, null);
    }

    /** Topics must be on the configured list (or {@code *}). */
    public PartnerAdmin(PartnerStore store, Topics topics) {
        this.store = store;
        this.topics = Optional.ofNullable(topics);
    }

    /** A partner and its new API key, which is not stored anywhere and cannot be shown again. */
    public record Issued(Partner partner, String apiKey) {
    }

    public static String newApiKey() {
        return KEY_PREFIX + Hashing.randomToken(KEY_BYTES);
    }

    public static String hashKey(String apiKey) {
        return Hashing.sha256Hex(apiKey);
    }

    public Issued add(String id, String name, List<String> topics, List<String> areas) {
        if (!PartnerId.isValid(id)) {
            throw new IllegalArgumentException("--id must be lower-case letters, digits and dashes (at most 63)");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("--name must be given (at most 200 characters)");
        }
        Partner partner = new Partner(id, name.strip(), checkedTopics(topics), normaliseAreas(areas), true);
        String key = newApiKey();
        if (!store.add(partner, hashKey(key))) {
            throw new IllegalArgumentException("A partner with id " + id + " exists already");
        }
        return new Issued(partner, key);
    }

    public List<Partner> list() {
        return store.all();
    }

    public Issued rotateKey(String id) {
        Partner partner = store.find(id).orElseThrow(() -> new IllegalArgumentException("No partner " + id));
        String key = newApiKey();
        if (!store.rotateKey(id, hashKey(key))) {
            throw new IllegalArgumentException("No partner " + id);
        }
        return new Issued(partner, key);
    }

    /** Changes what is given (name, topics, areas) and keeps the rest, its key and state included. */
    public Partner update(String id, Optional<String> name, Optional<List<String>> topics, Optional<List<String>> areas) {
        Partner current = store.find(id).orElseThrow(() -> new IllegalArgumentException("No partner " + id));
        if (name.isPresent() && (name.get().isBlank() || name.get().length() > 200)) {
            throw new IllegalArgumentException("--name must be given (at most 200 characters)");
        }
        Partner updated = new Partner(id, name.map(String::strip).orElse(current.name()),
                topics.map(this::checkedTopics).orElse(current.topics()),
                areas.map(PartnerAdmin::normaliseAreas).orElse(current.areas()), current.enabled());
        if (!store.update(updated)) {
            throw new IllegalArgumentException("No partner " + id);
        }
        return updated;
    }

    public Partner setEnabled(String id, boolean enabled) {
        if (!store.setEnabled(id, enabled)) {
            throw new IllegalArgumentException("No partner " + id);
        }
        return store.find(id).orElseThrow();
    }

    /** The partner an API key belongs to, compared through its hash. */
    public Optional<Partner> authenticate(String apiKey) {
        if (apiKey == null || !apiKey.startsWith(KEY_PREFIX) || apiKey.length() > 100) {
            return Optional.empty();
        }
        return store.findByKeyHash(hashKey(apiKey));
    }

    static List<String> normaliseTopics(List<String> topics) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String t : topics) {
            String topic = t.strip().toLowerCase(Locale.ROOT);
            if (topic.isEmpty()) {
                continue;
            }
            if (!topic.equals(Partner.ALL_TOPICS) && !TOPIC.matcher(topic).matches()) {
                throw new IllegalArgumentException("--topics takes topic names like health,housing or *");
            }
            out.add(topic);
        }
        if (out.isEmpty()) {
            out.add(Partner.ALL_TOPICS);
        }
        return out.contains(Partner.ALL_TOPICS) ? List.of(Partner.ALL_TOPICS) : new ArrayList<>(out);
    }

    private List<String> checkedTopics(List<String> typed) {
        List<String> normalised = normaliseTopics(typed);
        if (topics.isPresent() && !normalised.equals(List.of(Partner.ALL_TOPICS))) {
            List<String> unknown = normalised.stream().filter(t -> !topics.get().contains(t)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("--topics: unknown topic " + String.join(",", unknown)
                        + " (the topics are " + String.join(",", topics.get().all()) + ", or * for all)");
            }
        }
        return normalised;
    }

    static List<String> normaliseAreas(List<String> areas) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String a : areas) {
            String area = a.strip();
            if (area.isEmpty()) {
                continue;
            }
            Optional<String> postcode = Postcodes.keptArea(area);
            if (postcode.isPresent() && Postcodes.isPostcodeArea(postcode.get())) {
                out.add(postcode.get());
            } else if (AREA_NAME.matcher(area).matches()) {
                out.add(area.replaceAll("\\s+", " "));
            } else {
                throw new IllegalArgumentException("--areas takes postcode districts (LE1), sectors (LE1 5) or area names"
                        + " of 2-60 letters, spaces, hyphens and apostrophes; '" + area + "' is none of these");
            }
        }
        return new ArrayList<>(out);
    }
}
