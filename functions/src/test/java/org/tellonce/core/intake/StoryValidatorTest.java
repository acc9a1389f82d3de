package org.tellonce.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.tellonce.core.intake.StoryRequestBuilder.aStory;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tellonce.core.intake.Violation.Rule;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Topics;
import org.tellonce.web.ViolationWords;

public class StoryValidatorTest {
    private static final Topics TOPICS = Topics.parse("health,social-care,housing,transport,other");
    private final StoryValidator validator = new StoryValidator(TOPICS);

    static Stream<Arguments> acceptedSubmissions() {
        return Stream.of(
                Arguments.of("the default story", aStory()),
                Arguments.of("exactly 10 characters", aStory().story("1234567890")),
                Arguments.of("10 characters once surrounding spaces are trimmed", aStory().story("  1234567890 \n")),
                Arguments.of("exactly 5000 characters", aStory().story("a".repeat(5000))),
                Arguments.of("10 emoji count as 10 characters", aStory().story("😀".repeat(10))),
                Arguments.of("a short sentence of 10 characters with spaces", aStory().story("I'm so sad")),
                Arguments.of("emoji built with joiners (each visible part counts)", aStory().story("👩‍👩‍👧‍👦 👨‍👩‍👧 👩‍🦱👩‍🦱")),
                Arguments.of("5000 emoji count as 5000 characters", aStory().story("😀".repeat(5000))),
                Arguments.of("line breaks and tabs in the story", aStory().story("First line\n\tsecond line\r\nthird")),
                Arguments.of("Welsh and accented text", aStory().story("Mae'r bws i'r ysbyty yn hwyr – café")),
                Arguments.of("topics from the list", aStory().topics("health", "housing")),
                Arguments.of("a postcode district as area", aStory().area("LE1")),
                Arguments.of("an area name", aStory().area("Oadby and Wigston")),
                Arguments.of("a name of 100 characters", aStory().name("n".repeat(100))),
                Arguments.of("an email contact", aStory().contact("jane@example.org")),
                Arguments.of("a UK mobile contact", aStory().contact("07700 900123")),
                Arguments.of("anonymous consent", aStory().share("anonymous")),
                Arguments.of("identified consent with a contact", aStory().share("identified").contact("jane@example.org")),
                Arguments.of("named partners", aStory().share("anonymous").partners("leicester-council", "healthwatch")),
                Arguments.of("a language tag", aStory().language("cy")),
                Arguments.of("a language tag with a region", aStory().language("en-GB")));
    }

    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("acceptedSubmissions")
    void acceptsWhatAResidentMayReasonablySend(String description, StoryRequestBuilder request) {
        assertThat(validator.validate(request.build())).isInstanceOf(StoryValidator.Valid.class);
    }

