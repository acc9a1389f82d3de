package org.tellonce.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

public class SecretBoxTest {
    private static final byte[] KEY = key(1);
    private static final byte[] OTHER_KEY = key(2);

    @Test
    void whatIsSealedOpensWithTheSameKey() {
        SecretBox box = new SecretBox(KEY);

        assertThat(box.open(box.seal("manage-token-AbC_123"))).contains("manage-token-AbC_123");
        assertThat(box.open(box.seal(""))).contains("");
        assertThat(box.open(box.seal("café 😀"))).contains("café 😀");
    }

    @Test
    void theSealedFormDoesNotShowThePlaintext() {
        String sealed = new SecretBox(KEY).seal("manage-token-AbC_123");

        assertThat(sealed).doesNotContain("manage-token");
        assertThat(new String(Base64.getDecoder().decode(sealed), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("manage-token");
    }

    @Test
    void sealingTheSameTextTwiceGivesDifferentBoxes() {
        SecretBox box = new SecretBox(KEY);

        assertThat(box.seal("same text")).isNotEqualTo(box.seal("same text"));
    }

    @Test
    void aBoxSealedWithAnotherKeyDoesNotOpen() {
        String sealed = new SecretBox(OTHER_KEY).seal("manage-token");

        assertThat(new SecretBox(KEY).open(sealed)).isEmpty();
    }

    @Test
    void aTamperedBoxDoesNotOpen() {
        SecretBox box = new SecretBox(KEY);
        byte[] bytes = Base64.getDecoder().decode(box.seal("manage-token"));
        bytes[bytes.length - 1] ^= 1;

        assertThat(box.open(Base64.getEncoder().encodeToString(bytes))).isEmpty();
    }

    @Test
    void somethingThatIsNotABoxDoesNotOpen() {
        SecretBox box = new SecretBox(KEY);

        assertThat(box.open("")).isEmpty();
        assertThat(box.open("not base64 at all!")).isEmpty();
        assertThat(box.open(Base64.getEncoder().encodeToString(new byte[12]))).isEmpty();
        assertThat(box.open(Base64.getEncoder().encodeToString(new byte[40]))).isEmpty();
    }

    @Test
    void onlyA256BitKeyIsAccepted() {
        assertThatThrownBy(() -> new SecretBox(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecretBox(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
