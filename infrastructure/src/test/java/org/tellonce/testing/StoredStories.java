package org.tellonce.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.tellonce.adapters.dynamo.DynamoStoryStore;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.intake.IntakeStore;
import org.tellonce.core.story.Channel;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;
import org.tellonce.local.LocalStack;

/**
 * Many stories at once, written with the store as intake writes them (one item each), for tests
 * that need volume rather than the HTTP intake path. The table's stream still sees every write.
 */
public final class StoredStories {
    private final DynamoStoryStore store;
    private final ResidentKeys residentKeys;

    public StoredStories(LocalStack stack) {
        byte[] secret = stack.environment("SubmitStoryFunction").get("RESIDENT_KEY_SECRET")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.store = new DynamoStoryStore(stack.dynamo(), stack.table(), org.tellonce.core.crypto.FieldCipher.fromSecret(secret));
        this.residentKeys = new ResidentKeys(secret);
    }

    /** A story written for a test, with the manage token its resident would hold. */
    public record Told(Story story, String manageToken) {
        public String[] auth() {
            return Http.bearer(manageToken);
        }
    }

    /**
     * A story texted from {@code e164} (so its number is proven) whose resident also holds its manage
     * token: what a verified resident's session will give (SPEC §10), so a test can change the consent of
     * an SMS story over HTTP. Nothing else gives an SMS story's resident the token yet.
     */
    public Told textedWithToken(String e164, Share share, String text) {
        Contact phone = new Contact.Phone(e164);
        String token = Hashing.randomToken(16);
        Story story = new Story(UUID.randomUUID().toString(), Reference.random(Hashing.random()), Instant.now(),
                Channel.SMS, text, List.of(), Optional.empty(), "en", Optional.empty(), Optional.of(phone),
                new Consent(share, List.of()), Optional.of(residentKeys.of(phone)), Story.Status.RECEIVED);
        IntakeStore.InsertResult result = store.insert(new IntakeStore.NewStoryWrite(story, Hashing.sha256Hex(token),
                Optional.empty(), Optional.empty(), Optional.empty()), Instant.now());
        if (!(result instanceof IntakeStore.Inserted)) {
            throw new AssertionError("could not write a story: " + result);
        }
        return new Told(story, token);
    }

    /** Anonymous stories on {@code topics} for any partner, written one after another (in that order). */
    public List<Story> anonymous(int count, String... topics) {
        List<Story> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            written.add(write(List.of(topics)));
        }
        return written;
    }

    private Story write(List<String> topics) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Story story = new Story(UUID.randomUUID().toString(), Reference.random(Hashing.random()), Instant.now(),
                    Channel.WEB, "Stored story " + UUID.randomUUID() + ": the street lights are out again.", topics,
                    Optional.of("LE1"), "en", Optional.empty(), Optional.empty(), new Consent(Share.ANONYMOUS, List.of()),
                    Optional.empty(), Story.Status.RECEIVED);
            IntakeStore.InsertResult result = store.insert(new IntakeStore.NewStoryWrite(story,
                    Hashing.sha256Hex(Hashing.randomToken(16)), Optional.empty(), Optional.empty(), Optional.empty()),
                    Instant.now());
            if (result instanceof IntakeStore.Inserted) {
                return story;
            }
        }
        throw new AssertionError("could not write a story");
    }
}