    static Stream<Arguments> rejectedSubmissions() {
        List<String> offered = TOPICS.all();
        return Stream.of(
                Arguments.of("no story", aStory().story(""), Violation.of(Rule.STORY_EMPTY)),
                Arguments.of("a story of only spaces", aStory().story("   \n\t "), Violation.of(Rule.STORY_EMPTY)),
                Arguments.of("9 characters after trimming", aStory().story("  123456789  "),
                        Violation.limit(Rule.STORY_TOO_SHORT, 10)),
                Arguments.of("20 zero-width spaces", aStory().story("\u200b".repeat(20)), Violation.of(Rule.STORY_EMPTY)),
                Arguments.of("3 letters padded with zero-width joiners and soft hyphens",
                        aStory().story("a\u200d\u200d\u200db\u00ad\u00ad\u00ad\u00ad\u2060\u2060c\uFEFF\uFEFF"),
                        Violation.limit(Rule.STORY_TOO_SHORT, 10)),
                Arguments.of("a letter with 20 combining accents", aStory().story("e" + "\u0301".repeat(20)),
                        Violation.limit(Rule.STORY_TOO_SHORT, 10)),
                Arguments.of("two letters far apart", aStory().story("a" + "\n".repeat(12) + "b"),
                        Violation.limit(Rule.STORY_TOO_SHORT, 10)),
                Arguments.of("9 emoji (18 UTF-16 units)", aStory().story("😀".repeat(9)),
                        Violation.limit(Rule.STORY_TOO_SHORT, 10)),
                Arguments.of("5001 characters", aStory().story("a".repeat(5001)), Violation.limit(Rule.STORY_TOO_LONG, 5000)),
                Arguments.of("5001 emoji", aStory().story("😀".repeat(5001)), Violation.limit(Rule.STORY_TOO_LONG, 5000)),
                Arguments.of("a NUL character", aStory().story("My story has a \u0000 in it"), Violation.of(Rule.STORY_UNPRINTABLE)),
                Arguments.of("a bell character", aStory().story("My story has a \u0007 in it"), Violation.of(Rule.STORY_UNPRINTABLE)),
                Arguments.of("an escape sequence", aStory().story("My story \u001b[31m is red"), Violation.of(Rule.STORY_UNPRINTABLE)),
                Arguments.of("a C1 control character", aStory().story("My story has a \u0085 in it"),
                        Violation.of(Rule.STORY_UNPRINTABLE)),
                Arguments.of("a lone surrogate", aStory().story("My story has a \uD800 in it"), Violation.of(Rule.STORY_UNPRINTABLE)),
                Arguments.of("a short story with a control character", aStory().story("a\u0007b"),
                        Violation.limit(Rule.STORY_TOO_SHORT, 10)),
                Arguments.of("a topic not on the list", aStory().topics("health", "weather"), Violation.topicUnknown(offered)),
                Arguments.of("an area of symbols", aStory().area("<script>"), Violation.of(Rule.AREA_UNRECOGNISED)),
                Arguments.of("an area of digits", aStory().area("12345"), Violation.of(Rule.AREA_UNRECOGNISED)),
                Arguments.of("an area name of 61 characters", aStory().area("A" + "b".repeat(60)), Violation.of(Rule.AREA_UNRECOGNISED)),
                Arguments.of("a name of 101 characters", aStory().name("n".repeat(101)), Violation.limit(Rule.NAME_TOO_LONG, 100)),
                Arguments.of("a name of 101 emoji", aStory().name("😀".repeat(101)), Violation.limit(Rule.NAME_TOO_LONG, 100)),
                Arguments.of("a name with a control character", aStory().name("Jane\u0007Doe"), Violation.of(Rule.NAME_UNPRINTABLE)),
                Arguments.of("a name over two lines", aStory().name("Jane\nDoe"), Violation.of(Rule.NAME_UNPRINTABLE)),
                Arguments.of("a contact that is neither email nor phone", aStory().contact("ring me maybe"),
                        Violation.of(Rule.CONTACT_UNRECOGNISED)),
                Arguments.of("an email without a domain", aStory().contact("jane@"), Violation.of(Rule.CONTACT_UNRECOGNISED)),
                Arguments.of("a phone number too short", aStory().contact("12345"), Violation.of(Rule.CONTACT_UNRECOGNISED)),
                Arguments.of("an unknown consent", aStory().share("everyone"), Violation.of(Rule.SHARE_UNKNOWN)),
                Arguments.of("identified consent without a contact", aStory().share("identified"), Violation.of(Rule.CONTACT_NEEDED)),
                Arguments.of("identified consent with a contact of only spaces", aStory().share("identified").contact("   "),
                        Violation.of(Rule.CONTACT_NEEDED)),
                Arguments.of("identified consent with an unreadable contact: that is what to fix first",
                        aStory().share("identified").contact("ring me maybe"), Violation.of(Rule.CONTACT_UNRECOGNISED)),
                Arguments.of("a partner id with capitals and spaces", aStory().partners("Leicester Council"),
                        Violation.of(Rule.PARTNER_MALFORMED)),
                Arguments.of("51 partners", aStory().partners(partners(51)), Violation.limit(Rule.TOO_MANY_PARTNERS, 50)),
                Arguments.of("a language that is not a tag", aStory().language("english please"), Violation.of(Rule.LANGUAGE_INVALID)),
                Arguments.of("a language of one letter", aStory().language("e"), Violation.of(Rule.LANGUAGE_INVALID)));
    }

    @ParameterizedTest(name = "rejects {0}: {2}")
    @MethodSource("rejectedSubmissions")
    void rejectsEachRuleOnTheFieldToFix(String description, StoryRequestBuilder request, Violation expected) {
        StoryValidator.Result result = validator.validate(request.build());

        assertThat(result).isInstanceOf(StoryValidator.Invalid.class);
        var fields = ((StoryValidator.Invalid) result).fields();
        assertThat(fields).containsExactly(entry(expected.field(), expected));
    }

    @Test
    void fiftyPartnersAreAllowed() {
        assertThat(validator.validate(aStory().share("anonymous").partners(partners(50)).build()))
                .isInstanceOf(StoryValidator.Valid.class);
    }

