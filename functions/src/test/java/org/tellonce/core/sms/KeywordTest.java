package org.tellonce.core.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC §5: keywords are case-insensitive and whole-message only; anything else is a story. */
public class KeywordTest {

    static Stream<Arguments> everyKeywordAndSynonym() {
        return Stream.of(
                Arguments.of("YES", Keyword.YES),
                Arguments.of("ANON", Keyword.ANON),
                Arguments.of("NO", Keyword.NO),
                Arguments.of("STOP", Keyword.STOP),
                Arguments.of("STOPALL", Keyword.STOP),
                Arguments.of("UNSUBSCRIBE", Keyword.STOP),
                Arguments.of("CANCEL", Keyword.STOP),
                Arguments.of("END", Keyword.STOP),
                Arguments.of("QUIT", Keyword.STOP),
                Arguments.of("OPTOUT", Keyword.STOP),
                Arguments.of("OPT-OUT", Keyword.STOP),
                Arguments.of("REMOVE", Keyword.STOP),
                Arguments.of("ARRET", Keyword.STOP),
                Arguments.of("TD", Keyword.STOP),
                Arguments.of("START", Keyword.START),
                Arguments.of("UNSTOP", Keyword.START),
                Arguments.of("WITHDRAW", Keyword.WITHDRAW),
                Arguments.of("HELP", Keyword.HELP),
                Arguments.of("IE", Keyword.YES),
                Arguments.of("TAK", Keyword.YES),
                Arguments.of("DIENW", Keyword.ANON),
                Arguments.of("ANONIM", Keyword.ANON),
                Arguments.of("NA", Keyword.NO),
                Arguments.of("NIE", Keyword.NO),
                Arguments.of("TYNNU", Keyword.WITHDRAW),
                Arguments.of("TYNNU'N ÔL", Keyword.WITHDRAW),
                Arguments.of("TYNNU'N OL", Keyword.WITHDRAW),
                Arguments.of("WYCOFAJ", Keyword.WITHDRAW),
                Arguments.of("CYMORTH", Keyword.HELP),
                Arguments.of("POMOC", Keyword.HELP),
                Arguments.of("ENGLISH", Keyword.ENGLISH),
                Arguments.of("SAESNEG", Keyword.ENGLISH),
                Arguments.of("ANGIELSKI", Keyword.ENGLISH),
                Arguments.of("CYMRAEG", Keyword.WELSH),
                Arguments.of("WELSH", Keyword.WELSH),
                Arguments.of("POLSKI", Keyword.POLISH),
                Arguments.of("POLISH", Keyword.POLISH));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("everyKeywordAndSynonym")
    void everyKeywordIsRecognisedInAnyCase(String word, Keyword keyword) {
        assertThat(Keyword.of(word)).contains(keyword);
        assertThat(Keyword.of(word.toLowerCase(Locale.ROOT))).contains(keyword);
        assertThat(Keyword.of(mixedCase(word))).contains(keyword);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("everyKeywordAndSynonym")
    void whitespaceAroundAKeywordDoesNotMatter(String word, Keyword keyword) {
        assertThat(Keyword.of("  " + word + " ")).contains(keyword);
        assertThat(Keyword.of("\t" + word.toLowerCase(Locale.ROOT) + "\n")).contains(keyword);
        assertThat(Keyword.of("\r\n " + word + "\r\n")).contains(keyword);
    }

    @ParameterizedTest(name = "\"{0}\" is a story")
    @ValueSource(strings = {"yes please", "stop the bus", "Yes, share it", "no thanks", "help me please",
            "STOP STOP", "YE S", "withdrawal", "anonymous", "please stop", "I want to START a group",
            "end of the road", "Y", "OK"})
    void aKeywordInsideALongerMessageIsAStoryNotAKeyword(String message) {
        assertThat(Keyword.of(message)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\n"})
    void anEmptyMessageIsNoKeyword(String message) {
        assertThat(Keyword.of(message)).isEmpty();
    }

    @Test
    void theLanguageKeywordsChooseTheirLanguageAndNoOtherKeywordDoes() {
        assertThat(Keyword.of("cymraeg").flatMap(Keyword::language)).contains(org.tellonce.core.language.Language.CY);
        assertThat(Keyword.of("Polski.").flatMap(Keyword::language)).contains(org.tellonce.core.language.Language.PL);
        assertThat(Keyword.of("english").flatMap(Keyword::language)).contains(org.tellonce.core.language.Language.EN);
        assertThat(Keyword.of("IE").flatMap(Keyword::language)).as("a Welsh synonym does not switch").isEmpty();
        assertThat(Keyword.of("Cymraeg os gwelwch yn dda")).isEmpty();
    }

    @Test
    void aPhonesCurlyApostropheAndDoubleSpacesInAKeywordAreForgiven() {
        assertThat(Keyword.of("tynnu\u2019n ôl")).contains(Keyword.WITHDRAW);
        assertThat(Keyword.of("TYNNU'N  OL")).contains(Keyword.WITHDRAW);
    }

    @Test
    void aFullStopOrExclamationMarkAfterAKeywordIsForgiven() {
        assertThat(Keyword.of("Yes.")).contains(Keyword.YES);
        assertThat(Keyword.of("STOP!")).contains(Keyword.STOP);
        assertThat(Keyword.of(" no . ")).contains(Keyword.NO);
    }

    @Test
    void skipStatusAndDeleteHaveTheirWelshAndPolishWords() {
        assertThat(Keyword.of("skip")).contains(Keyword.SKIP);
        assertThat(Keyword.of("HEPGOR")).contains(Keyword.SKIP);
        assertThat(Keyword.of("pomiń")).contains(Keyword.SKIP);
        assertThat(Keyword.of("Status")).contains(Keyword.STATUS);
        assertThat(Keyword.of("STATWS")).contains(Keyword.STATUS);
        assertThat(Keyword.of("delete")).contains(Keyword.DELETE);
        assertThat(Keyword.of("DILEU")).contains(Keyword.DELETE);
        assertThat(Keyword.of("usuń")).contains(Keyword.DELETE);
    }

    @Test
    void deleteWithAReferenceNamesThatStoryAndNothingElseDoes() {
        assertThat(Keyword.deletion("DELETE TO-ABC234")).map(r -> r.value()).contains("TO-ABC234");
        assertThat(Keyword.deletion("  delete   to-abc234. ")).map(r -> r.value()).contains("TO-ABC234");
        assertThat(Keyword.deletion("DILEU TO-ABC234")).map(r -> r.value()).contains("TO-ABC234");
        assertThat(Keyword.deletion("DELETE")).isEmpty();
        assertThat(Keyword.deletion("DELETE TO-ABC")).isEmpty();
        assertThat(Keyword.deletion("please DELETE TO-ABC234")).isEmpty();
        assertThat(Keyword.deletion("YES TO-ABC234")).isEmpty();
        assertThat(Keyword.of("DELETE TO-ABC234")).as("not a whole-message keyword").isEmpty();
    }

    private static String mixedCase(String word) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            out.append(i % 2 == 0 ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return out.toString();
    }
}
