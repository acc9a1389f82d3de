package org.tellonce.core.moderators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.moderators.Suggestions.Kind;
import org.tellonce.core.moderators.Suggestions.Suggestion;
import org.tellonce.core.sharing.Redactor;

class SuggestionsTest {

    @Test
    void aNameGivenAsANameIsSuggested() {
        assertThat(Suggestions.of("My name is Jo Bloggs and the clinic lost my notes.", Optional.empty()))
                .containsExactly(new Suggestion(Kind.NAME, "Jo Bloggs"));
    }

    @Test
    void aStreetAddressIsSuggested() {
        assertThat(Suggestions.of("They still have not fixed the damp at 12 Acacia Avenue after a year.",
                Optional.empty())).containsExactly(new Suggestion(Kind.ADDRESS, "12 Acacia Avenue"));
    }

    @Test
    void whatMaskingHidesIsSuggestedAsWrittenByTheSameRules() {
        String text = "Ring me on 07700 900123 or write to jo@example.org, I live in LE1 1AA. Jo Bloggs";
        List<Suggestion> found = Suggestions.of(text, Optional.of("Jo Bloggs"));
        assertThat(found).contains(new Suggestion(Kind.PHONE, "07700 900123"),
                new Suggestion(Kind.EMAIL, "jo@example.org"), new Suggestion(Kind.POSTCODE, "LE1 1AA"),
                new Suggestion(Kind.RESIDENT_NAME, "Jo Bloggs"));
        assertThat(found).extracting(Suggestion::kind).doesNotContain(Kind.NAME);
        // The same stretches masking hides: a suggestion never disagrees with what anonymous partners get.
        assertThat(Redactor.find(text, Optional.of("Jo Bloggs"))).extracting(Redactor.Found::text)
                .containsExactly("jo@example.org", "07700 900123", "LE1 1AA", "Jo Bloggs");
    }

    @Test
    void capitalisedWordsMidSentenceLookLikeANameButServicesAndDaysDoNot() {
        assertThat(Suggestions.of("I saw Doctor Anna Kowalska on Monday at the Royal Infirmary, and nurse"
                + " Sam Patel was kind.", Optional.empty())).extracting(Suggestion::text)
                .containsExactly("Anna Kowalska", "Sam Patel");
    }

    @Test
    void welshAndPolishCuesAndStreetsAreFound() {
        assertThat(Suggestions.of("Fy enw i yw Siân Jones, rwy'n byw yn 4 Heol y Bont.", Optional.empty()))
                .contains(new Suggestion(Kind.NAME, "Siân Jones"), new Suggestion(Kind.ADDRESS, "4 Heol y Bont"));
        assertThat(Suggestions.of("Nazywam się Jan Nowak i czekam na wizytę od roku.", Optional.empty()))
                .containsExactly(new Suggestion(Kind.NAME, "Jan Nowak"));
    }

    @Test
    void theTextWithTheSuggestionsTakenIsWhatTheModeratorStartsFrom() {
        String text = "My name is Jo Bloggs, I live at 12 Acacia Avenue, call 07700 900123.";
        List<Suggestion> found = Suggestions.of(text, Optional.empty());
        assertThat(Suggestions.applied(text, Optional.empty(), found))
                .isEqualTo("My name is [name removed], I live at [address removed], call [phone removed].");
    }

    @Test
    void aStoryWithNothingToTakeOutHasNoSuggestions() {
        String text = "The bus to the hospital is always late in the morning.";
        assertThat(Suggestions.of(text, Optional.empty())).isEmpty();
        assertThat(Suggestions.applied(text, Optional.empty(), List.of())).isEqualTo(text);
    }

    @Test
    void aSuggestionNeverPrintsTheResidentsWords() {
        assertThat(new Suggestion(Kind.NAME, "Jo Bloggs").toString()).doesNotContain("Jo");
    }
}
