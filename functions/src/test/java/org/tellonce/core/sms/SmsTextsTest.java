package org.tellonce.core.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tellonce.core.language.Language;
import org.tellonce.core.story.Share;

/** What residents read by SMS, in each language: short, and in the GSM-7 alphabet so it stays cheap. */
public class SmsTextsTest {
    /** GSM 03.38 basic character set (one septet each), with line feed and carriage return. */
    private static final String GSM7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** A multi-part message carries 153 GSM-7 characters a segment. */
    private static final int SEGMENT = 153;
    private static final String REFERENCE = "TO-ABC234";
    private static final String TEMPLATE_TOPICS =
            "health,social-care,mental-health,housing,transport,community-safety,environment,money,education,other";

    private static List<String> everyText(SmsTexts texts) {
        List<String> all = new ArrayList<>(List.of(texts.received(REFERENCE), texts.duplicate(REFERENCE),
                texts.tooShort(), texts.tooLong(), texts.rateLimited(), texts.cannotStore(), texts.nothingPending(),
                texts.withdrawn(0), texts.withdrawn(1), texts.withdrawn(12), texts.started(), texts.stopped(), texts.onIt(), texts.help(),
                texts.languageChosen(), texts.partnerResponse("Healthwatch Leicester", REFERENCE, "Thank you.")));
        for (Share share : Share.values()) {
            all.add(texts.consent(REFERENCE, share));
        }
        // The routing questions, with the longest topic list the template configures, named in this language.
        String topics = new RoutingAnswers(org.tellonce.core.story.Topics.parse(TEMPLATE_TOPICS))
                .numberedList(texts.language());
        all.addAll(List.of(texts.topicQuestion(REFERENCE, topics), texts.topicAgain(topics), texts.areaQuestion(),
                texts.areaAgain(), texts.noStories(), texts.deleteConfirm(REFERENCE), texts.deleted(REFERENCE),
                texts.deleteNotFound(REFERENCE), texts.status(REFERENCE, List.of(), java.util.Optional.empty()),
                texts.status(REFERENCE, List.of("Healthwatch Leicester", "Leicester City Council"),
                        java.util.Optional.of("x".repeat(400)))));
        return all;
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void everyTextIsGsm7AndAtMostTwoSegments(Language language) {
        for (String text : everyText(SmsTexts.in(language))) {
            assertThat(text.chars().filter(c -> GSM7.indexOf(c) < 0).mapToObj(c -> String.valueOf((char) c)).toList())
                    .as("characters outside GSM-7 in: " + text).isEmpty();
            assertThat(text.length()).as(text).isLessThanOrEqualTo(2 * SEGMENT);
            assertThat(text).startsWith("TellOnce: ");
        }
    }

    @Test
    void eachLanguageSpeaksForItselfAndFillsInTheReference() {
        assertThat(SmsTexts.in(Language.EN)).isSameAs(SmsTexts.ENGLISH);
        assertThat(SmsTexts.in(Language.EN).received(REFERENCE)).startsWith("TellOnce: thank you").contains(REFERENCE)
                .contains("YES", "ANON", "NO");
        assertThat(SmsTexts.in(Language.CY).received(REFERENCE)).startsWith("TellOnce: diolch").contains(REFERENCE)
                .contains("IE", "DIENW", "NA");
        assertThat(SmsTexts.in(Language.PL).received(REFERENCE)).startsWith("TellOnce: dziekujemy")
                .contains(REFERENCE).contains("TAK", "ANONIM", "NIE");
        for (Language language : Language.values()) {
            assertThat(SmsTexts.in(language).help()).as(language + ": STOP is always STOP").contains("STOP");
        }
        assertThat(SmsTexts.in(Language.CY).languageChosen()).as("how to get English back").contains("ENGLISH");
        assertThat(SmsTexts.in(Language.PL).languageChosen()).as("how to get English back").contains("ENGLISH");
        assertThat(SmsTexts.ENGLISH.help()).contains("CYMRAEG", "POLSKI");
        assertThat(SmsTexts.ENGLISH.areaQuestion()).contains("area", "LE1", "SKIP");
        assertThat(SmsTexts.in(Language.CY).areaQuestion()).contains("ardal", "LE1", "HEPGOR");
        assertThat(SmsTexts.in(Language.PL).areaQuestion()).contains("obszar", "LE1", "POMIN");
    }

    @Test
    void aPartnersReplyIsPassedOnAsWrittenAndCutAtOneThousandCharacters() {
        String reply = "Dziękujemy – {1} {2} <b>ważne</b>";
        assertThat(SmsTexts.in(Language.PL).partnerResponse("Rada {0}", REFERENCE, reply))
                .isEqualTo("TellOnce: Rada {0} odpowiada w sprawie " + REFERENCE + ": " + reply);
        String longReply = "x".repeat(2000);
        String text = SmsTexts.in(Language.CY).partnerResponse("Cyngor", REFERENCE, longReply);
        assertThat(text).hasSize(SmsTexts.PARTNER_RESPONSE_MAX).endsWith("...");
    }
}
