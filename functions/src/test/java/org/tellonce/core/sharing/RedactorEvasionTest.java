package org.tellonce.core.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a resident (or someone trying) might type so that a number, an address or a postcode reads the
 * same to a person but slips past a pattern: every one of these reaches an anonymous partner masked.
 */
class RedactorEvasionTest {

    /** Each of these reached a partner unmasked before the text was folded first (issue #14). */
    static Stream<String> reported() {
        return Stream.of(
                "07700\n900123", "07700,900,123", "07700_900_123", "07700 9OO 123",
                bold("07700 900123"),
                "LE1  1AA", "LE1-1AA", "LE1/1AA", "LE1\n1AA", "L E 1 1 A A", "LE1\u200b1AA",
                "john [at] example dot com", "john(at)example.com", "john @ example.com",
                "john\uFF20example.com", "john\u200b@example.com", "john\u00ad@example.com", "john@example");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reported")
    void everyReportedEvasionIsMasked(String secret) {
        String masked = Redactor.mask("Before " + secret + " after");

        assertThat(masked).startsWith("Before [").endsWith("] after");
        assertThat(masked).doesNotContain("john", "900", "1AA", "9OO", "example");
    }

    /** Hundreds of evasions: each secret written with each trick, alone and two tricks at once. */
    @Test
    void generatedEvasionsAreAllMasked() {
        List<UnaryOperator<String>> tricks = tricks();
        List<String> failures = new ArrayList<>();
        int tried = 0;
        for (Secret secret : SECRETS) {
            for (UnaryOperator<String> first : tricks) {
                for (UnaryOperator<String> second : tricks) {
                    String written = second.apply(first.apply(secret.text()));
                    String story = "My details: " + written + " thanks.";
                    String masked = Redactor.mask(story);
                    tried++;
                    if (secret.leaks(masked)) {
                        failures.add(escape(written) + " -> " + escape(masked));
                    }
                }
            }
        }
        assertThat(tried).isGreaterThan(500);
        assertThat(failures).as("evasions that reached a partner (of %d tried)", tried).isEmpty();
    }

    @Test
    void theResidentsOwnNameIsMaskedInAnAnonymousStory() {
        String text = "My name is Jo Bloggs and my son says BLOGGS is a funny name; Jo loves the library.";

        String masked = Redactor.mask(text, Optional.of("Jo Bloggs"));

        assertThat(masked).isEqualTo(
                "My name is [name removed] and my son says [name removed] is a funny name; [name removed] loves the library.");
    }

    @Test
    void aNameInsideAnotherWordOrANameLikeTheMasksLeavesTheTextAlone() {
        assertThat(Redactor.mask("Joanne and the phone", Optional.of("Jo Phone"))).isEqualTo("Joanne and the phone");
        assertThat(Redactor.mask("Call 07700 900123", Optional.of("Removed"))).isEqualTo("Call [phone removed]");
    }

    @Test
    void foldingKeepsEverydayTextExact() {
        String text = "Cost £1,250 in 2024; the 9 o'clock bus, room 101, LE1 (the district), 12:30, café ﬁne.";

        assertThat(Redactor.mask(text)).isEqualTo(text);
    }

    private record Secret(String text, String mustNotRemain) {
        /** Leaks if the secret's telling part is still readable once the masked text is folded. */
        boolean leaks(String masked) {
            String folded = Normalizer.normalize(masked, Normalizer.Form.NFKC)
                    .replaceAll("[\\u00AD\\u200B-\\u200F\\u2060\\uFEFF]", "")
                    .replaceAll("[\\s,_./\\-()]", "")
                    .replace('O', '0').replace('o', '0')
                    .toLowerCase(java.util.Locale.ROOT);
            return folded.contains(mustNotRemain);
        }
    }

    private static final List<Secret> SECRETS = List.of(
            new Secret("07700 900123", "900123"),
            new Secret("+44 7700 900456", "900456"),
            new Secret("0116 496 0789", "4960789"),
            new Secret("LE1 1AA", "le11aa"),
            new Secret("SW1A 2AA", "sw1a2aa"),
            new Secret("CF10 3NQ", "cf103nq"),
            new Secret("jo.bloggs@example.com", "bloggs@"),
            new Secret("siân@enghraifft.cymru", "siân@"));

    private static List<UnaryOperator<String>> tricks() {
        return List.of(
                s -> s,
                s -> s.replace(" ", "  "),
                s -> s.replace(" ", "\n"),
                s -> s.replace(" ", "-"),
                s -> insertBetweenCharacters(s, "\u200b"),
                s -> insertBetweenCharacters(s, "\u00ad"),
                s -> insertBetweenCharacters(s, "\u2060"),
                RedactorEvasionTest::fullWidth,
                RedactorEvasionTest::bold,
                s -> s.replace("@", " @ "),
                s -> s.replace("@", "\uFF20"),
                s -> s.matches(".*[0-9]{3}.*") && !s.contains("@") ? s.replace("0", "O") : s,
                s -> s.matches("[0-9+ ]+") ? s.replace(" ", ",") : s,
                s -> s.matches("[0-9+ ]+") ? s.replace(" ", "_") : s,
                s -> s.replace(" ", "\u00a0"));
    }

    private static String insertBetweenCharacters(String s, String inserted) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.appendCodePoint(cp).append(inserted));
        return out.substring(0, out.length() - inserted.length());
    }

    private static String fullWidth(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.appendCodePoint(cp >= '!' && cp <= '~' ? cp - '!' + 0xFF01 : cp));
        return out.toString();
    }

    /** Mathematical bold digits (U+1D7CE…): a person reads them as digits. */
    private static String bold(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.appendCodePoint(cp >= '0' && cp <= '9' ? 0x1D7CE + cp - '0' : cp));
        return out.toString();
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.append(cp < 0x20 || (cp > 0x7e && cp < 0xa0) || (cp >= 0x2000 && cp <= 0x206f) || cp == 0xad
                ? String.format("\\u%04x", cp) : Character.toString(cp)));
        return out.toString();
    }

}
