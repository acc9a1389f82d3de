package org.tellonce.core.feed;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A partner's own work on a story it holds (SPEC sections 7, 11): each partner has its own, kept with
 * its share of the story. A story it never touched is {@code new}.
 */
public enum Handling {
    NEW("new"),
    IN_PROGRESS("in-progress"),
    RESPONDED("responded"),
    CLOSED("closed");

    private final String wire;

    Handling(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Handling> of(String wire) {
        return Arrays.stream(values()).filter(h -> h.wire.equals(wire)).findFirst();
    }

    /** Every value, for messages: "new, in-progress, responded, closed". */
    public static String names() {
        return Arrays.stream(values()).map(Handling::wire).collect(Collectors.joining(", "));
    }
}
