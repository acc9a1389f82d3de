package org.tellonce.adapters.dynamo;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.sharing.FanOutBatch;
import org.tellonce.core.story.Reference;

/**
 * The single table: its name and every key shape, in one place.
 *
 * <pre>
 * PK                      SK                     what
 * STORY#{reference}       STORY                  the story: text and contact live here only
 * STORY#{reference}       SHARE#{partnerId}      the story is shared with the partner (pointer)
 * STORY#{reference}       RESPONSE#{at}#{id}     a partner's response to the story
 * STORY#{reference}       ACCESS#{at}#{id}       an access log entry (GSI1PK = AUDIT#{partnerId}, GSI1SK = {at}#{id});
 *                                                erased with the story, the tombstone keeps accessCount
 * STORY#{reference}       ALERT#{round, 4 digits}#{staffKey}#{email|sms}  a safeguarding alert sent to one staff member
 *                                                by one channel in that round (sentAt; TTL); erased with the story
 * STORY#{reference}       REMOVAL#{partnerId}    the partner was told the story was withdrawn from it (reason, withdrawnAt) and
 *                                                whether it confirmed deleting its copies (confirmedAt); its INSERT or a new
 *                                                withdrawnAt is story.withdrawn (stream); kept after erasure (ids and times only)
 * STORY#{reference}       OUTCOME#{at}#{id}      a partner's outcome linked to the story (title, text, partner: public words);
 *                                                its INSERT tells the resident (stream); erased with the story
 * OUTCOMES                {at}#{id}              an outcome, once, for the public list (newest first by one Query);
 *                                                partner, title, text, at and how many stories it answers
 * IDEM#{sha256(key)}      IDEM                   an Idempotency-Key and the answer it replays
 * DUP#{hmac}              DUP                    same resident + same text within 30 days
 * RATE#{residentKey}      {epoch hour}           stories from one resident in that hour (429 past the limit);
 *                                                a typed, unproven contact counts apart: RATE#typed:{residentKey}
 * PARTNERS                PARTNER#{id}           a partner organisation (all in one partition)
 * WEBHOOKS                PARTNER#{id}           the partner's webhook: URL and signing secret (sealed); apart from PARTNERS,
 *                                                which every function reads, so only the webhook functions read secrets
 * APIKEY#{sha256(key)}    APIKEY                 a partner's current API key
 * FEED#{partnerId}        {seq, 12 digits}       the partner's feed, in share order (pointer)
 * FEEDSEQ#{partnerId}     SEQ                    the partner's feed sequence counter
 * RESIDENT#{residentKey}  SMS                    a phone number's SMS state (language, opt-out, reply budget)
 * RESIDENT#{residentKey}  PENDING#{reference}    a story sent by SMS still waiting for its consent answer
 * RESIDENT#{residentKey}  ROUTING#{reference}    a story answered YES/ANON whose topic and area are being asked
 * ROUTING                 {startedAt ms, 15 digits}#{reference}  the same routing, found by the sweep after 30 minutes
 * RESIDENT#{residentKey}  VERIFYCODE             the contact's current verification code (hash, expiry, wrong tries)
 * RESIDENT#{residentKey}  VERIFYRATE#{hour}      codes sent to the contact in that hour (5 at most)
 * RESIDENT#{residentKey}  VERIFIED               the contact was proven by a code
 * RESIDENT#{residentKey}  PREFS                  the resident's preferences (tell me of replies)
 * RSESSION#{sha256(token)} RSESSION              a resident's session after proving their contact
 * SMSMSG#{provider}#{sha256(messageId)}  SMSMSG  an inbound SMS claimed once (providers redeliver)
 * STAFF                   MEMBER#{staffKey}      a staff member (e-mail, name, phone sealed; role, partner, generation)
 * STAFFCODE#{staffKey}    VERIFYCODE             the address's current sign-in code (hash, expiry, wrong tries)
 * STAFFCODE#{staffKey}    VERIFYRATE#{hour}      sign-in codes sent to the address in that hour (5 at most)
 * STAFFCODE#{staffKey}    LOCK                   wrong codes typed for the address, and until when it is locked
 * SSESSION#{sha256(token)} SSESSION              a staff session ({staffKey}.{generation}; 8 hours)
 * (staffKey: HMAC of the lower-cased e-mail, ResidentKeys.staffKey; kept for any address, known or not)
 * DIGEST#{partnerId}      MARK                   the feed position the partner's daily digests reached
 * DIGEST#{partnerId}      DAY#{yyyy-mm-dd}       that day's digest: the feed positions it holds (TTL)
 * DIGEST#{partnerId}      SENT#{yyyy-mm-dd}#{staffKey}  that day's digest claimed for one person, before sending (TTL)
 * GSI1: GSI1PK = RESIDENT#{residentKey}, GSI1SK = {receivedAt}#{storyId} (keys only): history
 * GSI2: GSI2PK = SID#{storyId} (keys only): a story by its id, for partners
 * GSI3: GSI3PK = MODERATION, GSI3SK = {0 flagged|1}#{heldAt}#{reference} (keys only), on a story item while it
 *       waits for a moderator (SPEC section 12): the queue, flagged first then oldest; a decision or erasure
 *       removes both attributes in the same write that records it
 * </pre>
 */
