package org.tellonce.core.sharing;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Postcodes;
import org.tellonce.core.story.Story;

/** Which partners may see a story (SPEC §6): every condition must hold, or the story stays put. */
public final class SharingRule {

    private SharingRule() {
    }

    public static boolean shares(Story story, Partner partner) {
        Consent consent = story.consent();
        // The partner that helped the resident tell it is included as if chosen (SPEC section 15).
        boolean ticked = chosenByResident(story, partner) || story.helpedBy(partner.id());
        return story.status() == Story.Status.RECEIVED
                // Held for a moderator, or kept back by one (SPEC section 12): no partner gets it.
                && !story.review().blocksSharing()
                && consent.share().shares()
                && (consent.partners().isEmpty() || ticked)
                && partner.enabled()
                // A partner the resident ticked gets the story whatever its topics and areas: the
                // resident chose it (SPEC §6).
                && (ticked || (topicsMeet(story.topics(), partner) && areaFits(story.area(), partner.areas())));
    }

    /** Whether the resident named this partner in the story's consent. */
    public static boolean chosenByResident(Story story, Partner partner) {
        return story.consent().partners().contains(partner.id());
    }

    /** The partners that get the story, in the order given. */
    public static List<Partner> audience(Story story, Collection<Partner> partners) {
        return partners.stream().filter(partner -> shares(story, partner)).toList();
    }

    private static boolean topicsMeet(List<String> storyTopics, Partner partner) {
        return partner.takesAllTopics() || storyTopics.stream().anyMatch(partner.topics()::contains);
    }

    private static boolean areaFits(Optional<String> storyArea, List<String> partnerAreas) {
        if (partnerAreas.isEmpty()) {
            return true;
        }
        // A blank entry is a configuration slip, not "everywhere": it covers nothing.
        return storyArea.isPresent() && partnerAreas.stream().anyMatch(area -> Postcodes.covers(area, storyArea.get()));
    }
}
