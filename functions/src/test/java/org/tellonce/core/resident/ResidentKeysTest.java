package org.tellonce.core.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tellonce.core.intake.ContactParser;
import org.tellonce.core.story.Contact;

public class ResidentKeysTest {
    private final ResidentKeys keys = new ResidentKeys(secret("a-server-secret-of-at-least-32-bytes"));

    private String keyOf(String typedContact) {
        return keys.of(ContactParser.parse(typedContact).orElseThrow());
    }

    @ParameterizedTest(name = "\"{0}\" and \"{1}\" are the same resident")
    @CsvSource(delimiter = '|', value = {
            "jane@example.org|jane@example.org",
            "Jane@Example.ORG|  jane@example.org ",
            "07700 900123|+447700900123",
            "+44 7700 900123|07700900123",
    })
    void theSameContactAlwaysGivesTheSameResidentKey(String first, String second) {
        assertThat(keyOf(first)).isEqualTo(keyOf(second));
    }

    @Test
    void differentContactsAreDifferentResidents() {
        assertThat(keyOf("jane@example.org")).isNotEqualTo(keyOf("john@example.org"));
        assertThat(keyOf("07700 900123")).isNotEqualTo(keyOf("07700 900124"));
    }

    @Test
    void theResidentKeyDoesNotRevealTheContact() {
        String key = keyOf("jane@example.org");

        assertThat(key).matches("[0-9a-f]{64}").doesNotContain("jane");
        assertThat(key).isNotEqualTo(org.tellonce.core.crypto.Hashing.sha256Hex("jane@example.org"));
    }

    @Test
    void anotherSecretGivesAnotherKeySoKeysCannotBeGuessedWithoutIt() {
        ResidentKeys other = new ResidentKeys(secret("another-server-secret-of-32-bytes!!"));
        Contact jane = new Contact.Email("jane@example.org");

        assertThat(other.of(jane)).isNotEqualTo(keys.of(jane));
    }

    static Stream<Arguments> sameText() {
        return Stream.of(
                Arguments.of("The bus was late", "the bus was late"),
                Arguments.of("The bus was late", "THE BUS WAS LATE"),
                Arguments.of("The bus was late", "  The   bus\twas\n\nlate  "),
                Arguments.of("The bus was late", "The bus was late\r\n"),
                Arguments.of("Ｔhe bus was late", "The bus was late"));
    }

    @ParameterizedTest(name = "\"{0}\" is the same text as \"{1}\"")
    @MethodSource("sameText")
    void theDuplicateKeyFoldsCaseAndWhitespace(String first, String second) {
        String resident = keyOf("jane@example.org");

        assertThat(keys.duplicateKey(resident, first)).isEqualTo(keys.duplicateKey(resident, second));
    }

    @Test
    void differentWordsAreADifferentStory() {
        String resident = keyOf("jane@example.org");

        assertThat(keys.duplicateKey(resident, "The bus was late"))
                .isNotEqualTo(keys.duplicateKey(resident, "The bus was later"))
                .isNotEqualTo(keys.duplicateKey(resident, "Thebus was late"));
    }

    @Test
    void theSameTextFromAnotherResidentIsNotADuplicate() {
        assertThat(keys.duplicateKey(keyOf("jane@example.org"), "The bus was late"))
                .isNotEqualTo(keys.duplicateKey(keyOf("john@example.org"), "The bus was late"));
    }

    @Test
    void eachIdempotencyKeyHasItsOwnBoxKey() {
        assertThat(keys.idempotencyBoxKey("key-1")).hasSize(32)
                .isEqualTo(keys.idempotencyBoxKey("key-1"))
                .isNotEqualTo(keys.idempotencyBoxKey("key-2"));
    }

    private static byte[] secret(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
