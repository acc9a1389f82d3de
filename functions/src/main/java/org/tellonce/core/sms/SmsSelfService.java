package org.tellonce.core.sms;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import org.tellonce.core.consent.ConsentStore;
import org.tellonce.core.consent.Owner;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;

/**
 * STATUS and DELETE by SMS (SPEC §5): a number sees and erases only its own stories. A story of another
 * number, one erased already and one that never existed get the same answer, so nothing is revealed.
 * Erasing is the web's erasure ({@link ConsentStore#erase}), guarded by the story's own token hash.
 */
public final class SmsSelfService {
    private final SmsStore sms;
    private final ResidentStore stories;
    private final ConsentStore erasure;

    public SmsSelfService(SmsStore sms, ResidentStore stories, ConsentStore erasure) {
        this.sms = sms;
        this.stories = stories;
        this.erasure = erasure;
    }

    /** The newest story's reference, the partners who have it, and the latest reply. */
    public String status(String residentKey, SmsTexts texts) {
        return newest(residentKey).map(stored -> texts.status(stored.story().reference().value(),
                        stored.sharedWith().stream().map(StoredStory.SharedWith::name).toList(),
                        stored.responses().stream().max(Comparator.comparing(StoredStory.PartnerResponse::at))
                                .map(StoredStory.PartnerResponse::text)))
                .orElseGet(texts::noStories);
    }

    /** DELETE on its own: asks to confirm with the newest story's reference. */
    public String confirmDelete(String residentKey, SmsTexts texts) {
        return newest(residentKey).map(stored -> texts.deleteConfirm(stored.story().reference().value()))
                .orElseGet(texts::noStories);
    }

    /** DELETE TO-XXXXXX: erases that story if it came from this number. */
    public String delete(String residentKey, Reference reference, SmsTexts texts) {
        Optional<StoredStory> theirs = stories.load(reference).filter(stored -> isTheirs(stored, residentKey));
        boolean erased = theirs.isPresent() && erasure.erase(reference, new Owner.Resident(residentKey));
        return erased ? texts.deleted(reference.value()) : texts.deleteNotFound(reference.value());
    }

    /**
     * The newest story still theirs: the index is newest first, so only the stories down to that one are
     * read (one for most residents), not every story a number ever sent.
     */
    private Optional<StoredStory> newest(String residentKey) {
        return sms.stories(residentKey).stream().map(stories::load).flatMap(Optional::stream)
                .filter(stored -> isTheirs(stored, residentKey))
                .findFirst();
    }

    private static boolean isTheirs(StoredStory stored, String residentKey) {
        Story story = stored.story();
        return story.status() == Story.Status.RECEIVED && Objects.equals(story.residentKey(), Optional.of(residentKey));
    }
}
