package org.tellonce.core.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tellonce.core.intake.Violation;
import org.tellonce.web.ViolationWords;
import org.tellonce.web.ViolationWordsTest;

class MessagesTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d}");

    @ParameterizedTest
    @EnumSource(value = Language.class, names = {"CY", "PL"})
    void everyTranslationSaysEverythingTheEnglishSaysWithTheSamePlaceholders(Language language) throws IOException {
        Properties english = read("messages.properties");
        Properties translation = read("messages_" + language.tag() + ".properties");

        assertThat(translation.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        for (String key : english.stringPropertyNames()) {
            assertThat(translation.getProperty(key)).as(key).isNotBlank();
            assertThat(placeholders(translation.getProperty(key))).as(key).isEqualTo(placeholders(english.getProperty(key)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Violation.Rule.class)
    void everyValidationRuleHasWordsInEveryLanguageWithItsNumbers(Violation.Rule rule) throws IOException {
        Violation violation = ViolationWordsTest.example(rule);
        String key = ViolationWords.key(rule);
        for (Language language : Language.values()) {
            // Each file itself: a ResourceBundle would quietly fall back to English for a missing key.
            String words = read(language == Language.EN ? "messages.properties"
                    : "messages_" + language.tag() + ".properties").getProperty(key);
            assertThat(words).as(key + " in " + language).isNotBlank();
            assertThat(placeholders(words)).as(key + " in " + language)
                    .hasSize(ViolationWords.arguments(violation).length);
        }
    }

    @Test
    void welshAndPolishLettersAreReadAsUtf8() {
        assertThat(Messages.of(Language.CY).get("erase.title")).isEqualTo("Ydych chi'n siŵr eich bod am ddileu eich stori?");
        assertThat(Messages.of(Language.CY).get("story.keep")).contains("yn ôl");
        assertThat(Messages.of(Language.PL).get("form.submit")).isEqualTo("Wyślij moją historię");
        assertThat(Messages.of(Language.PL).get("story.title")).isEqualTo("Twoja historia została zapisana");
    }

    @Test
    void placeholdersAreFilledAndApostrophesKept() {
        assertThat(Messages.of(Language.CY).get("erase.intro", "TO-7QK4MZ")).isEqualTo("Os byddwch yn dileu stori TO-7QK4MZ:");
        assertThat(Messages.of(Language.EN).get("partner.signIn.body")).contains("organisation's");
    }

    @Test
    void datesAndTopicsAreInThePagesLanguage() {
        Instant at = Instant.parse("2026-03-12T14:05:00Z");
        assertThat(Messages.of(Language.EN).dateTime(at)).isEqualTo("12 March 2026 at 14:05");
        assertThat(Messages.of(Language.CY).dateTime(at)).isEqualTo("12 Mawrth 2026 am 14:05");
        assertThat(Messages.of(Language.PL).dateTime(at)).isEqualTo("12 marca 2026, godz. 14:05");
        assertThat(Messages.of(Language.CY).topic("transport")).isEqualTo("Trafnidiaeth");
        assertThat(Messages.of(Language.PL).topic("a-new-topic")).as("configured without a translation")
                .isEqualTo("A new topic");
        assertThat(Messages.of(Language.PL).languageName("cy")).isEqualTo("walijski");
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static Properties read(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = MessagesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
