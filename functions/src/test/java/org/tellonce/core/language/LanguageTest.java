package org.tellonce.core.language;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tellonce.http.HttpRequest;
import org.tellonce.web.Languages;
import org.tellonce.web.Page;

class LanguageTest {

    @ParameterizedTest(name = "Accept-Language \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "cy                              | cy",
            "cy-GB,en-GB;q=0.8               | cy",
            "pl-PL,pl;q=0.9,en-US;q=0.8      | pl",
            "fr-FR,fr;q=0.9,pl;q=0.5,en;q=0.4 | pl",
            "en-GB,en;q=0.9,cy;q=0.8         | en",
            "de;q=0.9,cy;q=0                 | en",
            "*                               | en",
            "fr                              | en",
            "not a header;;;q=x              | en"})
    void theBrowsersPreferenceChoosesAmongOurLanguages(String header, String expected) {
        assertThat(Languages.of(request(Map.of("accept-language", header), Map.of(), Map.of())).tag()).isEqualTo(expected);
    }

    @Test
    void theSwitcherBeatsTheRememberedChoiceWhichBeatsTheBrowser() {
        Map<String, String> browserSaysPolish = Map.of("accept-language", "pl");
        assertThat(Languages.of(request(browserSaysPolish, Map.of(Language.COOKIE, "cy"), Map.of())))
                .isEqualTo(Language.CY);
        assertThat(Languages.of(request(browserSaysPolish, Map.of(Language.COOKIE, "cy"), Map.of("lang", "en"))))
                .isEqualTo(Language.EN);
        assertThat(Languages.of(request(browserSaysPolish, Map.of(Language.COOKIE, "xx"), Map.of("lang", "xx"))))
                .as("unknown choices are ignored").isEqualTo(Language.PL);
    }

    @Test
    void theSwitchersChoiceIsRememberedForEveryPage() {
        assertThat(Language.CY.setCookie()).startsWith("lang=cy; Path=/;").contains("Secure", "HttpOnly");
        assertThat(Languages.chosen(request(Map.of(), Map.of(), Map.of("lang", "pl")))).contains(Language.PL);
        assertThat(Languages.chosen(request(Map.of(), Map.of(), Map.of()))).isEqualTo(Optional.empty());
    }

    @Test
    void theSwitcherKeepsThePagesQueryButNotItsOneOffNotice() {
        Page page = Page.of(new HttpRequest("GET", "/partner", Map.of(), Map.of(), Map.of(), Map.of("notice", "reply-sent", "lang", "cy"),
                "topic=health&lang=cy&notice=reply-sent&area=LE1", new byte[0], "-", Map.of()), "/partner");
        assertThat(page.switchHref(Language.PL)).isEqualTo("?topic=health&area=LE1&lang=pl");
        assertThat(page.switchingAt("/partner").switchHref(Language.CY)).isEqualTo("/partner?lang=cy");
        assertThat(page.language()).isEqualTo(Language.CY);
        assertThat(page.hasNotice("reply-sent")).isTrue();
    }

    private static HttpRequest request(Map<String, String> headers, Map<String, String> cookies,
                                       Map<String, String> query) {
        return new HttpRequest("GET", "/", new HashMap<>(headers), cookies, Map.of(), query, "", new byte[0], "-",
                Map.of());
    }
}
