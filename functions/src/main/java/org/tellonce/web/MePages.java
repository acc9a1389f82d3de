package org.tellonce.web;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;
import org.tellonce.http.HttpResponse;

/** "Your stories" at {@code /me}: proving the contact (two steps), then every story told from it. */
public final class MePages {
    private MePages() {
    }

    /** One story as the list shows it: what became of it, never what was told. */
    public record Listed(String reference, String received, String channel, String consent, String sharedWith,
                         String replies) {
    }

    /** The first step (contact) when {@code contact} is null, else the second (the code sent to it). */
    public static HttpResponse signIn(Page page, int status, String contact, Map<String, String> errors) {
        String title = page.t("me.title");
        PageOutput out = page.output();
        JteresidentSignInGenerated.render(out, null, page, errors.isEmpty() ? title : page.t("error.titlePrefix", title),
                contact, errors);
        return page.respond(status, out);
    }

    /**
     * A page of the resident's stories; {@code older} the link to the next (older) page or null,
     * {@code newest} whether this is the first page.
     */
    public static HttpResponse stories(Page page, int status, List<StoredStory> stories, String older, boolean newest,
                                       boolean replies, Map<String, String> errors) {
        String title = page.t("me.title");
        List<Listed> listed = stories.stream().map(s -> listed(page, s)).toList();
        PageOutput out = page.output();
        JtemyStoriesGenerated.render(out, null, page, errors.isEmpty() ? title : page.t("error.titlePrefix", title),
                listed, older, newest, replies, errors);
        return page.respond(status, out);
    }

    private static Listed listed(Page page, StoredStory stored) {
        Story story = stored.story();
        String sharedWith = stored.sharedWith().isEmpty() ? page.t("me.nobody")
                : stored.sharedWith().stream().map(StoredStory.SharedWith::name).collect(Collectors.joining(", "));
        return new Listed(story.reference().value(), page.text().dateTime(story.receivedAt()),
                page.t("story.channel." + story.channel().wire()),
                Pages.consentInWords(page, story.consent().share()), sharedWith,
                Integer.toString(stored.responses().size()));
    }
}