public final class Table {
    public static final String DEFAULT_NAME = org.tellonce.config.Config.DEFAULT_TABLE;

    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String GSI1 = "GSI1";
    public static final String GSI1PK = "GSI1PK";
    public static final String GSI1SK = "GSI1SK";
    /** Epoch seconds; DynamoDB's TTL deletes expired items eventually, conditions check expiry exactly. */
    public static final String TTL = "ttl";

    public static final String STORY_SK = "STORY";
    public static final String IDEM_SK = "IDEM";
    public static final String DUP_SK = "DUP";
    /** The story's lead partner (SPEC section 13), one item in the story's partition: at most one lead. */
    public static final String LEAD_SK = "LEAD";
    public static final String GSI2 = "GSI2";
    public static final String GSI2PK = "GSI2PK";
    public static final String GSI3 = "GSI3";
    public static final String GSI3PK = "GSI3PK";
    public static final String GSI3SK = "GSI3SK";
    /** The moderation queue's partition in GSI3: every story waiting for a moderator. */
    public static final String MODERATION_PK = "MODERATION";
    public static final String PARTNERS_PK = "PARTNERS";
    public static final String APIKEY_SK = "APIKEY";
    public static final String SEQ_SK = "SEQ";
    public static final String SHARE_PREFIX = "SHARE#";
    public static final String RESPONSE_PREFIX = "RESPONSE#";
    public static final String ACCESS_PREFIX = "ACCESS#";
    /**
     * Just after every access log key ('$' follows '#'): the log sorts first in a story's partition, so
     * the story and its shares and responses are the keys above this (no other kind may sort below it).
     */
    public static final String ACCESS_END = "ACCESS$";
    /** A story's safeguarding alerts, one item per round, person and channel (above ACCESS_END: load skips them). */
    public static final String ALERT_PREFIX = "ALERT#";
    /** A story's outcome links sort after its access log (and before its responses, shares and story item). */
    public static final String OUTCOME_PREFIX = "OUTCOME#";
    /** Every outcome once, in one partition sorted by time: the public list is one Query, newest first. */
    public static final String OUTCOMES_PK = "OUTCOMES";
    /** A partner told to delete its copies of a withdrawn story (sorts before RESPONSE#, SHARE# and STORY). */
    public static final String REMOVAL_PREFIX = "REMOVAL#";
    public static final String WEBHOOKS_PK = "WEBHOOKS";
    public static final String SMS_STATE_SK = "SMS";
    public static final String PENDING_PREFIX = "PENDING#";
    public static final String SMS_MESSAGE_SK = "SMSMSG";
    public static final String ROUTING_PREFIX = "ROUTING#";
    /** Every routing still asking, in one partition sorted by start: the sweep queries it by time, no index. */
    public static final String ROUTING_PK = "ROUTING";
    public static final String VERIFY_CODE_SK = "VERIFYCODE";
    public static final String VERIFIED_SK = "VERIFIED";
    public static final String PREFERENCES_SK = "PREFS";
    public static final String RESIDENT_SESSION_SK = "RSESSION";
    private static final String RESIDENT_SESSION_LISTED_PREFIX = "RSESSION#";
    public static final String STAFF_PK = "STAFF";
    public static final String STAFF_SESSION_SK = "SSESSION";
    public static final String LOCK_SK = "LOCK";
    private static final String IDEM_PREFIX = "IDEM#";
    private static final String DUP_PREFIX = "DUP#";
    private static final String STORY_PREFIX = "STORY#";

