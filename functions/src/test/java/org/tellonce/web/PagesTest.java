package org.tellonce.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.core.intake.StoryRequestBuilder.aStory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tellonce.core.language.Language;
import org.tellonce.core.language.Messages;
import org.tellonce.core.partner.PartnerChoice;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;
import org.tellonce.core.story.Topics;
import org.tellonce.http.HttpResponse;

/** The resident pages as the templates render them: what people type is never markup, every page says its language. */
public class PagesTest {
    private static final Topics TOPICS = Topics.parse("health,housing,other");
    private static final String HOSTILE = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";

    @Test
    void whatAResidentTypedComesBackInTheFormAsTextNotMarkup() {
        String html = Pages.form(page(Language.EN), 400, TOPICS, List.of(new PartnerChoice("p1", "<b>Partner</b>")),
                aStory().story(HOSTILE).area(HOSTILE).name(HOSTILE).build(), Map.of(), "submission").body();

        assertThat(html).doesNotContain("<script>", "<img", "<b>Partner")
                .contains(">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</textarea>")
                .contains("id=\"area\" name=\"area\" value=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;")
                .contains("<label for=\"partners\">&lt;b&gt;Partner&lt;/b&gt;</label>");
    }

    @Test
    void theStoryPageShowsTheStoryAndTheRepliesAsText() {
        Story story = new Story("id", new Reference("TO-ABC234"), Instant.parse("2026-03-04T10:15:30Z"), Channel.WEB,
                HOSTILE, List.of("health"), Optional.of(HOSTILE), "en", Optional.empty(), Optional.empty(),
                new Consent(Share.ANONYMOUS, List.of()), Optional.empty(), Story.Status.RECEIVED);
        StoredStory stored = new StoredStory(story, "hash", List.of(new StoredStory.SharedWith("p1", "<i>P</i>")),
                List.of(new StoredStory.PartnerResponse("p1", "<i>P</i>", HOSTILE, Instant.parse("2026-03-05T09:00:00Z"))));

        String html = Pages.story(page(Language.EN), 200, stored, List.of(), Optional.empty(), Map.of()).body();

        assertThat(html).doesNotContain("<script>", "<img", "<i>P")
                .contains("id=\"story-text\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("<li>&lt;i&gt;P&lt;/i&gt;</li>");
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void everyPageSaysItsLanguageAndLinksToTheOthers(Language language) {
        HttpResponse response = Pages.notFound(page(language));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.headers()).containsEntry("content-language", language.tag());
        assertThat(response.body()).startsWith("<!DOCTYPE html>\n<html lang=\"" + language.tag() + "\">")
                .contains("<span aria-current=\"true\" lang=\"" + language.tag() + "\">" + language.ownName() + "</span>")
                .contains("<title>" + Messages.of(language).get("notFound.title").replace("'", "&#39;") + " – TellOnce</title>");
        for (Language other : Language.values()) {
            if (other != language) {
                assertThat(response.body()).contains("<a href=\"?lang=" + other.tag() + "\" hreflang=\"" + other.tag() + "\"");
            }
        }
    }

    private static Page page(Language language) {
        return new Page(language, Messages.of(language), "", "", Optional.empty(), "/", Optional.empty());
    }
}
