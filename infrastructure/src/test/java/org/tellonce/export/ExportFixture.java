package org.tellonce.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.tellonce.adapters.dynamo.DynamoFeedStore;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.adapters.dynamo.DynamoShareStore;
import org.tellonce.adapters.dynamo.DynamoStoryStore;
import org.tellonce.adapters.dynamo.StoryItems;
import org.tellonce.core.consent.Owner;
import org.tellonce.core.feed.FeedStore;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Stories, shares and responses written through the real store classes, so the items have their
 * real shapes. Every story and response carries text and contact details that must never reach
 * the export. Since 2026-01-05 (a Monday, ISO week 2026-W02), expected:
 * <pre>
 * B 2026-W02 web  health,transport LE1  anonymous   healthwatch (answered after 2 h, then again), council
 * C 2026-W02 sms  health           LE1  identified  healthwatch (answered after 4 h)
 * D 2026-W02 web  -                -    private
 * E 2026-W03 web  housing          typed area name  anonymous  council (answered after 1.5 h)
 * F 2026-W03 web  health           LE2  anonymous   healthwatch (answered), then erased and unshared
 * G 2026-W03 sms  transport        LE1  private
 * H 2026-W04 web  health,mental-health LE1 identified healthwatch (no answer)
 * I 2026-W04 web  health           LE1  anonymous
 * A 2026-01-02, before the date: shared with healthwatch and answered, counted nowhere
 * </pre>
 * Moderation (stories as the moderators left them; Y and Z were received before the date):
 * <pre>
 * B approved   medical-emergency             held 2026-01-05 00:00, decided after 0.5 h (with an edited text)
 * C approved   -                             held 2026-01-06 09:00, decided after 1 h (MODERATION=all)
 * D held       risk-to-life                  held 2026-01-07 12:00
 * F approved   domestic-abuse                then erased: counts nowhere
 * G rejected   domestic-abuse, risk-to-life  held 2026-01-15 08:00, decided after 24 h (with a reason)
 * I held       abuse-or-neglect              held 2026-01-21 08:00
 * Y held       medical-emergency             held 2026-01-03 (before the date): in the queue, not flagged since
 * Z rejected   risk-to-life                  held 2025-12-30 10:00, decided 2026-01-05 10:00 (144 h)
 * </pre>
 * So: held 3, approved 2, rejected 2, flagged risk-to-life 2, abuse-or-neglect 1, domestic-abuse 1,
 * medical-emergency 1, median hours to decision 12.5 (0.5, 1, 24, 144).
 */
final class ExportFixture {
    /** Field encryption with a fixed test key: the fixture writes items as the functions would. */
    static final org.tellonce.core.crypto.FieldCipher CIPHER =
            org.tellonce.core.crypto.FieldCipher.fromSecret("export-fixture-secret-of-at-least-32-bytes".getBytes());

    static final String TEXT = "ZEBRA-SECRET-STORY-TEXT";
    static final String RESPONSE_TEXT = "ZEBRA-SECRET-RESPONSE-TEXT";
    static final String EDITED_TEXT = "ZEBRA-SECRET-EDITED-TEXT";
    static final String REASON = "ZEBRA-SECRET-REVIEW-REASON";
    static final String NAME = "Ophelia Quokka";
    static final String EMAIL = "ophelia.quokka@example.org";
    static final String PHONE = "+447700900999";
    /** A resident who typed their street as the area. */
    static final String TYPED_AREA = "Quokka Mews";
    private static final String NO_AREA = "";

    static final Partner HEALTHWATCH = partner("healthwatch", "Healthwatch Leicester");
    static final Partner COUNCIL = partner("council", "Leicester City Council, \"Housing\" & Neighbourhoods");
    static final Partner QUIET = partner("quiet-group", "Quiet Group");

    final List<String> references = new ArrayList<>();
    final List<String> storyIds = new ArrayList<>();
    final List<String> hashes = new ArrayList<>();

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoShareStore shares;
    private final DynamoFeedStore feeds;
    private final DynamoStoryStore stories;
    private int responses;

