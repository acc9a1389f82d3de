package org.tellonce.http;

/** The request cannot be understood; the message is safe to show (it never quotes the input). */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
