package org.tellonce.core;

import org.tellonce.core.crypto.Hashing;

/** What a writer does when a concurrent write held the same items: wait a little, then try again. */
public final class Contention {
    private Contention() {
    }

    /** Full jitter on an exponential base: racing writers spread out instead of colliding again. */
    public static void backOff(int attempt) {
        try {
            long cap = Math.min(200, 10L << attempt);
            Thread.sleep(1 + Hashing.random().nextInt((int) cap));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
