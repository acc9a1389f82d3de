package org.tellonce.core.resident;

import java.util.List;
import org.tellonce.core.partner.PartnerChoice;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.sharing.SharingRule;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;

/** The partners a resident can pick for a story on the consent form. */
public final class PartnerChoices {
    private PartnerChoices() {
    }

    /**
     * The partners the story would reach if it were shared with "any partner" (enabled, working on its
     * topics and area), plus any its consent names already, so ticking one always means something.
     */
    public static List<PartnerChoice> forStory(StoredStory stored, PartnerStore partners) {
        Story story = stored.story();
        Story sharedWithAny = new Story(story.storyId(), story.reference(), story.receivedAt(), story.channel(),
                story.text(), story.topics(), story.area(), story.language(), story.name(), story.contact(),
                new Consent(Share.ANONYMOUS, List.of()), story.residentKey(), story.status(),
                story.contactProven(), story.assisted());
        return partners.all().stream()
                .filter(p -> SharingRule.shares(sharedWithAny, p) || story.consent().partners().contains(p.id()))
                .map(p -> new PartnerChoice(p.id(), p.name()))
                .toList();
    }
}
