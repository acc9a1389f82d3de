package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.list;
import static org.tellonce.adapters.dynamo.Dynamo.s;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.story.Assisted;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.ConsentEvent;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Hand-written mapping of the story item (no reflection at cold start). */
public final class StoryItems {
    public static final String TYPE = "type";
    public static final String STORY_ID = "storyId";
    public static final String REFERENCE = "reference";
    public static final String RECEIVED_AT = "receivedAt";
    public static final String CHANNEL = "channel";
    public static final String TEXT = "text";
    public static final String TOPICS = "topics";
    public static final String AREA = "area";
    public static final String LANGUAGE = "language";
    public static final String NAME = "name";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String SHARE = "share";
    public static final String PARTNERS = "partners";
    /**
     * A string set of every level (anonymous, identified) the story's consent has ever had; a consent
     * change adds to it and nothing takes from it, so history never links across levels a partner saw.
     */
    public static final String SHARED_AS = "sharedAs";
    public static final String RESIDENT_KEY = "residentKey";
    /** Whether the contact is proven (came with the SMS), not merely typed: only a proven one links history. */
    public static final String CONTACT_PROVEN = "contactProven";
    public static final String STATUS = "status";
    public static final String MANAGE_TOKEN_HASH = "manageTokenHash";
    public static final String DUPLICATE_KEY = "duplicateKey";
    public static final String VERSION = "version";
    /** The partner whose staff recorded an assisted story (SPEC section 15); never the staff member. */
    public static final String ASSISTED_BY = "assistedBy";
    /** How the resident of an assisted story consented: verbal or written. */
    public static final String CONSENT_GIVEN = "consentGiven";
    /** Every consent given, oldest first: [{at, share, partners, method}]. */
    public static final String CONSENT_HISTORY = "consentHistory";
    /** Where the story stands with the moderators: held, approved or rejected; absent when none needs to see it. */
    public static final String REVIEW = "review";
    /** The safeguarding concerns the text raised (wire names). */
    public static final String CONCERNS = "concerns";
    public static final String HELD_AT = "heldAt";
    /** The edited text a moderator approved for partners (sealed like the text). */
    public static final String SHARED_TEXT = "sharedText";
    /** Why a moderator did not share the story (sealed: it may quote it). */
    public static final String REVIEW_REASON = "reviewReason";
    public static final String DECIDED_AT = "decidedAt";

    /** On an erased story's tombstone: how many access log entries were erased with it. */
    public static final String ACCESS_COUNT = "accessCount";

    private StoryItems() {
    }

    /** A sealed field of the story item is bound to the story's key and the field's name. */
    static String fieldContext(String pk, String attribute) {
        return pk + "|" + attribute;
    }

