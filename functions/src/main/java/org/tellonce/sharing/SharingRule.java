package org.tellonce.sharing;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.tellonce.partner.Partner;
import org.tellonce.story.Story;

/** Placeholder until the table-tested rule lands (same API). */
public final class SharingRule {
    private SharingRule() {
    }

    public static boolean shares(Story story, Partner partner) {
        if (story.status() != Story.Status.RECEIVED || !story.consent().share().shares() || !partner.enabled()) {
            return false;
        }
        if (!story.consent().partners().isEmpty() && !story.consent().partners().contains(partner.id())) {
            return false;
        }
        if (!partner.takesAllTopics() && story.topics().stream().noneMatch(partner.topics()::contains)) {
            return false;
        }
        if (partner.areas().isEmpty()) {
            return true;
        }
        String area = story.area().map(a -> a.replace(" ", "").toUpperCase(Locale.ROOT)).orElse(null);
        return area != null && partner.areas().stream()
                .anyMatch(p -> area.startsWith(p.replace(" ", "").toUpperCase(Locale.ROOT)));
    }

    public static List<Partner> audience(Story story, Collection<Partner> partners) {
        return partners.stream().filter(p -> shares(story, p)).toList();
    }
}
