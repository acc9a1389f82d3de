package org.tellonce.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tellonce.core.story.Contact;

public class ContactParserTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(delimiter = '|', value = {
            "jane@example.org|jane@example.org",
            "  Jane.Doe@Example.ORG  |jane.doe@example.org",
            "JANE+STORIES@EXAMPLE.CO.UK|jane+stories@example.co.uk",
            "o'brien_99@mail-server.example.ie|o'brien_99@mail-server.example.ie",
            "siân@enghraifft.cymru|siân@enghraifft.cymru",
            "łukasz.żółw@poczta.pl|łukasz.żółw@poczta.pl",
            "jane@xn--bcher-kva.example|jane@xn--bcher-kva.example",
            "jane@example.xn--p1ai|jane@example.xn--p1ai",
    })
    void anEmailIsLowerCasedAndTrimmed(String typed, String normalised) {
        assertThat(ContactParser.parse(typed)).contains(new Contact.Email(normalised));
    }

    @ParameterizedTest(name = "\"{0}\" is +447700900123")
    @ValueSource(strings = {
            "07700 900123",
            "07700900123",
            "  07700 900 123 ",
            "(07700) 900-123",
            "07700.900.123",
            "+447700900123",
            "+44 7700 900123",
            "+44 (0)7700 900123",
            "0044 7700 900123",
    })
    void aUkMobileInAnyUsualFormatBecomesTheSameE164Number(String typed) {
        assertThat(ContactParser.parse(typed)).contains(new Contact.Phone("+447700900123"));
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(delimiter = '|', value = {
            "0116 496 0123|+441164960123",
            "+1 202 555 0143|+12025550143",
            "+353 1 234 5678|+35312345678",
    })
    void landlinesAndInternationalNumbersBecomeE164(String typed, String e164) {
        assertThat(ContactParser.parse(typed)).contains(new Contact.Phone(e164));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {
            "",
            "   ",
            "ring me",
            "jane",
            "jane@",
            "@example.org",
            "jane@example",
            "jane doe@example.org",
            "jane@@example.org",
            "jane@exa mple.org",
            // Issue #14: characters no address has, that a partner's screen or spreadsheet would act on
            "a\u0000b\u202e\u0007@example.com",
            "jane\u202e@example.com",
            "jane\u200b@example.com",
            "xss\"<b>@example.com",
            "<script>@example.com",
            "=hyperlink(\"http://evil.example\")@example.com",
            "=cmd@example.com",
            "+cmd@example.com",
            "-cmd@example.com",
            "jane..doe@example.org",
            ".jane@example.org",
            "jane.@example.org",
            "jane@-example.org",
            "jane@example-.org",
            "jane@example.org.",
            "jane@example.1",
            "jane@exam_ple.org",
            "jane(comment)@example.org",
            "jane@[127.0.0.1]",
            "12345",
            "07700 900123 ext 4",
            "0770090012345678901234567",
    })
    void somethingThatIsNeitherAnEmailNorAPhoneIsRefused(String typed) {
        assertThat(ContactParser.parse(typed)).isEmpty();
    }

    @Test
    void nothingIsNoContact() {
        assertThat(ContactParser.parse(null)).isEmpty();
        assertThat(ContactParser.phone(null)).isEmpty();
    }

    @Test
    void anEmailLongerThanTheStandardAllowsIsRefused() {
        String local = "a".repeat(64);
        String domain = ("b".repeat(60) + ".").repeat(4) + "org";

        assertThat(ContactParser.parse(local + "@" + domain)).isEmpty();
        assertThat(ContactParser.parse("a".repeat(65) + "@example.org")).isEmpty();
    }
}
