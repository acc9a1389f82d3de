package org.tellonce.core.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The phrase files' syntax, on small made-up lists: what a safeguarding lead writes is what is matched. */
class SafeguardingSyntaxTest {

    private static Safeguarding list(String phrases) {
        return Safeguarding.of(Map.of("en/risk-to-life.txt", phrases));
    }

    private static boolean flags(String phrases, String text) {
        return !list(phrases).concerns(text).isEmpty();
    }

    @ParameterizedTest(name = "{0} / {1} → {2}")
    @CsvSource(delimiterString = " => ", textBlock = """
            kill => I will kill him => true
            kill => what a skill => false
            kill => the kills were counted => false
            kill => killjoy => false
            kill* => he kills, she killed => true
            kill* => reskilling course => false
            kill* => skills centre => false
            hit|beat => he beat me => true
            hit|beat => he beats me => false
            want to [really] die => i want to die => true
            want to [really] die => i want to really die => true
            want to [really] die => i want to really truly die => false
            want to [really|truly] die => i want to truly die => true
            [at all] cannot cope => cannot cope => true
            kill (my self|myself) => kill my self => true
            kill (my self|myself) => kill myself => true
            kill (my self|myself) => kill my own self => false
            threatened ... kill => threatened to kill => true
            threatened ... kill => threatened that he would kill => true
            threatened ... kill => threatened it and then he would kill => false
            threatened ... kill => threatened kill => true
            dont want to live => don't want to live => true
            dont want to live => don’t want to live => true
            dont want to live => DONT WANT TO LIVE => true
            don't want to live => dont want to live => true
            self harm => self-harm => true
            self harm => self — harm => true
            self harm => selfharm => false
            """)
    void aPhraseMatchesWholeWordsAsWritten(String phrase, String text, boolean flagged) {
        assertThat(flags(phrase, text)).isEqualTo(flagged);
    }

    @ParameterizedTest
    @ValueSource(strings = {"I want\nto   die", "I want, to... die!!", "I WANT TO DIE", "i want to die.",
        "Ｉ ｗａｎｔ ｔｏ ｄｉｅ", "I wa\u200Bnt to d\u00ADie", "I want\r\n\r\nto\tdie", "\"want\" (to) 'die'"})
    void punctuationSpacingCaseAndInvisibleCharactersDoNotHideAPhrase(String text) {
        assertThat(flags("want to die", text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"samobójstwo", "SAMOBÓJSTWO", "samobojstwo", "Samobójczy", "samobójstwie", "samobo\u0301jstwo"})
    void polishLettersAndTheirEndingsMatchAStemWrittenWithOrWithoutThem(String text) {
        assertThat(flags("samobój*", text)).isTrue();
        assertThat(flags("samoboj*", text)).isTrue();
    }

    @Test
    void aTildeWordMatchesEveryInitialMutationFromTheLanguagesTable() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("cy/mutations.txt", "t = d nh th\nll = l\nc = g ngh ch\ng = - ng\na = ha\n");
        files.put("cy/domestic-abuse.txt", "fy ~taro\n~lladd fy hun\n~curo\n~gwr\n~anadlu\n");
        Safeguarding lists = Safeguarding.of(files);
        for (String text : new String[] {"fy taro", "fy nharo i", "fy daro", "fy tharo", "lladd fy hun", "ladd fy hun",
            "curo", "guro", "nghuro", "churo", "gŵr", "ŵr", "ngŵr", "hanadlu", "anadlu"}) {
            assertThat(lists.concerns(text)).as(text).containsExactly(Concern.DOMESTIC_ABUSE);
        }
        for (String text : new String[] {"fy maro", "nladd fy hun", "ffaro", "rhuro", "gwrando"}) {
            assertThat(lists.concerns(text)).as(text).isEmpty();
        }
    }

    @Test
    void mutationsApplyOnlyWhereTheyAreAskedFor() {
        Map<String, String> files = Map.of("cy/mutations.txt", "t = d nh th\n", "cy/domestic-abuse.txt", "taro\n");
        assertThat(Safeguarding.of(files).concerns("nharo")).isEmpty();
        assertThat(Safeguarding.of(files).concerns("taro")).containsExactly(Concern.DOMESTIC_ABUSE);
    }

    @Test
    void aNotAConcernPhraseDropsOnlyTheMatchesItCoversEntirely() {
        Safeguarding lists = Safeguarding.of(Map.of(
                "en/risk-to-life.txt", "suicid*\n",
                "en/not-a-concern.txt", "suicide doors\n"));
        assertThat(lists.concerns("my car has suicide doors")).isEmpty();
        assertThat(lists.concerns("suicide doors on the car, and I think about suicide")).containsExactly(Concern.RISK_TO_LIFE);
        assertThat(lists.concerns("suicidal")).containsExactly(Concern.RISK_TO_LIFE);
    }