    public static Map<String, AttributeValue> toItem(Story story, String manageTokenHash,
                                                     Optional<String> duplicateKey, FieldCipher cipher) {
        Map<String, AttributeValue> item = new HashMap<>();
        String pk = Table.storyPk(story.reference());
        item.put(Table.PK, s(pk));
        item.put(Table.SK, s(Table.STORY_SK));
        item.put(TYPE, s("story"));
        item.put(STORY_ID, s(story.storyId()));
        item.put(REFERENCE, s(story.reference().value()));
        item.put(RECEIVED_AT, s(story.receivedAt().toString()));
        item.put(CHANNEL, s(story.channel().wire()));
        item.put(TEXT, s(cipher.seal(story.text(), fieldContext(pk, TEXT))));
        item.put(TOPICS, list(story.topics()));
        story.area().ifPresent(a -> item.put(AREA, s(a)));
        item.put(LANGUAGE, s(story.language()));
        story.name().ifPresent(n -> item.put(NAME, s(cipher.seal(n, fieldContext(pk, NAME)))));
        story.contact().ifPresent(c -> {
            if (c instanceof Contact.Email email) {
                item.put(EMAIL, s(cipher.seal(email.address(), fieldContext(pk, EMAIL))));
            } else if (c instanceof Contact.Phone phone) {
                item.put(PHONE, s(cipher.seal(phone.e164(), fieldContext(pk, PHONE))));
            }
        });
        item.put(SHARE, s(story.consent().share().wire()));
        item.put(PARTNERS, list(story.consent().partners()));
        sharedAsValue(story.consent().share()).ifPresent(v -> item.put(SHARED_AS, v));
        story.residentKey().ifPresent(rk -> {
            item.put(RESIDENT_KEY, s(rk));
            item.put(Table.GSI1PK, s(Table.residentPk(rk)));
            item.put(Table.GSI1SK, s(Table.historySk(story.receivedAt(), story.storyId())));
        });
        item.put(CONTACT_PROVEN, Dynamo.bool(story.contactProven()));
        story.assisted().ifPresent(a -> {
            item.put(ASSISTED_BY, s(a.partnerId()));
            item.put(CONSENT_GIVEN, s(a.consentGiven().wire()));
        });
        item.put(Table.GSI2PK, s(Table.storyIdPk(story.storyId())));
        putReview(item, story.review(), pk, cipher);
        if (story.review().state() == Review.State.HELD) {
            item.putAll(queueKeys(story));
        }
        item.put(STATUS, s(story.status().wire()));
        item.put(MANAGE_TOKEN_HASH, s(manageTokenHash));
        duplicateKey.ifPresent(k -> item.put(DUPLICATE_KEY, s(k)));
        item.put(VERSION, Dynamo.n(1));
        item.put(CONSENT_HISTORY, AttributeValue.fromL(List.of(consentEvent(new ConsentEvent(story.receivedAt(),
                story.consent().share(), story.consent().partners(),
                firstMethod(story))))));
        return item;
    }

    /** How the story's first consent was given: on the web, by SMS, or to a helper (assisted-verbal|written). */
    private static String firstMethod(Story story) {
        return switch (story.channel()) {
            case SMS -> ConsentEvent.SMS;
            case WEB -> ConsentEvent.WEB;
            case ASSISTED -> ConsentEvent.ASSISTED + "-" + story.assisted().orElseThrow().consentGiven().wire();
        };
    }

    /** One entry of {@link #CONSENT_HISTORY}. */
    static AttributeValue consentEvent(ConsentEvent event) {
        return AttributeValue.fromM(Map.of("at", s(event.at().toString()), SHARE, s(event.share().wire()),
                PARTNERS, list(event.partners()), "method", s(event.method())));
    }

    public static List<ConsentEvent> consentHistory(Map<String, AttributeValue> item) {
        AttributeValue history = item.get(CONSENT_HISTORY);
        if (history == null || !history.hasL()) {
            return List.of();
        }
        List<ConsentEvent> events = new ArrayList<>();
        for (AttributeValue entry : history.l()) {
            Map<String, AttributeValue> m = entry.m();
            events.add(new ConsentEvent(Instant.parse(Dynamo.requireString(m, "at")),
                    Share.parse(Dynamo.requireString(m, SHARE)).orElse(Share.PRIVATE), Dynamo.strings(m, PARTNERS),
                    Dynamo.string(m, "method").orElse("")));
        }
        return events;
    }

    public static Story fromItem(Map<String, AttributeValue> item, FieldCipher cipher) {
        String pk = Dynamo.requireString(item, Table.PK);
        Optional<Contact> contact = Dynamo.string(item, EMAIL).<Contact>map(e -> new Contact.Email(
                        cipher.open(e, fieldContext(pk, EMAIL))))
                .or(() -> Dynamo.string(item, PHONE).map(p -> new Contact.Phone(cipher.open(p, fieldContext(pk, PHONE)))));
        Channel channel = Channel.parse(Dynamo.requireString(item, CHANNEL)).orElse(Channel.WEB);
        return new Story(
                Dynamo.requireString(item, STORY_ID),
                new Reference(Dynamo.requireString(item, REFERENCE)),
                Instant.parse(Dynamo.requireString(item, RECEIVED_AT)),
                channel,
                Dynamo.string(item, TEXT).map(t -> cipher.open(t, fieldContext(pk, TEXT))).orElse(""),
                Dynamo.strings(item, TOPICS),
                Dynamo.string(item, AREA),
                Dynamo.string(item, LANGUAGE).orElse("en"),
                Dynamo.string(item, NAME).map(n -> cipher.open(n, fieldContext(pk, NAME))),
                contact,
                new Consent(Share.parse(Dynamo.string(item, SHARE).orElse("private")).orElse(Share.PRIVATE),
                        Dynamo.strings(item, PARTNERS)),
                Dynamo.string(item, RESIDENT_KEY),
                "erased".equals(Dynamo.string(item, STATUS).orElse("")) ? Story.Status.ERASED : Story.Status.RECEIVED,
                contactProven(item, channel),
                channel == Channel.ASSISTED ? Optional.of(new Assisted(Dynamo.requireString(item, ASSISTED_BY),
                        Dynamo.string(item, CONSENT_GIVEN).flatMap(Assisted.ConsentGiven::parse)
                                .orElse(Assisted.ConsentGiven.VERBAL))) : Optional.empty(),
                review(item, cipher));
    }