    private Table() {
    }

    public static String storyPk(Reference reference) {
        return STORY_PREFIX + reference.value();
    }

    /** Whether a partition key is a story's (its story item, shares and responses). */
    public static boolean isStoryPk(String pk) {
        return pk != null && pk.startsWith(STORY_PREFIX);
    }

    /** The reference in a story partition key; empty for any other key. */
    public static Optional<Reference> referenceFromPk(String pk) {
        return isStoryPk(pk) ? Reference.parse(pk.substring(STORY_PREFIX.length())) : Optional.empty();
    }

    /** What a stream record's keys (their string attributes) name, for the fan-out. */
    public static FanOutBatch.Change fanOutChange(String recordId, Map<String, String> keys) {
        String pk = keys.get(PK);
        String sk = keys.get(SK);
        if (pk == null || sk == null) {
            return new FanOutBatch.Unreadable(recordId);
        }
        if (!isStoryPk(pk) || !STORY_SK.equals(sk)) {
            return new FanOutBatch.OtherItem(recordId);
        }
        return referenceFromPk(pk).<FanOutBatch.Change>map(r -> new FanOutBatch.StoryChanged(recordId, r))
                .orElseGet(() -> new FanOutBatch.Unreadable(recordId));
    }

    /**
     * The story a stream record shows a moderator deciding: its story item's review went from held to
     * approved or rejected. Empty for every other record.
     */
    public static Optional<Reference> decidedStory(Map<String, String> keys, Map<String, String> oldImage,
                                                   Map<String, String> newImage) {
        String was = oldImage.getOrDefault(StoryItems.REVIEW, "");
        String is = newImage.getOrDefault(StoryItems.REVIEW, "");
        if (!STORY_SK.equals(keys.get(SK)) || !"held".equals(was) || !("approved".equals(is) || "rejected".equals(is))) {
            return Optional.empty();
        }
        return referenceFromPk(keys.get(PK));
    }

    public static String idempotencyPk(String keyHash) {
        return IDEM_PREFIX + keyHash;
    }

    /** The key hash in an idempotency record's partition key. */
    public static String keyHashFromIdempotencyPk(String pk) {
        return after(IDEM_PREFIX, pk);
    }

    public static String duplicatePk(String duplicateKey) {
        return DUP_PREFIX + duplicateKey;
    }

    /** The duplicate key in a duplicate claim's partition key. */
    public static String duplicateKeyFromPk(String pk) {
        return after(DUP_PREFIX, pk);
    }

    public static String ratePk(String residentKey) {
        return "RATE#" + residentKey;
    }

    public static String residentPk(String residentKey) {
        return "RESIDENT#" + residentKey;
    }

    /** A resident's history sorts by when each story was received; the id keeps two at one instant apart. */
    public static String historySk(Instant receivedAt, String storyId) {
        return receivedAt + "#" + storyId;
    }

    /**
     * A history key above every story received in the same second as {@code at} or before, below every
     * later second's: {@code YYYY-MM-DDTHH:MM:SS} is fixed width, and what follows it in a key ({@code .}
     * and digits, or {@code Z}) sorts below {@code ~}.
     */
    public static String historySkAfterSecondOf(Instant at) {
        String second = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return second.substring(0, second.length() - 1) + "~";
    }

