package org.tellonce.core.digest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Policy;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.feed.FeedStore;
import org.tellonce.core.language.Language;
import org.tellonce.core.language.Messages;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.story.Reference;

/**
 * The daily e-mail digest: for each enabled partner, the stories newly shared with it since its last
 * digest, told to each of its enabled responders and partner administrators who did not opt out; no
 * e-mail when there is nothing new. Exactly once per person per day, even when runs overlap or retry:
 * the day's batch is fixed by the first run (with the watermark, in one conditional write), and each
 * person's e-mail is claimed before it is sent.
 */
public final class StaffDigest {
    /** The most stories one digest lists; more wait for the next day's. */
    public static final int MAX_ITEMS = 100;
    /** How long a day's batch and claims are kept (DynamoDB's TTL deletes them after). */
    static final Duration KEEP = Duration.ofDays(35);

    private final PartnerStore partners;
    private final FeedStore feed;
    private final DigestStore store;
    private final DigestPreferences preferences;
    private final EmailSender email;
    private final DigestLinks links;

    /** What one run did, for the log: counts only. */
    public record Run(int partners, int emails, int failed) {
    }

    public StaffDigest(PartnerStore partners, FeedStore feed, DigestStore store, DigestPreferences preferences,
                       EmailSender email, DigestLinks links) {
        this.partners = partners;
        this.feed = feed;
        this.store = store;
        this.preferences = preferences;
        this.email = email;
        this.links = links;
    }

    /** The digest of the UTC day {@code at} falls in. */
    public Run run(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        Instant expiresAt = at.plus(KEEP);
        List<DigestPreferences.Recipient> everyone = preferences.recipients();
        int told = 0;
        int emails = 0;
        int failed = 0;
        for (Partner partner : partners.all()) {
            if (!partner.enabled()) {
                continue;
            }
            Optional<DigestStore.Batch> batch = batch(partner.id(), day, expiresAt);
            List<DigestEmail.Item> items = batch.map(b -> items(partner.id(), b)).orElse(List.of());
            if (items.isEmpty()) {
                continue;
            }
            told++;
            for (DigestPreferences.Recipient r : everyone) {
                if (!receives(r, partner.id()) || !store.claim(partner.id(), day, r.staffKey(), expiresAt)) {
                    continue;
                }
                try {
                    email.send(DigestEmail.compose(Messages.of(Language.EN), r.member().email(), partner.name(),
                            items, links, r.staffKey()));
                    emails++;
                } catch (RuntimeException e) {
                    // Unsent: the claim goes back, so a retry (or the next run the same day) sends it.
                    store.release(partner.id(), day, r.staffKey());
                    failed++;
                }
            }
        }
        return new Run(told, emails, failed);
    }

    static boolean receives(DigestPreferences.Recipient r, String partnerId) {
        return r.digest() && r.member().enabled() && r.member().partnerId().filter(partnerId::equals).isPresent()
                && Policy.roleMay(r.member().role(), Action.REPLY);
    }

    /** The day's batch: the one already started, else a new one from the watermark when there is anything new. */
    private Optional<DigestStore.Batch> batch(String partnerId, LocalDate day, Instant expiresAt) {
        Optional<DigestStore.Batch> started = store.batch(partnerId, day);
        if (started.isPresent()) {
            return started;
        }
        long from = store.watermark(partnerId);
        List<FeedStore.FeedEntry> entries = feed.entriesAfter(partnerId, from, MAX_ITEMS);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        // Even when none of them is still shared: the watermark moves past them, and no e-mail goes.
        long to = entries.get(entries.size() - 1).seq();
        return store.startBatch(partnerId, day, new DigestStore.Batch(from, to), expiresAt);
    }

    /** The batch's stories that are still shared with the partner, in feed order. */
    private List<DigestEmail.Item> items(String partnerId, DigestStore.Batch batch) {
        List<FeedStore.FeedEntry> entries = feed.entriesAfter(partnerId, batch.fromSeq(),
                (int) Math.min(MAX_ITEMS, batch.toSeq() - batch.fromSeq()));
        List<Reference> references = entries.stream().filter(e -> e.seq() <= batch.toSeq())
                .filter(FeedStore.FeedEntry::shared).map(e -> e.reference().orElseThrow()).distinct().toList();
        if (references.isEmpty()) {
            return List.of();
        }
        Map<Reference, FeedStore.Held> held = feed.held(references, partnerId);
        List<DigestEmail.Item> items = new ArrayList<>();
        for (Reference reference : references) {
            FeedStore.Held h = held.get(reference);
            if (h != null && h.sharedWithPartner()) {
                items.add(new DigestEmail.Item(h.story().storyId(), reference, h.story().topics(),
                        h.story().receivedAt()));
            }
        }
        return items;
    }
}
