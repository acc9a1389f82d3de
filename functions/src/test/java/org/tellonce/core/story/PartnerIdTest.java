package org.tellonce.core.story;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

public class PartnerIdTest {
    private static final String LONGEST = "a" + "-".repeat(62);

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "food-bank", "9-lives", "a-", "citizens-advice-2"})
    void lowerCaseLettersDigitsAndDashesStartingWithALetterOrDigitAreAPartnerId(String value) {
        assertThat(PartnerId.isValid(value)).isTrue();
        assertThat(PartnerId.parse(value)).map(PartnerId::value).contains(value);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-food", "Food-bank", "food_bank", "food bank", " food", "food ", "food\n",
            "föod", "food.bank", "ａ", "food#1"})
    void anythingElseIsNot(String value) {
        assertThat(PartnerId.isValid(value)).isFalse();
        assertThat(PartnerId.parse(value)).isEmpty();
    }

    @Test
    void atMostSixtyThreeCharacters() {
        assertThat(LONGEST).hasSize(63);
        assertThat(PartnerId.isValid(LONGEST)).isTrue();
        assertThat(PartnerId.isValid(LONGEST + "a")).isFalse();
        assertThat(PartnerId.isValid("a".repeat(63))).isTrue();
        assertThat(PartnerId.isValid("a".repeat(64))).isFalse();
    }

    @Test
    void aPartnerIdCannotBeBuiltFromAnInvalidValue() {
        assertThatThrownBy(() -> new PartnerId("Food")).isInstanceOf(IllegalArgumentException.class);
    }
}
