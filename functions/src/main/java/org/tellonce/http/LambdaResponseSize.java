package org.tellonce.http;

/**
 * How big an answer is where Lambda measures it: Lambda refuses a synchronous response over 6 MB
 * (6,291,456 bytes), and API Gateway's payload 2.0 carries the body inside a JSON envelope as a string.
 * An answer that must fit (a resident's export part) counts itself with {@link #envelopeBytes}.
 */
public final class LambdaResponseSize {
    /** Lambda's limit on a synchronous response. */
    public static final long MAX_BYTES = 6L * 1024 * 1024;

    private LambdaResponseSize() {
    }

    /**
     * The bytes a body takes inside Lambda's response envelope, where it is a JSON string: quotes and
     * backslashes doubled, control characters as {@code \\u00XX}, and (whatever the runtime does) every
     * non-ASCII character counted as a {@code \\uXXXX} escape: an upper bound of its UTF-8 size there.
     */
    public static long envelopeBytes(String body) {
        long bytes = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x20 || c >= 0x80) {
                bytes += 6;
            } else {
                bytes += 1;
            }
        }
        return bytes;
    }
}
