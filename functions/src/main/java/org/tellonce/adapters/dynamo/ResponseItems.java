package org.tellonce.adapters.dynamo;

import java.util.Map;
import java.util.Optional;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.sms.ResponseNotifier;

/** The partner response item ({@code STORY#{reference}} / {@code RESPONSE#{at}#{id}}): what seals its text. */
public final class ResponseItems {
    public static final String TEXT = "text";
    static final String RESPONSE_ID = "responseId";
    static final String PARTNER_NAME = "partnerName";

    private ResponseItems() {
    }

    /**
     * The encryption context of a response's text: bound to the item's own key, so a sealed text copied
     * to another item does not open. Written once here; the store seals and opens with it, and so does
     * {@link #fromImage} for the SMS notifier reading the stream.
     */
    public static String textContext(String pk, String sk) {
        return pk + "|" + sk + "|" + TEXT;
    }

    /** Opens a response's sealed text with the context of the item it was read from. */
    static String openText(FieldCipher cipher, String pk, String sk, String sealed) {
        return cipher.open(sealed, textContext(pk, sk));
    }

    /**
     * A response item as the table's stream shows it (its string attributes), its text opened; empty
     * for any other item.
     */
    public static Optional<ResponseNotifier.Response> fromImage(Map<String, String> image, FieldCipher cipher) {
        String pk = image.getOrDefault(Table.PK, "");
        String sk = image.getOrDefault(Table.SK, "");
        if (!sk.startsWith(Table.RESPONSE_PREFIX)) {
            return Optional.empty();
        }
        return Table.referenceFromPk(pk).map(reference -> new ResponseNotifier.Response(reference,
                image.getOrDefault(RESPONSE_ID, ""), image.getOrDefault(PARTNER_NAME, ""),
                openText(cipher, pk, sk, image.getOrDefault(TEXT, ""))));
    }
}