    ExportFixture(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
        this.shares = new DynamoShareStore(dynamo, table, CIPHER);
        this.feeds = new DynamoFeedStore(dynamo, table, CIPHER);
        this.stories = new DynamoStoryStore(dynamo, table, CIPHER);
    }

    void write() {
        var partners = new DynamoPartnerStore(dynamo, table);
        for (Partner p : List.of(HEALTHWATCH, COUNCIL, QUIET)) {
            partners.add(p, hash("key-" + p.id()));
        }

        StoredStory a = story("TO-AAAAA2", "2026-01-02T10:00:00Z", Channel.WEB, Share.ANONYMOUS, "LE1", "health");
        share(a, HEALTHWATCH, "2026-01-02T11:00:00Z");
        respond(a, HEALTHWATCH, "2026-01-06T00:00:00Z");

        StoredStory b = story("TO-BBBBB3", "2026-01-05T00:00:00Z", Channel.WEB, Share.ANONYMOUS, "LE1",
                "health", "transport");
        b = review(b, Review.State.APPROVED, "2026-01-05T00:00:00Z", "2026-01-05T00:30:00Z", "medical-emergency");
        share(b, HEALTHWATCH, "2026-01-05T01:00:00Z");
        share(b, COUNCIL, "2026-01-05T01:00:00Z");
        respond(b, HEALTHWATCH, "2026-01-05T03:00:00Z");
        respond(b, HEALTHWATCH, "2026-01-06T01:00:00Z");

        StoredStory c = story("TO-CCCCC4", "2026-01-06T09:00:00Z", Channel.SMS, Share.IDENTIFIED, "LE1", "health");
        c = review(c, Review.State.APPROVED, "2026-01-06T09:00:00Z", "2026-01-06T10:00:00Z");
        share(c, HEALTHWATCH, "2026-01-06T10:00:00Z");
        respond(c, HEALTHWATCH, "2026-01-06T14:00:00Z");

        StoredStory d = story("TO-DDDDD5", "2026-01-07T12:00:00Z", Channel.WEB, Share.PRIVATE, NO_AREA);
        review(d, Review.State.HELD, "2026-01-07T12:00:00Z", null, "risk-to-life");

        StoredStory e = story("TO-EEEEE6", "2026-01-13T08:00:00Z", Channel.WEB, Share.ANONYMOUS, TYPED_AREA,
                "housing");
        share(e, COUNCIL, "2026-01-13T09:00:00Z");
        respond(e, COUNCIL, "2026-01-13T10:30:00Z");

        StoredStory f = story("TO-FFFFF7", "2026-01-14T08:00:00Z", Channel.WEB, Share.ANONYMOUS, "LE2", "health");
        f = review(f, Review.State.APPROVED, "2026-01-14T08:00:00Z", "2026-01-14T08:30:00Z", "domestic-abuse");
        share(f, HEALTHWATCH, "2026-01-14T09:00:00Z");
        respond(f, HEALTHWATCH, "2026-01-14T18:00:00Z");
        stories.erase(f.story().reference(), new Owner.ManageToken(f.manageTokenHash()));
        // What the fan-out does when it sees the erasure.
        shares.unshare(f.story().reference(), HEALTHWATCH.id());

        StoredStory g = story("TO-GGGGG8", "2026-01-15T08:00:00Z", Channel.SMS, Share.PRIVATE, "LE1", "transport");
        review(g, Review.State.REJECTED, "2026-01-15T08:00:00Z", "2026-01-16T08:00:00Z", "risk-to-life",
                "domestic-abuse");

        StoredStory h = story("TO-HHHHH9", "2026-01-20T08:00:00Z", Channel.WEB, Share.IDENTIFIED, "LE1",
                "mental-health", "health");
        share(h, HEALTHWATCH, "2026-01-20T12:00:00Z");

        StoredStory i = story("TO-JJJJJ2", "2026-01-21T08:00:00Z", Channel.WEB, Share.ANONYMOUS, "LE1", "health");
        review(i, Review.State.HELD, "2026-01-21T08:00:00Z", null, "abuse-or-neglect");

        StoredStory y = story("TO-KKKKK3", "2026-01-03T08:00:00Z", Channel.WEB, Share.PRIVATE, "LE1", "health");
        review(y, Review.State.HELD, "2026-01-03T08:00:00Z", null, "medical-emergency");
        StoredStory z = story("TO-LLLLL4", "2025-12-30T10:00:00Z", Channel.WEB, Share.PRIVATE, "LE1", "housing");
        review(z, Review.State.REJECTED, "2025-12-30T10:00:00Z", "2026-01-05T10:00:00Z", "risk-to-life");
    }

