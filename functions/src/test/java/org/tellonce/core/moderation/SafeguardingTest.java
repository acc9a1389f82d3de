package org.tellonce.core.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tellonce.core.text.Folded;

/** The shipped lists on the cases a safeguarding lead would check first, and the folding they share with masking. */
class SafeguardingTest {
    private final Safeguarding lists = Safeguarding.load();

    @Test
    void theListsAreReadOnceAndCoverEveryConcernInEveryLanguage() {
        assertThat(Safeguarding.load()).isSameAs(lists);
        assertThat(lists.languages()).contains("en", "cy", "pl");
        assertThat(lists.toString()).startsWith("Safeguarding[").contains("en", "cy", "pl");
    }

    @Test
    void everyLanguageHasAListForEveryConcern() {
        for (String language : lists.languages()) {
            for (Concern concern : Concern.values()) {
                String file = "safeguarding/" + language + "/" + concern.wireName() + ".txt";
                assertThat(getClass().getClassLoader().getResource(file)).as(file).isNotNull();
            }
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            risk-to-life      | I want to kill myself
            risk-to-life      | i want to k\u200Bill m\u00ADyself
            risk-to-life      | I’m suicidal
            risk-to-life      | SELF-HARM
            risk-to-life      | myślę o SAMOBÓJSTWIE
            risk-to-life      | mysle o samobojstwie
            risk-to-life      | chcę się zabić
            risk-to-life      | zabiję się
            risk-to-life      | dw i'n meddwl am ladd fy hun
            risk-to-life      | mae e wedi trio lladd ei hun
            domestic-abuse    | mae fy ngŵr yn fy nharo i
            domestic-abuse    | mae fy ngwr yn fy nharo
            domestic-abuse    | mae e'n ei tharo hi
            domestic-abuse    | mae e’n fy nghuro
            domestic-abuse    | my husband hits me
            domestic-abuse    | mąż mnie bije
            abuse-or-neglect  | mae'r plant yn cael eu hesgeuluso
            abuse-or-neglect  | mae'r gofalwr yn esgeuluso nain
            abuse-or-neglect  | babcia jest zaniedbywana
            medical-emergency | mae e'n methu anadlu
            medical-emergency | my dad can't breathe
            """)
    void aDisclosureIsFlaggedWithItsConcern(String concern, String text) {
        assertThat(lists.concerns(text)).contains(Concern.fromWireName(concern).orElseThrow());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            the skills centre course was useful
            I could kill for a coffee
            the bus service is dying
            my phone died
            suicide doors on the car
            the hospital saved my life
            I took my life savings out for the deposit
            I almost had a heart attack at the council tax bill
            cefais fy nharo gan fil anferth
            mae'r parc wedi'i esgeuluso
            park jest zaniedbany
            autobus był tak zatłoczony, że nie mogłem oddychać
            """)
    void anOrdinaryComplaintIsNotFlagged(String text) {
        assertThat(lists.check(text).findings()).isEmpty();
    }

    @Test
    void aLongStoryOfAnyCharactersIsCheckedWithoutFailing() {
        Random random = new Random(17);
        StringBuilder story = new StringBuilder();
        while (story.length() < 5000) {
            story.appendCodePoint(random.nextInt(8) == 0 ? ' ' : random.nextInt(0x3000));
        }
        assertThatCode(() -> lists.check(story.toString())).doesNotThrowAnyException();
        String words = "the bus service is dying and I could kill for a coffee ".repeat(100);
        assertThat(lists.concerns(words)).isEmpty();
        assertThat(lists.concerns(words + " and I want to end my life")).containsExactly(Concern.RISK_TO_LIFE);
    }

    @Test
    void foldingForWordsKeepsTheLengthSoAMatchMapsBackToTheOriginal() {
        String original = "Samobójstwo ŴYR don’t ＫＩＬＬ stra\u00DFe \u0141ódź";
        Folded folded = Folded.of(original);
        assertThat(folded.forWords()).hasSameSizeAs(folded.text());
        assertThat(folded.forWords()).isEqualTo("samobojstwo wyr don't kill straße lodz");
        assertThat(folded.toString()).doesNotContain("Samob", "don");
    }
}