    @Test
    void everyLanguagesListsAreCheckedWhateverLanguageTheTextIsIn() {
        Safeguarding lists = Safeguarding.of(Map.of(
                "en/medical-emergency.txt", "chest pain*\n",
                "cy/risk-to-life.txt", "eisiau marw\n",
                "pl/domestic-abuse.txt", "mąż mnie bije\n"));
        assertThat(lists.concerns("Dw i eisiau marw, and my dad has chest pains. Mąż mnie bije."))
                .containsExactlyInAnyOrder(Concern.RISK_TO_LIFE, Concern.MEDICAL_EMERGENCY, Concern.DOMESTIC_ABUSE);
        assertThat(lists.languages()).containsExactly("cy", "en", "pl");
    }

    @Test
    void aFindingNamesThePhraseItsFileAndLineNeverTheText() {
        Safeguarding lists = Safeguarding.of(Map.of("en/risk-to-life.txt", "# comment\n\nkill* (myself|my self)  # note\n"));
        Safeguarding.Result result = lists.check("Jo Bloggs of 12 Acacia Avenue: I will kill myself");
        assertThat(result.findings()).containsExactly(new Safeguarding.Finding(Concern.RISK_TO_LIFE, "en",
                "kill* (myself|my self)", "en/risk-to-life.txt", 3));
        assertThat(result.toString()).doesNotContain("Jo", "Bloggs", "Acacia", "I will");
        assertThat(lists.toString()).isEqualTo("Safeguarding[1 phrases in en]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            kill (myself => en/risk-to-life.txt:1: '(' is not closed with ')'
            kill myself] => en/risk-to-life.txt:1: ']' without an opening bracket
            ki* => en/risk-to-life.txt:1: 'ki*': a stem needs at least 3 letters
            kill-myself => en/risk-to-life.txt:1: 'kill-myself' is not a word
            kill| => en/risk-to-life.txt:1: '' is not a word
            [really] => en/risk-to-life.txt:1: a phrase needs at least one word that is always there
            kill [my [own] self] => en/risk-to-life.txt:1: brackets cannot hold brackets or ...
            kill (a||b) => en/risk-to-life.txt:1: an empty choice between | in brackets
            """)
    void aLineThatCannotBeReadFailsWithItsFileAndLine(String phrase, String message) {
        assertThatThrownBy(() -> list(phrase)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void aFileThatIsNotAConcernsListIsRefused() {
        assertThatThrownBy(() -> Safeguarding.of(Map.of("en/risk-to-lfie.txt", "kill"))).hasMessageContaining("risk-to-lfie");
        assertThatThrownBy(() -> Safeguarding.of(Map.of("cy/mutations.txt", "t d nh"))).hasMessageContaining("cy/mutations.txt:1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(.*+?[]{}\\^$|", "kill* [myself] (a|b) ... ~taro", "\\Q\\E", "a(b", "[[[[", "))))", "***",
        "\u0000\uFFFF\uD800", "\uD83D\uDE00 kill \uD83D\uDE00 myself", "~~~", "....", "|||", "#not a comment"})
    void textWithRegexOrPhraseSyntaxCharactersIsOnlyText(String text) {
        Safeguarding lists = list("kill* (myself|my self)\nwant to [really] die\n");
        assertThatCode(() -> lists.check(text)).doesNotThrowAnyException();
        assertThatCode(() -> Safeguarding.load().check(text)).doesNotThrowAnyException();
        assertThat(lists.concerns("\uD83D\uDE00 kill \uD83D\uDE00 myself")).containsExactly(Concern.RISK_TO_LIFE);
        assertThat(lists.concerns("kill* [myself]")).containsExactly(Concern.RISK_TO_LIFE);
    }

    @Test
    void anEmptyOrMissingTextRaisesNothing() {
        assertThat(Safeguarding.load().concerns("")).isEmpty();
        assertThat(Safeguarding.load().concerns(null)).isEmpty();
        assertThat(Safeguarding.load().concerns("   \n\t ")).isEmpty();
    }

    @Test
    void concernsHaveTheirWireNames() {
        assertThat(Set.of(Concern.values())).extracting(Concern::wireName)
                .containsExactlyInAnyOrder("risk-to-life", "abuse-or-neglect", "domestic-abuse", "medical-emergency");
        assertThat(Concern.fromWireName("domestic-abuse")).contains(Concern.DOMESTIC_ABUSE);
        assertThat(Concern.fromWireName("DOMESTIC_ABUSE")).isEmpty();
    }
}
