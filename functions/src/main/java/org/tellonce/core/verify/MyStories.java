package org.tellonce.core.verify;

import java.util.ArrayList;
import java.util.List;
import org.tellonce.core.consent.ConsentStore;
import org.tellonce.core.consent.Owner;
import org.tellonce.core.resident.ResidentRecords;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;

/**
 * What a resident with a session does to all their stories at once, the pages and the JSON API
 * alike; every change is the same conditional write as for one story, guarded by their resident key.
 */
public final class MyStories {
    private final ResidentRecords records;
    private final ResidentStore stories;
    private final ConsentStore consents;

    public MyStories(ResidentRecords records, ResidentStore stories, ConsentStore consents) {
        this.records = records;
        this.stories = stories;
        this.consents = consents;
    }

    /** Every story told from the resident's contact on any channel, newest first, read as it is now. */
    public List<StoredStory> of(String residentKey) {
        List<StoredStory> out = new ArrayList<>();
        for (Reference reference : records.stories(residentKey)) {
            stories.load(reference).filter(s -> s.story().residentKey().filter(residentKey::equals).isPresent())
                    .ifPresent(out::add);
        }
        return out;
    }

    /** Withdraws every story at once; @return how many changed. */
    public int makeAllPrivate(String residentKey) {
        int changed = 0;
        for (StoredStory stored : of(residentKey)) {
            if (stored.story().status() == Story.Status.RECEIVED && !stored.story().consent().equals(Consent.PRIVATE)
                    && consents.changeConsent(stored.story().reference(), new Owner.Resident(residentKey),
                    Consent.PRIVATE)) {
                changed++;
            }
        }
        return changed;
    }

    /** Erases every story and forgets the resident's records (a STOP excepted); @return how many stories. */
    public int eraseAll(String residentKey) {
        int erased = 0;
        for (StoredStory stored : of(residentKey)) {
            if (stored.story().status() == Story.Status.RECEIVED
                    && consents.erase(stored.story().reference(), new Owner.Resident(residentKey))) {
                erased++;
            }
        }
        records.forget(residentKey);
        return erased;
    }

    public boolean replyNotifications(String residentKey) {
        return records.replyNotifications(residentKey);
    }

    public void setReplyNotifications(String residentKey, boolean on) {
        records.setReplyNotifications(residentKey, on);
    }
}
