package org.tellonce.core.email;

/** Sends one plain-text e-mail (Amazon SES in AWS, the local outbox on the local stack). */
public interface EmailSender {
    void send(Email email);

    /** One message to one address; plain text only, so nothing in it is ever rendered as markup. */
    record Email(String to, String subject, String text) {
    }
}
