package org.tellonce.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tellonce.core.intake.Violation;
import org.tellonce.core.intake.Violation.Rule;
import org.tellonce.core.resident.PartnerDirectory;

/** The words the edge gives each violation: exactly the English the JSON API has always answered. */
public class ViolationWordsTest {
    /** One violation of each rule, with a limit where the rule has one. */
    public static Violation example(Rule rule) {
        return rule == Rule.TOPIC_UNKNOWN ? Violation.topicUnknown(List.of("health", "housing"))
                : rule.hasLimit() ? Violation.limit(rule, 42) : Violation.of(rule);
    }

    @Test
    void theFormQuotesTheLimitTheValidatorDecided() {
        assertThat(ViolationWords.arguments(Violation.limit(Rule.STORY_TOO_LONG, 5000))).containsExactly(5000);
        assertThat(ViolationWords.arguments(Violation.limit(Rule.NAME_TOO_LONG, 100))).containsExactly(100);
        assertThat(ViolationWords.arguments(Violation.limit(Rule.STORY_TOO_SHORT, 10))).containsExactly(10);
    }

    static Stream<Arguments> jsonWords() {
        return Stream.of(
                Arguments.of(Violation.of(Rule.STORY_EMPTY), "Enter your story"),
                Arguments.of(Violation.limit(Rule.STORY_TOO_SHORT, 10), "Your story must be at least 10 characters"),
                Arguments.of(Violation.limit(Rule.STORY_TOO_LONG, 5000), "Your story must be 5000 characters or fewer"),
                Arguments.of(Violation.of(Rule.STORY_UNPRINTABLE),
                        "Your story contains control characters we cannot store; remove them and try again"),
                Arguments.of(Violation.topicUnknown(List.of("health", "housing", "other")),
                        "Choose topics from the list: health, housing, other"),
                Arguments.of(Violation.of(Rule.AREA_UNRECOGNISED),
                        "Enter a postcode district such as LE1, or the name of your area"),
                Arguments.of(Violation.limit(Rule.NAME_TOO_LONG, 100), "Your name must be 100 characters or fewer"),
                Arguments.of(Violation.of(Rule.NAME_UNPRINTABLE), "Your name contains characters we cannot store"),
                Arguments.of(Violation.of(Rule.CONTACT_UNRECOGNISED),
                        "Enter an email address like name@example.com, or a phone number like 07700 900123"),
                Arguments.of(Violation.of(Rule.CONTACT_NEEDED),
                        "To share your details with partners, give an email address or phone number"),
                Arguments.of(Violation.of(Rule.LANGUAGE_INVALID), "Language must be a language tag such as en or cy"),
                Arguments.of(Violation.of(Rule.SHARE_UNKNOWN), "Choose private, anonymous or identified"),
                Arguments.of(Violation.limit(Rule.TOO_MANY_PARTNERS, 50), "Choose at most 50 partners"),
                Arguments.of(Violation.of(Rule.PARTNER_MALFORMED), "Choose partners from the list"),
                Arguments.of(Violation.of(Rule.PARTNER_NOT_ENABLED), PartnerDirectory.NOT_ENABLED));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("jsonWords")
    void theJsonApiKeepsTheEnglishItHasAlwaysAnswered(Violation violation, String english) {
        assertThat(ViolationWords.english(violation)).isEqualTo(english);
    }

    @ParameterizedTest
    @EnumSource(Rule.class)
    void everyRuleHasJsonWords(Rule rule) {
        assertThat(ViolationWords.english(example(rule))).isNotBlank();
    }

    @Test
    void aLimitComesWithExactlyTheRulesThatHaveOne() {
        assertThatThrownBy(() -> Violation.of(Rule.STORY_TOO_LONG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Violation.limit(Rule.STORY_EMPTY, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
