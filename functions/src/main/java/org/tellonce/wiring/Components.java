package org.tellonce.wiring;

import org.tellonce.config.EnvNames;
import org.tellonce.config.Env;
import org.tellonce.core.story.Topics;
import org.tellonce.adapters.aws.AwsClients;
import org.tellonce.adapters.aws.Secrets;
import java.time.Clock;
import java.util.function.Supplier;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.adapters.dynamo.DynamoFeedStore;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.adapters.dynamo.DynamoStoryStore;
import org.tellonce.adapters.dynamo.Table;

/**
 * What a container builds once and every handler in it shares: the SDK client, the secret, the
 * topic list and the stores. Each is built on first use, so a function only touches (and only
 * needs permission for) what it uses. Handlers take these through their constructors; their
 * no-argument constructors (what Lambda calls) take them from here.
 */
public final class Components {
    private static volatile Components instance;

    private final Supplier<Topics> topics = memo(() -> Topics.parse(Env.require(EnvNames.TOPICS)));
    private final Supplier<byte[]> secret = memo(Secrets::residentKeySecret);
    private final Supplier<ResidentKeys> residentKeys = memo(() -> new ResidentKeys(secret.get()));
    private final Supplier<org.tellonce.core.crypto.FieldCipher> fieldCipher =
            memo(() -> org.tellonce.core.crypto.FieldCipher.fromSecret(secret.get()));
    private final Supplier<byte[]> cursorKey = memo(() -> Hashing.hmacSha256(secret.get(), "feed-cursor"));
    private final Supplier<byte[]> sessionKey = memo(() -> Hashing.hmacSha256(secret.get(), "partner-session"));
    private final Supplier<DynamoStoryStore> storyStore =
            memo(() -> new DynamoStoryStore(AwsClients.dynamoDb(), Table.name(), fieldCipher.get()));
    private final Supplier<DynamoPartnerStore> partnerStore =
            memo(() -> new DynamoPartnerStore(AwsClients.dynamoDb(), Table.name()));
    private final Supplier<DynamoFeedStore> feedStore =
            memo(() -> new DynamoFeedStore(AwsClients.dynamoDb(), Table.name(), fieldCipher.get()));
    private final Clock clock = Clock.systemUTC();

    private Components() {
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
        Secrets.forget();
    }

    public Topics topics() {
        return topics.get();
    }

    public ResidentKeys residentKeys() {
        return residentKeys.get();
    }

    public DynamoStoryStore storyStore() {
        return storyStore.get();
    }

    public DynamoPartnerStore partnerStore() {
        return partnerStore.get();
    }

    public DynamoFeedStore feedStore() {
        return feedStore.get();
    }

    /** Key that MACs partner feed cursors. */
    public byte[] cursorKey() {
        return cursorKey.get().clone();
    }

    /** Key that MACs partner inbox session cookies; derived apart from the cursor key, so neither can stand in for the other. */
    public byte[] sessionKey() {
        return sessionKey.get().clone();
    }

    public org.tellonce.core.crypto.FieldCipher fieldCipher() {
        return fieldCipher.get();
    }

    public Clock clock() {
        return clock;
    }

    private static <T> Supplier<T> memo(Supplier<T> supplier) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            v = supplier.get();
                            value = v;
                        }
                    }
                }
                return v;
            }
        };
    }
}
