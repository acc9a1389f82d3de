package org.tellonce.export;

/**
 * Small-number suppression: a count of residents from 1 to {@code below - 1} is shown as
 * {@code <below}, so a rare combination (one story about housing from one area in one week) does
 * not point at a person. {@code below = 0} (the default) shows every count. Primary suppression
 * only: totals are not adjusted, so a hidden cell can sometimes be worked out by subtraction.
 */
public record SmallNumbers(int below) {
    public static final SmallNumbers OFF = new SmallNumbers(0);

    public SmallNumbers {
        if (below < 0) {
            throw new IllegalArgumentException("--suppress-below must be 0 (off) or more");
        }
    }

    public boolean hides(long count) {
        return count > 0 && count < below;
    }

    public String show(long count) {
        return hides(count) ? "<" + below : Long.toString(count);
    }
}
