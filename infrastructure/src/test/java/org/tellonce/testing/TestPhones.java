package org.tellonce.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Phone numbers for tests, each used once per run: Ofcom's drama range 07700 900000–900999, which
 * is never given to a real subscriber.
 */
public final class TestPhones {
    private static final AtomicInteger NEXT = new AtomicInteger(100);

    private TestPhones() {
    }

    /** A number no other test of this run uses, in E.164 ({@code +447700900123}). */
    public static String next() {
        int n = NEXT.getAndIncrement();
        if (n > 999) {
            throw new IllegalStateException("out of drama-range test numbers");
        }
        return "+447700900" + n;
    }

    /** The same number as a resident in the UK types it ({@code 07700 900123}). */
    public static String national(String e164) {
        if (!e164.startsWith("+447700900")) {
            throw new IllegalArgumentException("not a test number: " + e164);
        }
        return "07700 900" + e164.substring("+447700900".length());
    }
}