    /** When the story in a history key was received. */
    public static Instant receivedAtOfHistorySk(String historySk) {
        int hash = historySk.indexOf('#');
        return Instant.parse(hash < 0 ? historySk : historySk.substring(0, hash));
    }

    public static String partnerSk(String partnerId) {
        return "PARTNER#" + partnerId;
    }

    public static String apiKeyPk(String keyHash) {
        return "APIKEY#" + keyHash;
    }

    public static String feedPk(String partnerId) {
        return "FEED#" + partnerId;
    }

    public static String feedSk(long seq) {
        return String.format("%012d", seq);
    }

    public static String feedSeqPk(String partnerId) {
        return "FEEDSEQ#" + partnerId;
    }

    public static String storyIdPk(String storyId) {
        return "SID#" + storyId;
    }

    public static String removalSk(String partnerId) {
        return REMOVAL_PREFIX + partnerId;
    }

    public static String shareSk(String partnerId) {
        return SHARE_PREFIX + partnerId;
    }

    public static String pendingSk(Reference reference) {
        return PENDING_PREFIX + reference.value();
    }

    /** The story a pending SMS consent item waits for; empty for any other sort key. */
    public static Optional<Reference> referenceFromPendingSk(String sk) {
        return sk != null && sk.startsWith(PENDING_PREFIX) ? Reference.parse(sk.substring(PENDING_PREFIX.length()))
                : Optional.empty();
    }

    public static String routingSk(Reference reference) {
        return ROUTING_PREFIX + reference.value();
    }

    /** Sorts by when the routing started, so "started before" is one key condition. */
    public static String routingDueSk(Instant startedAt, Reference reference) {
        return routingDueBefore(startedAt) + "#" + reference.value();
    }

    /** The sort key below which every routing started before {@code cutoff} lies. */
    public static String routingDueBefore(Instant cutoff) {
        return String.format("%015d", cutoff.toEpochMilli());
    }

    /** The story a routing item (either kind) is about. */
    public static Optional<Reference> referenceFromRoutingSk(String sk) {
        int hash = sk == null ? -1 : sk.lastIndexOf('#');
        return hash < 0 ? Optional.empty() : Reference.parse(sk.substring(hash + 1));
    }

    /** @param provider the provider's wire name; @param messageIdHash SHA-256 of its message id */
    public static String smsMessagePk(String provider, String messageIdHash) {
        return "SMSMSG#" + provider + "#" + messageIdHash;
    }

    public static String verifyRateSk(long epochHour) {
        return "VERIFYRATE#" + epochHour;
    }

    /** @param tokenHash SHA-256 of a resident session's token */
    public static String residentSessionPk(String tokenHash) {
        return "RSESSION#" + tokenHash;
    }

    /** A resident session listed in its resident's partition (ended with everything else of theirs). */
    public static String residentSessionListedSk(String tokenHash) {
        return RESIDENT_SESSION_LISTED_PREFIX + tokenHash;
    }

    /** The token hash of a listed session; empty for any other sort key. */
    public static Optional<String> tokenHashFromListedSk(String sk) {
        return sk != null && sk.startsWith(RESIDENT_SESSION_LISTED_PREFIX)
                ? Optional.of(sk.substring(RESIDENT_SESSION_LISTED_PREFIX.length())) : Optional.empty();
    }

    public static String staffSk(String staffKey) {
        return "MEMBER#" + staffKey;
    }

    /** Sign-in codes, their budget and the lock of one staff key. */
    public static String staffCodePk(String staffKey) {
        return "STAFFCODE#" + staffKey;
    }

    /** @param tokenHash SHA-256 of a staff session's token */
    public static String staffSessionPk(String tokenHash) {
        return "SSESSION#" + tokenHash;
    }


    /** A partner's daily digest: its watermark, each day's batch and each person's claim. */
    public static String digestPk(String partnerId) {
        return "DIGEST#" + partnerId;
    }

    public static final String DIGEST_MARK_SK = "MARK";

    public static String digestDaySk(java.time.LocalDate day) {
        return "DAY#" + day;
    }

