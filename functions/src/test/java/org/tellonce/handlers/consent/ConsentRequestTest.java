package org.tellonce.handlers.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.consent.ConsentPolicy;
import org.tellonce.http.FormBody;

/** The JSON API and the story page's form decode a consent change into the same choice, for the one policy. */
public class ConsentRequestTest {

    @Test
    void theSameChoiceFromJsonOrFromTheFormIsTheSameChoice() {
        ConsentPolicy.Choice json = ConsentRequest.fromJson(bytes("{\"share\":\" Anonymous \",\"partners\":[\"food-bank\",\"law-centre\"]}"));
        ConsentPolicy.Choice form = ConsentRequest.fromForm(FormBody.parse(bytes(
                "consent=+Anonymous+&partners=food-bank&partners=law-centre")));

        assertThat(json).isEqualTo(form).isEqualTo(new ConsentPolicy.Choice(Optional.of(" Anonymous "),
                Optional.of(List.of("food-bank", "law-centre"))));
    }

    @Test
    void noPartnersSentIsAnEmptyListEitherWay() {
        assertThat(ConsentRequest.fromJson(bytes("{\"share\":\"private\"}")))
                .isEqualTo(ConsentRequest.fromForm(FormBody.parse(bytes("consent=private"))));
    }

    @Test
    void aShareThatIsNotTextIsNotChosenAndPartnersThatAreNotTextsAreNotAList() {
        ConsentPolicy.Choice choice = ConsentRequest.fromJson(bytes("{\"share\":3,\"partners\":[\"food-bank\",7]}"));

        assertThat(choice).isEqualTo(new ConsentPolicy.Choice(Optional.empty(), Optional.empty()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
