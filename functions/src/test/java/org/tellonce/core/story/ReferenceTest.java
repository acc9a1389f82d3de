package org.tellonce.core.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

public class ReferenceTest {
    private static final String FORMAT = "TO-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}";

    @Test
    void aNewReferenceIsTOAndSixCharactersThatAreHardToMisread() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String value = Reference.random(random).value();
            assertThat(value).matches(FORMAT);
            assertThat(value.substring(3)).doesNotContain("0", "1", "I", "O");
            seen.add(value);
        }
        // 32^6 (about a billion) possibilities: 2000 draws are all different.
        assertThat(seen).hasSize(2000);
    }

    @Test
    void everyCharacterOfTheAlphabetIsUsed() {
        SecureRandom random = new SecureRandom();
        Set<Character> used = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Reference.random(random).value().substring(3).chars().forEach(c -> used.add((char) c));
        }
        assertThat(used).hasSize(Reference.ALPHABET.length());
    }

    @ParameterizedTest(name = "\"{0}\" reads as {1}")
    @CsvSource(delimiter = '|', value = {
            "TO-7QK4MZ|TO-7QK4MZ",
            "to-7qk4mz|TO-7QK4MZ",
            "To-7Qk4mZ|TO-7QK4MZ",
            "  TO-7QK4MZ  |TO-7QK4MZ",
    })
    void whatAResidentTypesIsReadInAnyCaseWithSpacesAround(String typed, String reference) {
        assertThat(Reference.parse(typed)).contains(new Reference(reference));
    }

    @ParameterizedTest(name = "\"{0}\" is not a reference")
    @NullAndEmptySource
    @ValueSource(strings = {"TO-7QK4M", "TO-7QK4MZZ", "TO7QK4MZ", "XX-7QK4MZ", "TO-7QK 4MZ", "TO-0QK4MZ",
            "TO-1QK4MZ", "TO-IQK4MZ", "TO-OQK4MZ", "TO-7QK4M!", "TO-7QK4MZ/../x", "STORY#TO-7QK4MZ"})
    void anythingElseIsNotAReference(String typed) {
        assertThat(Reference.parse(typed)).isEmpty();
    }

    @Test
    void aReferenceCannotBeBuiltFromAnUnnormalisedValue() {
        assertThatThrownBy(() -> new Reference("to-7qk4mz")).isInstanceOf(IllegalArgumentException.class);
    }
}