    private static void putReview(Map<String, AttributeValue> item, Review review, String pk, FieldCipher cipher) {
        if (review.state() == Review.State.NONE) {
            return;
        }
        item.put(REVIEW, s(review.state().wire()));
        if (!review.concerns().isEmpty()) {
            item.put(CONCERNS, list(review.concerns()));
        }
        review.heldAt().ifPresent(at -> item.put(HELD_AT, s(at.toString())));
        review.sharedText().ifPresent(t -> item.put(SHARED_TEXT, s(cipher.seal(t, fieldContext(pk, SHARED_TEXT)))));
        review.reason().ifPresent(r -> item.put(REVIEW_REASON, s(cipher.seal(r, fieldContext(pk, REVIEW_REASON)))));
        review.decidedAt().ifPresent(at -> item.put(DECIDED_AT, s(at.toString())));
    }

    /** The GSI3 keys that put a held story in the moderation queue. */
    public static Map<String, AttributeValue> queueKeys(Story story) {
        Instant heldAt = story.review().heldAt().orElse(story.receivedAt());
        return Map.of(Table.GSI3PK, s(Table.MODERATION_PK),
                Table.GSI3SK, s(Table.moderationSk(story.review().flagged(), heldAt, story.reference())));
    }

    /** Where the story stands with the moderators, as stored. */
    public static Review review(Map<String, AttributeValue> item, FieldCipher cipher) {
        Optional<Review.State> state = Dynamo.string(item, REVIEW).flatMap(Review.State::parse);
        if (state.isEmpty()) {
            return Review.NONE;
        }
        String pk = Dynamo.requireString(item, Table.PK);
        return new Review(state.get(), Dynamo.strings(item, CONCERNS),
                Dynamo.string(item, HELD_AT).map(Instant::parse),
                Dynamo.string(item, SHARED_TEXT).map(t -> cipher.open(t, fieldContext(pk, SHARED_TEXT))),
                Dynamo.string(item, REVIEW_REASON).map(r -> cipher.open(r, fieldContext(pk, REVIEW_REASON))),
                Dynamo.string(item, DECIDED_AT).map(Instant::parse));
    }

    /** The {@link #SHARED_AS} value a consent adds: none for private, which no partner reads. */
    static Optional<AttributeValue> sharedAsValue(Share share) {
        return share == Share.PRIVATE ? Optional.empty() : Optional.of(AttributeValue.fromSs(List.of(share.wire())));
    }

    /** Every level the story has been shared at (none for stories stored before the attribute existed). */
    public static Set<Share> sharedAs(Map<String, AttributeValue> item) {
        AttributeValue value = item.get(SHARED_AS);
        if (value == null || !value.hasSs()) {
            return Set.of();
        }
        return value.ss().stream().flatMap(s -> Share.parse(s).stream()).collect(Collectors.toUnmodifiableSet());
    }

    /** Stories stored before the attribute existed: proven exactly when their channel proves the contact. */
    private static boolean contactProven(Map<String, AttributeValue> item, Channel channel) {
        return item.containsKey(CONTACT_PROVEN) ? Dynamo.bool(item, CONTACT_PROVEN) : Story.proves(channel);
    }
}
