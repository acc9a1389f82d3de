package org.tellonce.core.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

public class RedactorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # UK national, grouped or not, with spaces, dots or dashes
            Ring me on 07700 900123 please       | Ring me on [phone removed] please
            Ring me on 07700900123 please        | Ring me on [phone removed] please
            Landline 0116 496 0123 after six     | Landline [phone removed] after six
            Landline (0116) 4960123 after six    | Landline [phone removed] after six
            Try 07700.900.123 or 0116-496-0123   | Try [phone removed] or [phone removed]
            Text 077 00 90 01 23                 | Text [phone removed]
            London 020 7946 0018                 | London [phone removed]
            Freephone 0800 123 4567 was useless  | Freephone [phone removed] was useless
            # International
            Mobile +44 7700 900123.              | Mobile [phone removed].
            Mobile +44 (0)7700 900123.           | Mobile [phone removed].
            Mobile 0044 7700 900123.             | Mobile [phone removed].
            Mobile +447700900123.                | Mobile [phone removed].
            Mobile +44-7700-900-123.             | Mobile [phone removed].
            My cousin: +1 202 555 0143           | My cousin: [phone removed]
            Mama: +48 22 123 45 67, evenings     | Mama: [phone removed], evenings
            # Glued to words or punctuation
            tel:07700900123                      | tel:[phone removed]
            mob07700900123.                      | mob[phone removed].
            07700900123/07700900124              | [phone removed]/[phone removed]
            # libphonenumber alone misses these: too long, or run together
            Ring 077009001234 (one digit too many) | Ring [phone removed] (one digit too many)
            Ring 07700 9001234                   | Ring [phone removed]
            Ring +44 77009001234                 | Ring [phone removed]
            0770090012307700900124               | [phone removed]
            """)
    void phoneNumbersAreMasked(String text, String masked) {
        assertThat(Redactor.mask(text)).isEqualTo(masked);
    }

    /** Copied from a web page or a phone's contact card, numbers often carry no-break or thin spaces. */
    @ParameterizedTest(name = "U+{0}")
    @CsvSource({"00A0", "2009", "202F", "2007", "0009"})
    void phoneNumbersWithUnusualSpacesAreMasked(String hex) {
        String space = Character.toString(Integer.parseInt(hex, 16));
        String text = "Ring 07700" + space + "900123 or +44" + space + "116" + space + "496" + space + "0123";

        assertThat(Redactor.mask(text)).isEqualTo("Ring [phone removed] or [phone removed]");
    }

    /** Numbers in the resident's own digits are still numbers. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            فون ۰۷۷۰۰ ۹۰۰۱۲۳       | فون [phone removed]
            هاتف ٠٧٧٠٠٩٠٠١٢٣       | هاتف [phone removed]
            tel ０７７００ ９００１２３ | tel [phone removed]
            """)
    void phoneNumbersWrittenInOtherDigitsAreMasked(String text, String masked) {
        assertThat(Redactor.mask(text)).isEqualTo(masked);
    }


    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Write to jo@example.com today               | Write to [email removed] today
            name.surname+tag@sub.example.co.uk wrote    | [email removed] wrote
            (JO.BLOGGS@EXAMPLE.ORG)                     | ([email removed])
            mail: o'brien_99@mail-server.example.ie.    | mail: [email removed].
            07700900123@sms.example.net                 | [email removed]
            two a@b.co,c@d.co                           | two [email removed],[email removed]
            glued a@b.co1@d.co                          | glued [email removed][email removed]
            ząb@poczta.pl                               | [email removed]
            """)
    void emailAddressesAreMasked(String text, String masked) {
        assertThat(Redactor.mask(text)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            I live at LE1 6AB now        | I live at [postcode removed] now
            I live at le16ab now         | I live at [postcode removed] now
            I live at Le1 6aB now        | I live at [postcode removed] now
            Office SW1A 1AA.             | Office [postcode removed].
            M1 1AE                       | [postcode removed]
            B33 8TH,CR2 6XH              | [postcode removed],[postcode removed]
            (DN55 1PT)                   | ([postcode removed])
            Santa at GIR 0AA             | Santa at [postcode removed]
            Santa at gir0aa              | Santa at [postcode removed]
            """)
    void fullUkPostcodesAreMasked(String text, String masked) {
        assertThat(Redactor.mask(text)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Our street in LE1 floods every spring
            The 3 buses an hour became 1
            Since 2024 nothing has changed
            Between 2019 and 2024 rent rose
            It came on 2024-05-01 at 10:30
            Letters dated 12/05/2024 and 01/06/2024
            The bus came at 07:45, then 8.15
            Rent went up by £25 to £1,250 a month
            We waited 20 minutes; 5 years 2 months in total
            Flat 3, 14 High Street
            Order 12345 arrived
            Room 101
            ul. Długa 5, 00-950 Warszawa
            Postcode district LE1 6 only
            LE1 6ABC is not a postcode
            Lines 1 2 3 4 5 6 7 and 8
            From 2023 2024 2025 to 2026
            Reading 12345678 on the meter
            05-01-2024 at 10:30
            """)
    void ordinaryNumbersDistrictsAndDatesStayAsWritten(String text) {
        assertThat(Redactor.mask(text)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            call 07700900123 or email a@b.com at LE1 6AB | call [phone removed] or email [email removed] at [postcode removed]
            LE1 6AB, a@b.com or 07700900123              | [postcode removed], [email removed] or [phone removed]
            a@b.com,07700900123,LE1 6AB                  | [email removed],[phone removed],[postcode removed]
            LE1 6AB 07700 900123 a@b.com                 | [postcode removed] [phone removed] [email removed]
            07700900123LE1 6AB                           | [phone removed][postcode removed]
            """)
    void everyKindIsMaskedInAnyOrderAndSideBySide(String text, String masked) {
        assertThat(Redactor.mask(text)).isEqualTo(masked);
    }

    static Stream<String[]> otherScripts() {
        return Stream.of(
                new String[] {
                    "Ffoniwch fi ar 07700 900123 — dw i'n byw yn CF10 1AA, ger yr ŵyl. E-bost: siân@enghraifft.cymru",
                    "Ffoniwch fi ar [phone removed] — dw i'n byw yn [postcode removed], ger yr ŵyl. E-bost: [email removed]"},
                new String[] {
                    "Zadzwoń pod +48 22 123 45 67 albo napisz: łukasz.żółw@poczta.pl — mieszkam przy LE2 1AB.",
                    "Zadzwoń pod [phone removed] albo napisz: [email removed] — mieszkam przy [postcode removed]."},
                new String[] {
                    "براہ کرم 07700 900123 پر کال کریں، میرا پتہ B33 8TH ہے اور ای میل ali@example.pk",
                    "براہ کرم [phone removed] پر کال کریں، میرا پتہ [postcode removed] ہے اور ای میل [email removed]"});
    }

    @ParameterizedTest
    @MethodSource("otherScripts")
    void textAroundTheMaskedDetailsStaysExactInAnyScript(String text, String masked) {
        assertThat(Redactor.mask(text)).isEqualTo(masked);
    }

    @Test
    void storyWithNothingToMaskIsReturnedUnchanged() {
        String text = "Dydy'r bws ddim wedi dod ers wythnos 🚌\r\n\tCzekamy od 3 tygodni.";

        assertThat(Redactor.mask(text)).isEqualTo(text);
    }

    static Stream<String> awkwardInputs() {
        return Stream.of(
                "",
                " ",
                "@",
                "@@@.@@",
                "++++++++++",
                "0".repeat(5000),
                "0 ".repeat(2500),
                "+0".repeat(2500),
                "1-".repeat(2500),
                "07700900123".repeat(455),
                "a".repeat(5000),
                "a@".repeat(2500),
                "a.".repeat(2500) + "@",
                "LE1 6AB ".repeat(625),
                "\uD800",
                "\uDC00abc",
                "07700\uD800900123",
                "jo@exa\uDBFFmple.com",
                "LE1\uDC006AB",
                "🚌🚌🚌 +44 🚌 7700 🚌 900123 🚌");
    }

    @ParameterizedTest
    @MethodSource("awkwardInputs")
    void awkwardInputNeverMakesMaskingFail(String text) {
        assertThatCode(() -> Redactor.mask(text)).doesNotThrowAnyException();
        assertThat(Redactor.mask(Redactor.mask(text))).isEqualTo(Redactor.mask(text));
    }

    @Test
    void nullIsMaskedToNothing() {
        assertThat(Redactor.mask(null)).isEmpty();
    }

    private static final Pattern SIMPLE_EMAIL = Pattern.compile("[A-Za-z0-9]+@[A-Za-z0-9]+\\.[A-Za-z]{2,}");
    private static final String[] POOLS = {
        "0123456789", "0123456789", "abcdefghLEMSWxyzAB", "ąłśżŵŷ", " ", "@", "+", ".", ".-()/,;:'_£!?\n\t"};
    private static final String[] EMOJI = {"🚌", "🏠", "👩🏽‍🦱", "\uD83D", "\uDE00"};
    /** Pieces of the things masked, to be glued together in odd ways. */
    private static final String[] PIECES = {
        "jo", "@", "@example", "x@y.zz", ".co", ".uk", "LE1", " 6AB", "6ab", "GIR 0AA", "07700", " 900123", "+44", "(0)", "2024"};

    @Test
    void maskingRandomTextNeverFailsIsIdempotentAndLeavesNoEmail() {
        Random random = new Random(20250101L);
        for (int i = 0; i < 2000; i++) {
            String text = randomText(random);

            String masked = Redactor.mask(text);

            assertThat(Redactor.mask(masked)).as("idempotent for %s", text).isEqualTo(masked);
            assertThat(SIMPLE_EMAIL.matcher(masked).find()).as("e-mail left in %s", masked).isFalse();
        }
    }

    /**
     * Runs of one kind of character (digits, letters, a symbol, an emoji or half of one) and pieces of
     * addresses, numbers and postcodes, so that those turn up often and side by side rather than by luck.
     */
    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int runs = random.nextInt(30);
        for (int run = 0; run < runs; run++) {
            int kind = random.nextInt(POOLS.length + 2);
            if (kind == POOLS.length) {
                text.append(EMOJI[random.nextInt(EMOJI.length)]);
                continue;
            }
            if (kind > POOLS.length) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
                continue;
            }
            String pool = POOLS[kind];
            int length = pool.length() > 1 ? 1 + random.nextInt(kind < 2 ? 12 : 5) : 1;
            for (int i = 0; i < length; i++) {
                text.append(pool.charAt(random.nextInt(pool.length())));
            }
        }
        return text.toString();
    }
}
