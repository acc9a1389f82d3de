package org.tellonce.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LambdaResponseSizeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void countsWhatAJsonStringOfTheBodyTakesPlainTextByTheByte() {
        assertThat(LambdaResponseSize.envelopeBytes("abc")).isEqualTo(3);
        assertThat(LambdaResponseSize.envelopeBytes("{\"a\":\"b\\\\c\"}")).isEqualTo(12 + 4 + 2);
        assertThat(LambdaResponseSize.envelopeBytes("line\nbreak")).isEqualTo(9 + 6);
    }

    @Test
    void neverCountsLessThanTheBodyTakesInLambdasEnvelopeWhateverItsLetters() throws Exception {
        for (String body : new String[] {"{\"text\":\"Автобус не ходить у неділю\"}", "{\"t\":\"Mae'r bws yn hwyr — ŵ ŷ\"}",
                "{\"t\":\"Autobus się spóźnia 🚌\\n\\\"cytat\\\"\"}", "{\"t\":\"\\u0001\\t\"}"}) {
            long asUtf8 = MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8).length - 2;
            long escapedAscii = MAPPER.writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
                    .writeValueAsString(body).length() - 2;

            assertThat(LambdaResponseSize.envelopeBytes(body)).as(body)
                    .isGreaterThanOrEqualTo(asUtf8).isGreaterThanOrEqualTo(escapedAscii);
        }
    }
}
