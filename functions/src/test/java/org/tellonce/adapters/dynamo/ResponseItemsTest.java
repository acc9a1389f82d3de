package org.tellonce.adapters.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.sms.ResponseNotifier;
import org.tellonce.core.story.Reference;

/** A partner response as the table's stream carries it: sealed to its own key, opened the way the store opens it. */
public class ResponseItemsTest {
    private static final Reference REFERENCE = new Reference("TO-ABC234");
    private static final FieldCipher CIPHER = FieldCipher.fromSecret("a server secret".getBytes(StandardCharsets.UTF_8));
    private static final String PK = Table.storyPk(REFERENCE);
    private static final String SK = Table.responseSk(Instant.parse("2026-03-02T10:05:00Z"), "r-1");

    private static Map<String, String> image(String pk, String sk, String sealed) {
        return Map.of(Table.PK, pk, Table.SK, sk, "responseId", "r-1", "partnerName", "Voluntary Action",
                ResponseItems.TEXT, sealed);
    }

    @Test
    void aResponseItemOpensToWhatThePartnerWrote() {
        String sealed = CIPHER.seal("We have raised it.", ResponseItems.textContext(PK, SK));

        assertThat(ResponseItems.fromImage(image(PK, SK, sealed), CIPHER)).contains(
                new ResponseNotifier.Response(REFERENCE, "r-1", "Voluntary Action", "We have raised it."));
    }

    @Test
    void otherItemsAreNotResponses() {
        assertThat(ResponseItems.fromImage(image(PK, Table.STORY_SK, ""), CIPHER)).isEmpty();
        assertThat(ResponseItems.fromImage(image(Table.feedPk("council"), SK, ""), CIPHER)).isEmpty();
    }

    @Test
    void aSealedTextCopiedToAnotherItemDoesNotOpen() {
        String sealed = CIPHER.seal("We have raised it.", ResponseItems.textContext(PK, SK));
        String otherSk = Table.responseSk(Instant.parse("2026-03-02T10:06:00Z"), "r-2");

        assertThatThrownBy(() -> ResponseItems.fromImage(image(PK, otherSk, sealed), CIPHER))
                .isInstanceOf(RuntimeException.class);
    }
}