    public static String digestSentSk(java.time.LocalDate day, String staffKey) {
        return "SENT#" + day + "#" + staffKey;
    }

    /** The staff key in a staff member's sort key. */
    public static String staffKeyFromSk(String sk) {
        return after("MEMBER#", sk);
    }

    private static String after(String prefix, String key) {
        if (!key.startsWith(prefix)) {
            throw new IllegalArgumentException("not a " + prefix + " key");
        }
        return key.substring(prefix.length());
    }

    /**
     * Instants of one width (nanoseconds always written), so that keys sort as time does: Instant's own
     * text drops zero fractions ("…:00Z" would sort after "…:00.5Z").
     */
    private static final java.time.format.DateTimeFormatter SORTABLE = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /**
     * A held story's place in the moderation queue: flagged stories first, then by when they were held,
     * oldest first; the reference keeps two held at one instant apart.
     */
    public static String moderationSk(boolean flagged, Instant heldAt, Reference reference) {
        return (flagged ? "0#" : "1#") + SORTABLE.format(heldAt) + "#" + reference.value();
    }

    /** When the story of a moderation queue key was held; empty for a key of another shape. */
    public static Optional<Instant> heldAtFromModerationSk(String sk) {
        String[] parts = sk == null ? new String[0] : sk.split("#");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(SORTABLE.parse(parts[1])));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a moderation queue key is a flagged story's (those sort first). */
    public static boolean flaggedModerationSk(String sk) {
        return sk != null && sk.startsWith("0#");
    }

    /** One safeguarding alert of a story: the round, the person (staff key) and the channel. */
    public static String alertSk(int round, String staffKey, String channel) {
        return ALERT_PREFIX + String.format(java.util.Locale.ROOT, "%04d", round) + "#" + staffKey + "#" + channel;
    }

    /** The round, staff key and channel of an alert's sort key; empty for any other key. */
    public static Optional<String[]> alertFromSk(String sk) {
        String[] parts = sk == null || !sk.startsWith(ALERT_PREFIX) ? new String[0]
                : sk.substring(ALERT_PREFIX.length()).split("#");
        return parts.length == 3 && parts[0].matches("[0-9]{4}") ? Optional.of(parts) : Optional.empty();
    }

    /** The story a moderation queue key is about. */
    public static Optional<Reference> referenceFromModerationSk(String sk) {
        int hash = sk == null ? -1 : sk.lastIndexOf('#');
        return hash < 0 ? Optional.empty() : Reference.parse(sk.substring(hash + 1));
    }

    /** A story's access log sorts by time; the id keeps two at the same instant apart. */
    public static String accessSk(Instant at, String entryId) {
        return ACCESS_PREFIX + SORTABLE.format(at) + "#" + entryId;
    }

    /** A partner's access log (the GSI1 partition of its entries in every story). */
    public static String auditPk(String partnerId) {
        return "AUDIT#" + partnerId;
    }

    /** Sorts by when the entry was made; the id keeps two at the same instant apart. */
    public static String auditSk(Instant at, String entryId) {
        return SORTABLE.format(at) + "#" + entryId;
    }

    /** Sorts a story's responses by time; the id keeps two at the same instant apart. */
    public static String responseSk(Instant at, String responseId) {
        return RESPONSE_PREFIX + at + "#" + responseId;
    }

    /** An outcome linked into a story's partition: sorts by time; the id keeps two at one instant apart. */
    public static String outcomeLinkSk(Instant at, String outcomeId) {
        return OUTCOME_PREFIX + SORTABLE.format(at) + "#" + outcomeId;
    }

    /** An outcome in the public list ({@link #OUTCOMES_PK}): sorts by time, the id keeps two at one instant apart. */
    public static String outcomeSk(Instant at, String outcomeId) {
        return SORTABLE.format(at) + "#" + outcomeId;
    }

    /** Whether a string has the shape of {@link #outcomeSk} (a page cursor must, before it is used as a key). */
    public static boolean isOutcomeSk(String sk) {
        return sk != null && sk.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{9}Z#[A-Za-z0-9_-]{1,64}");
    }
}
