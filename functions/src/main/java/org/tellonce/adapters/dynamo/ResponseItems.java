package org.tellonce.adapters.dynamo;

/** The partner response item ({@code STORY#{reference}} / {@code RESPONSE#{at}#{id}}): what seals its text. */
public final class ResponseItems {
    public static final String TEXT = "text";

    private ResponseItems() {
    }

    /**
     * The encryption context of a response's text: bound to the item's own key, so a sealed text copied
     * to another item does not open. Written once here; the store seals and opens with it, and so does the
     * SMS notifier reading the stream's image.
     */
    public static String textContext(String pk, String sk) {
        return pk + "|" + sk + "|" + TEXT;
    }
}
