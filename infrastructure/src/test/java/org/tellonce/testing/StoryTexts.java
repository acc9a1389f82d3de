package org.tellonce.testing;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Story texts that no other test tells, each ending in a marker of digits (unchanged by the case and
 * whitespace folding of duplicate detection), so a test can count exactly its own stories.
 */
public final class StoryTexts {
    private static final int RUN = 100_000 + new SecureRandom().nextInt(900_000);
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final Pattern MARKER = Pattern.compile("#\\d+-\\d+");

    private StoryTexts() {
    }

    public static String unique(String text) {
        return text + " #" + RUN + "-" + NEXT.incrementAndGet();
    }

    public static String markerOf(String text) {
        Matcher m = MARKER.matcher(text);
        String marker = null;
        while (m.find()) {
            marker = m.group();
        }
        if (marker == null) {
            throw new IllegalArgumentException("not a text from StoryTexts.unique: " + text);
        }
        return marker;
    }
}
