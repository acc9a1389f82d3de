package org.tellonce.config;

import java.time.Clock;
import org.tellonce.resident.ResidentKeys;
import org.tellonce.store.DynamoFeedStore;
import org.tellonce.store.DynamoPartnerStore;
import org.tellonce.store.DynamoStoryStore;
import org.tellonce.store.Table;

/**
 * What a container builds once and every handler in it shares: the SDK client, the secret, the
 * topic list and the store. Handlers take these through their constructors; their no-argument
 * constructors (what Lambda calls) take them from here.
 */
public final class Components {
    private static volatile Components instance;

    private final Topics topics;
    private final ResidentKeys residentKeys;
    private final DynamoStoryStore storyStore;
    private final DynamoPartnerStore partnerStore;
    private final DynamoFeedStore feedStore;
    private final byte[] cursorKey;
    private final Clock clock;

    private Components() {
        this.topics = Topics.fromEnv();
        byte[] secret = Secrets.residentKeySecret();
        this.residentKeys = new ResidentKeys(secret);
        this.storyStore = new DynamoStoryStore(AwsClients.dynamoDb(), Table.name());
        this.partnerStore = new DynamoPartnerStore(AwsClients.dynamoDb(), Table.name());
        this.feedStore = new DynamoFeedStore(AwsClients.dynamoDb(), Table.name());
        this.cursorKey = org.tellonce.crypto.Hashing.hmacSha256(secret, "feed-cursor");
        this.clock = Clock.systemUTC();
    }

    public static Components get() {
        Components c = instance;
        if (c == null) {
            synchronized (Components.class) {
                c = instance;
                if (c == null) {
                    c = new Components();
                    instance = c;
                }
            }
        }
        return c;
    }

    /** Forgets what was built, so the next handler sees a new environment (local stack restarts, tests). */
    public static synchronized void reset() {
        instance = null;
        AwsClients.reset();
    }

    public Topics topics() {
        return topics;
    }

    public ResidentKeys residentKeys() {
        return residentKeys;
    }

    public DynamoStoryStore storyStore() {
        return storyStore;
    }

    public DynamoPartnerStore partnerStore() {
        return partnerStore;
    }

    public DynamoFeedStore feedStore() {
        return feedStore;
    }

    /** Key that MACs partner feed cursors. */
    public byte[] cursorKey() {
        return cursorKey.clone();
    }

    public Clock clock() {
        return clock;
    }
}
