package org.tellonce.store;

import org.tellonce.config.Env;
import org.tellonce.config.EnvNames;
import org.tellonce.story.Reference;

/**
 * The single table: its name and every key shape, in one place.
 *
 * <pre>
 * PK                      SK                     what
 * STORY#{reference}       STORY                  the story: text and contact live here only
 * STORY#{reference}       SHARE#{partnerId}      the story is shared with the partner (pointer)
 * STORY#{reference}       RESPONSE#{at}#{id}     a partner's response to the story
 * IDEM#{sha256(key)}      IDEM                   an Idempotency-Key and the answer it replays
 * DUP#{hmac}              DUP                    same resident + same text within 30 days
 * PARTNER#{id}            PROFILE                a partner organisation
 * GSI1: GSI1PK = RESIDENT#{residentKey}, GSI1SK = {receivedAt}#{storyId} (keys only)
 * </pre>
 */
public final class Table {
    public static final String DEFAULT_NAME = "tellonce";

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
    public static final String PROFILE_SK = "PROFILE";
    public static final String SHARE_PREFIX = "SHARE#";
    public static final String RESPONSE_PREFIX = "RESPONSE#";

    private Table() {
    }

    public static String name() {
        return Env.get(EnvNames.TABLE_NAME).orElse(DEFAULT_NAME);
    }

    public static String storyPk(Reference reference) {
        return "STORY#" + reference.value();
    }

    public static String idempotencyPk(String keyHash) {
        return "IDEM#" + keyHash;
    }

    public static String duplicatePk(String duplicateKey) {
        return "DUP#" + duplicateKey;
    }

    public static String residentPk(String residentKey) {
        return "RESIDENT#" + residentKey;
    }

    public static String partnerPk(String partnerId) {
        return "PARTNER#" + partnerId;
    }
}