    /** Everything planted that must not come out: text, contact, references, ids, hashes. */
    List<String> secrets() {
        List<String> out = new ArrayList<>(List.of(TEXT, RESPONSE_TEXT, EDITED_TEXT, REASON, "ZEBRA", NAME, "Quokka", EMAIL, "example.org",
                PHONE, "7700", TYPED_AREA, "TO-"));
        out.addAll(references);
        out.addAll(storyIds);
        out.addAll(hashes);
        return out;
    }

    private StoredStory story(String reference, String receivedAt, Channel channel, Share share, String area,
                              String... topics) {
        int n = references.size();
        String storyId = UUID.randomUUID().toString();
        Contact contact = n % 2 == 0 ? new Contact.Email(EMAIL) : new Contact.Phone(PHONE);
        Story story = new Story(storyId, new Reference(reference), Instant.parse(receivedAt), channel,
                TEXT + " number " + n + ": ring " + NAME + " on " + PHONE + " or write to " + EMAIL,
                List.of(topics), Optional.of(area).filter(a -> !a.isEmpty()), "en", Optional.of(NAME), Optional.of(contact),
                new Consent(share, List.of()), Optional.of(hash("resident-" + n)), Story.Status.RECEIVED);
        String tokenHash = hash("token-" + n);
        dynamo.putItem(b -> b.tableName(table).item(StoryItems.toItem(story, tokenHash, Optional.empty(), CIPHER)));
        references.add(reference);
        storyIds.add(storyId);
        return new StoredStory(story, tokenHash, List.of(), List.of());
    }

    /**
     * The story item rewritten as the moderation foundation stores a review (a held story in the GSI3
     * queue); an approval carries an edited text and a rejection a reason, both sealed and never read.
     */
    private StoredStory review(StoredStory stored, Review.State state, String heldAt, String decidedAt,
                               String... concerns) {
        Optional<Instant> decided = Optional.ofNullable(decidedAt).map(Instant::parse);
        Review review = new Review(state, List.of(concerns), Optional.of(Instant.parse(heldAt)),
                state == Review.State.APPROVED ? Optional.of(EDITED_TEXT + " " + NAME) : Optional.empty(),
                state == Review.State.REJECTED ? Optional.of(REASON + " " + PHONE) : Optional.empty(), decided);
        Story story = stored.story().withReview(review);
        dynamo.putItem(b -> b.tableName(table)
                .item(StoryItems.toItem(story, stored.manageTokenHash(), Optional.empty(), CIPHER)));
        return new StoredStory(story, stored.manageTokenHash(), List.of(), List.of());
    }

    private void share(StoredStory story, Partner partner, String at) {
        shares.share(story, partner, Instant.parse(at));
    }

    private void respond(StoredStory story, Partner partner, String at) {
        String id = UUID.randomUUID().toString();
        storyIds.add(id);
        feeds.addResponse(new FeedStore.NewResponse(story.story().reference(), partner, id,
                RESPONSE_TEXT + " " + responses++ + " for " + NAME, Instant.parse(at), Optional.empty()));
    }

    private String hash(String seed) {
        String hash = org.tellonce.core.crypto.Hashing.sha256Hex(seed);
        hashes.add(hash);
        return hash;
    }

    private static Partner partner(String id, String name) {
        return new Partner(id, name, List.of(Partner.ALL_TOPICS), List.of(), true);
    }
}
