package org.tellonce.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.core.intake.StoryRequestBuilder.aStory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.core.intake.StoryValidator;
import org.tellonce.core.intake.Violation;
import org.tellonce.core.intake.Violation.Rule;
import org.tellonce.core.language.Language;
import org.tellonce.core.language.Messages;
import org.tellonce.core.partner.PartnerChoice;
import org.tellonce.core.story.Topics;

public class StoryFormErrorsTest {
    private static final Topics TOPICS = Topics.parse("health,housing,other");

    @ParameterizedTest
    @EnumSource(Language.class)
    void aResidentReadsWhatToFixInThePagesLanguageWithTheValidatorsLimits(Language language) {
        StoryRequest input = aStory().story("too short").name("n".repeat(101)).share("identified").build();
        var invalid = (StoryValidator.Invalid) new StoryValidator(TOPICS).validate(input);

        String html = form(language, input, invalid.fields());

        Messages text = Messages.of(language);
        assertThat(html).contains(escaped(text.get("error.story.short", 10)),
                escaped(text.get("error.name.long", 100)), escaped(text.get("error.contact.needed")));
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void theWordsFollowTheViolationNotAnotherLookAtTheInput(Language language) {
        // The input breaks none of these rules: the page must not decide again which one failed.
        StoryRequest input = aStory().contact("jane@example.org").build();
        Map<String, Violation> violations = new LinkedHashMap<>();
        violations.put("story", Violation.limit(Rule.STORY_TOO_LONG, 5000));
        violations.put("name", Violation.of(Rule.NAME_UNPRINTABLE));
        violations.put("contact", Violation.of(Rule.CONTACT_NEEDED));
        violations.put("partners", Violation.of(Rule.PARTNER_NOT_ENABLED));

        String html = form(language, input, violations);

        Messages text = Messages.of(language);
        assertThat(html).contains(escaped(text.get("error.story.long", 5000)),
                escaped(text.get("error.name.characters")), escaped(text.get("error.contact.needed")),
                escaped(text.get("error.partners")));
        assertThat(html).doesNotContain(escaped(text.get("error.contact.invalid")));
    }

    /** A message as the page carries it: the five characters HTML gives meaning to, as entities. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String form(Language language, StoryRequest input, Map<String, Violation> violations) {
        Page page = new Page(language, Messages.of(language), "/", "", Optional.empty(), "/", Optional.empty());
        return Pages.form(page, 400, TOPICS, List.of(new PartnerChoice("healthwatch", "Healthwatch")), input,
                violations, "submission").body();
    }
}