    @Test
    void messagesNeverQuoteWhatTheResidentTyped() {
        var result = validator.validate(aStory()
                .story("x\u0007secret-story-text")
                .topics("secret-topic")
                .area("secret<area>")
                .contact("secret-contact")
                .language("secret language")
                .share("secret-share")
                .partners("Secret Partner")
                .build());

        var fields = ((StoryValidator.Invalid) result).fields();
        assertThat(fields).containsOnlyKeys("story", "topics", "area", "contact", "language", "consent", "partners");
        assertThat(fields.values()).map(ViolationWords::english).noneMatch(message -> message.toLowerCase().contains("secret"));
        assertThat(fields.values()).flatMap(Violation::offered).doesNotContain("secret-topic");
    }

    @Test
    void everyMistakeIsReportedAtOnce() {
        var result = validator.validate(aStory().story("short").area("!!").name("n".repeat(101)).build());

        assertThat(((StoryValidator.Invalid) result).fields()).containsExactly(
                entry("story", Violation.limit(Rule.STORY_TOO_SHORT, 10)),
                entry("area", Violation.of(Rule.AREA_UNRECOGNISED)),
                entry("name", Violation.limit(Rule.NAME_TOO_LONG, 100)));
    }

    @Test
    void aValidStoryComesOutNormalised() {
        var result = validator.validate(aStory()
                .story("  The bus to the hospital did not come.  \n")
                .topics(" Health ", "housing", "health")
                .area("le1 6ab")
                .name("  Jane Doe ")
                .contact("  Jane.Doe@Example.ORG ")
                .language("CY")
                .share(" Identified ")
                .partners("healthwatch", " healthwatch ")
                .build());

        var story = ((StoryValidator.Valid) result).story();
        assertThat(story.text()).isEqualTo("The bus to the hospital did not come.");
        assertThat(story.topics()).containsExactly("health", "housing");
        assertThat(story.area()).contains("LE1 6");
        assertThat(story.name()).contains("Jane Doe");
        assertThat(story.contact()).contains(new Contact.Email("jane.doe@example.org"));
        assertThat(story.language()).isEqualTo("cy");
        assertThat(story.consent().share()).isEqualTo(Share.IDENTIFIED);
        assertThat(story.consent().partners()).containsExactly("healthwatch");
    }

    @Test
    void consentDefaultsToPrivateAndLanguageToEnglish() {
        var story = ((StoryValidator.Valid) validator.validate(aStory().build())).story();

        assertThat(story.consent().share()).isEqualTo(Share.PRIVATE);
        assertThat(story.consent().partners()).isEmpty();
        assertThat(story.language()).isEqualTo("en");
        assertThat(story.contact()).isEmpty();
        assertThat(story.name()).isEmpty();
        assertThat(story.area()).isEmpty();
    }

    static Stream<Arguments> areas() {
        return Stream.of(
                Arguments.of("LE1", Optional.of("LE1")),
                Arguments.of("le1", Optional.of("LE1")),
                Arguments.of("SW1A", Optional.of("SW1A")),
                Arguments.of("LE1 6AB", Optional.of("LE1 6")),
                Arguments.of("le16ab", Optional.of("LE1 6")),
                Arguments.of("LE1 5", Optional.of("LE1 5")),
                Arguments.of("le1   5", Optional.of("LE1 5")),
                Arguments.of("LE15", Optional.of("LE15")),
                Arguments.of("  Market  Harborough ", Optional.of("Market Harborough")),
                Arguments.of("Ynys Môn", Optional.of("Ynys Môn")),
                Arguments.of("St. Matthew's (Leicester)", Optional.of("St. Matthew's (Leicester)")),
                Arguments.of("<b>", Optional.empty()),
                Arguments.of("9LE", Optional.empty()));
    }

    @ParameterizedTest(name = "area \"{0}\" is kept as {1}")
    @MethodSource("areas")
    void aFullPostcodeIsCutToItsSectorSoWeNeverKeepWhereSomeoneLives(String typed, Optional<String> kept) {
        assertThat(StoryValidator.normaliseArea(typed)).isEqualTo(kept);
    }

    private static String[] partners(int count) {
        List<String> ids = Stream.iterate(1, i -> i + 1).limit(count).map(i -> "partner-" + i).toList();
        return ids.toArray(String[]::new);
    }
}
