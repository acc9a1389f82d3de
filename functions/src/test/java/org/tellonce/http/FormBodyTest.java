package org.tellonce.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormBodyTest {

    private static FormBody form(String body) {
        return FormBody.parse(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void decodesWhatABrowserSends() {
        FormBody form = form("story=The+bus+was+late+%26+the+caf%C3%A9+closed&area=LE1+6AB&name=&website=");

        assertThat(form.single("story")).contains("The bus was late & the café closed");
        assertThat(form.single("area")).contains("LE1 6AB");
        assertThat(form.single("name")).contains("");
        assertThat(form.single("contact")).isEmpty();
    }

    @Test
    void aPlusSignTypedByTheResidentSurvivesAsPercentEncoded() {
        assertThat(form("contact=%2B447700900123").single("contact")).contains("+447700900123");
    }

    @Test
    void ticksOfTheSameCheckboxAreAllKept() {
        FormBody form = form("topics=health&topics=housing&topics=transport");

        assertThat(form.all("topics")).containsExactly("health", "housing", "transport");
        assertThat(form.all("partners")).isEmpty();
    }

    @Test
    void aFieldWithoutAnEqualsSignIsEmpty() {
        assertThat(form("website").single("website")).contains("");
    }

    @Test
    void anEmptyBodyHasNoFields() {
        assertThat(FormBody.parse(new byte[0]).asMap()).isEmpty();
    }

    @Test
    void aSingleValueFieldSentTwiceIsRefused() {
        FormBody form = form("story=first+version&story=second+version");

        assertThatThrownBy(() -> form.single("story"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("story")
                .hasMessageNotContaining("version");
    }

    @Test
    void aRepeatedFieldWithAStrangeNameIsNotEchoedBack() {
        FormBody form = form("%3Cscript%3E=a&%3Cscript%3E=b");

        assertThatThrownBy(() -> form.single("<script>"))
                .isInstanceOf(BadRequestException.class)
                .hasMessageNotContaining("<script>");
    }

    @ParameterizedTest(name = "refuses {0}")
    @ValueSource(strings = {"story=%", "story=%4", "story=abc%", "story=%ZZ", "story=%G1", "story=%-1", "st%ry=x"})
    void brokenPercentEncodingIsABadRequest(String body) {
        assertThatThrownBy(() -> form(body)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("percent-encoding");
    }

    @ParameterizedTest(name = "refuses {0}")
    @ValueSource(strings = {"story=%FF", "story=%C3%28", "story=%C0%AF", "story=%E2%82", "story=%ED%A0%80"})
    void invalidUtf8IsABadRequestNotSilentlyReplaced(String body) {
        assertThatThrownBy(() -> form(body)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void rawUtf8BytesAreDecodedToo() {
        FormBody form = FormBody.parse("story=caf\u00e9".getBytes(StandardCharsets.UTF_8));

        assertThat(form.single("story")).contains("café");
    }

    @Test
    void moreThan200FieldsAreRefused() {
        String body = "topics=health&".repeat(201);

        assertThatThrownBy(() -> form(body)).isInstanceOf(BadRequestException.class);
        assertThat(form("topics=health&".repeat(200)).all("topics")).hasSize(200);
    }
}
