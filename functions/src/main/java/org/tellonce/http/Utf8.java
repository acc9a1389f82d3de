package org.tellonce.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8, in one place: overlong forms, encoded surrogates and truncated sequences are
 * refused, never replaced. The JSON and form readers and the local API use it alike.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The text, or empty when the bytes are not valid UTF-8. */
    public static Optional<String> decode(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    public static boolean isValid(byte[] bytes) {
        return decode(bytes).isPresent();
    }
}
