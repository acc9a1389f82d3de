package org.tellonce.core.feed;

import org.tellonce.core.partner.Partner;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.http.Json;
import org.tellonce.core.sharing.Redactor;
import org.tellonce.core.sharing.SharingRule;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

/**
 * The partner's view: its feed in share order, one story, history, responses. Consent is checked
 * again at read time, so a withdrawn or erased story never shows even if a pointer lags.
 */
public final class FeedService {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 100;
    public static final int HISTORY_MAX = 10;
    public static final int RESPONSE_MAX = 2000;
    /**
     * A missing sequence number older than this was abandoned (its writer failed and the retry took
     * a new number); younger, it may still be written, so the feed waits rather than skip it.
     */
    public static final Duration GAP_TIMEOUT = Duration.ofSeconds(60);
    private static final int SCAN_PAGE = 100;

    private final FeedStore store;
    private final FeedCursor cursors;
    private final Clock clock;

    public FeedService(FeedStore store, FeedCursor cursors, Clock clock) {
        this.store = store;
        this.cursors = cursors;
        this.clock = clock;
    }

    public record Page(List<ObjectNode> items, Optional<String> nextCursor) {
    }

    /** @throws IllegalArgumentException for a cursor that is not this partner's */
    public Page page(Partner partner, Optional<String> cursor, int limit) {
        long position = cursor.map(c -> cursors.decode(partner.id(), c)
                .orElseThrow(() -> new IllegalArgumentException("cursor"))).orElse(0L);
        List<ObjectNode> items = new ArrayList<>();
        Instant now = clock.instant();
        boolean more = true;
        while (more && items.size() < limit) {
            // Read only as many entries as the page still needs: each one costs a story read below.
            int wanted = Math.min(SCAN_PAGE, limit - items.size());
            List<FeedStore.FeedEntry> entries = store.entriesAfter(partner.id(), position, wanted);
            more = entries.size() == wanted;
            Map<Reference, FeedStore.Held> held = store.held(entries.stream()
                    .filter(FeedStore.FeedEntry::shared).map(e -> e.reference().orElseThrow()).toList(), partner.id());
            for (FeedStore.FeedEntry entry : entries) {
                if (entry.seq() != position + 1 && entry.sharedAt().plus(GAP_TIMEOUT).isAfter(now)) {
                    // An earlier number may still be being written: stop here so nothing is skipped.
                    more = false;
                    break;
                }
                position = entry.seq();
                if (entry.shared()) {
                    FeedStore.Held h = held.get(entry.reference().get());
                    if (h != null && h.sharedWithPartner() && SharingRule.shares(h.story(), partner)) {
                        items.add(item(h.story(), h.sharedAt().orElse(entry.sharedAt()), partner));
                        if (items.size() >= limit) {
                            break;
                        }
                    }
                }
            }
        }
        return new Page(items, items.isEmpty() ? Optional.empty() : Optional.of(cursors.encode(partner.id(), position)));
    }

    public Optional<ObjectNode> one(Partner partner, String storyId) {
        return visible(partner, storyId).map(h -> item(h.story(), h.sharedAt().orElse(h.story().receivedAt()), partner));
    }

    /** Stores a response to a story shared with the partner; empty when the story is not (or no longer) shared. */
    public Optional<ObjectNode> respond(Partner partner, String storyId, String text) {
        Optional<FeedStore.Held> held = visible(partner, storyId);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String responseId = Hashing.randomToken(12);
        store.addResponse(held.get().story().reference(), partner, responseId, text, at);
        ObjectNode node = Json.object();
        node.put("responseId", responseId);
        node.put("storyId", storyId);
        node.put("text", text);
        node.put("at", at.toString());
        return Optional.of(node);
    }

    private Optional<FeedStore.Held> visible(Partner partner, String storyId) {
        if (storyId == null || !storyId.matches("[0-9a-f-]{36}")) {
            return Optional.empty();
        }
        return store.referenceOf(storyId)
                .map(ref -> store.held(List.of(ref), partner.id()).get(ref))
                .filter(h -> h.sharedWithPartner() && SharingRule.shares(h.story(), partner));
    }

    private ObjectNode item(Story story, Instant sharedAt, Partner partner) {
        boolean anonymous = story.consent().share() == Share.ANONYMOUS;
        ObjectNode node = Json.object();
        node.put("storyId", story.storyId());
        node.put("reference", story.reference().value());
        node.put("receivedAt", story.receivedAt().toString());
        node.put("sharedAt", sharedAt.toString());
        node.put("channel", story.channel().wire());
        ArrayNode topics = node.putArray("topics");
        story.topics().forEach(topics::add);
        if (story.area().isPresent()) {
            node.put("area", story.area().get());
        } else {
            node.putNull("area");
        }
        node.put("language", story.language());
        node.put("text", anonymous ? Redactor.mask(story.text()) : story.text());
        if (anonymous) {
            node.putNull("contact");
        } else {
            ObjectNode contact = node.putObject("contact");
            putOrNull(contact, "name", story.name());
            putOrNull(contact, "email", story.contact().filter(Contact.Email.class::isInstance)
                    .map(c -> ((Contact.Email) c).address()));
            putOrNull(contact, "phone", story.contact().filter(Contact.Phone.class::isInstance)
                    .map(c -> ((Contact.Phone) c).e164()));
        }
        ArrayNode history = node.putArray("history");
        history(story, partner).forEach(history::add);
        return node;
    }

    /**
     * The same resident's earlier stories that this partner holds, newest first. Only stories with
     * the same kind of consent are linked: tying an anonymous story to an identified one would
     * reveal who told it.
     */
    private List<ObjectNode> history(Story story, Partner partner) {
        if (story.residentKey().isEmpty()) {
            return List.of();
        }
        List<Reference> candidates = store.residentStories(story.residentKey().get(), 50).stream()
                .filter(r -> !r.equals(story.reference())).toList();
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<Reference, FeedStore.Held> held = store.held(candidates, partner.id());
        List<ObjectNode> out = new ArrayList<>();
        for (Reference reference : candidates) {
            FeedStore.Held h = held.get(reference);
            if (h == null || !h.sharedWithPartner() || !SharingRule.shares(h.story(), partner)
                    || h.story().consent().share() != story.consent().share()
                    || !h.story().receivedAt().isBefore(story.receivedAt())) {
                continue;
            }
            Story earlier = h.story();
            ObjectNode node = Json.object();
            node.put("storyId", earlier.storyId());
            node.put("reference", earlier.reference().value());
            node.put("receivedAt", earlier.receivedAt().toString());
            ArrayNode topics = node.putArray("topics");
            earlier.topics().forEach(topics::add);
            node.put("text", earlier.consent().share() == Share.ANONYMOUS ? Redactor.mask(earlier.text()) : earlier.text());
            out.add(node);
            if (out.size() >= HISTORY_MAX) {
                break;
            }
        }
        return out;
    }

    private static void putOrNull(ObjectNode node, String field, Optional<String> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }
}
