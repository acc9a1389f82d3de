package org.tellonce.core.feed;

/** A cursor this partner was never given: edited, made up, or another partner's. */
public final class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException() {
        super("cursor");
    }
}
