package org.tellonce.core.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tellonce.core.language.Language;

/** HELP names, in the number's language, every keyword a resident can send about their stories. */
class HelpTextTest {
    private static final Map<Language, Map<String, Keyword>> WORDS = Map.of(
            Language.EN, Map.of("YES", Keyword.YES, "ANON", Keyword.ANON, "NO", Keyword.NO,
                    "WITHDRAW", Keyword.WITHDRAW, "STATUS", Keyword.STATUS, "DELETE", Keyword.DELETE, "STOP", Keyword.STOP),
            Language.CY, Map.of("IE", Keyword.YES, "DIENW", Keyword.ANON, "NA", Keyword.NO,
                    "TYNNU", Keyword.WITHDRAW, "STATWS", Keyword.STATUS, "DILEU", Keyword.DELETE, "STOP", Keyword.STOP),
            Language.PL, Map.of("TAK", Keyword.YES, "ANONIM", Keyword.ANON, "NIE", Keyword.NO,
                    "WYCOFAJ", Keyword.WITHDRAW, "STATUS", Keyword.STATUS, "USUN", Keyword.DELETE, "STOP", Keyword.STOP));

    @Test
    void helpListsEveryStoryKeywordInItsLanguageAndEachWorksAsSent() {
        WORDS.forEach((language, words) -> words.forEach((word, keyword) -> {
            assertThat(SmsTexts.in(language).help()).as(language + " help names " + word).containsPattern("\\b" + word + "\\b");
            assertThat(Keyword.of(word)).as(word).contains(keyword);
        }));
    }
}
