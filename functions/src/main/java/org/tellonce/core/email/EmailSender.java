package org.tellonce.core.email;

/** Sends one plain-text e-mail (Amazon SES in AWS, the local outbox on the local stack). */
public interface EmailSender {
    void send(Email email);

    /**
     * One message to one address; plain text only, so nothing in it is ever rendered as markup.
     * {@code headers}: extra mail headers (such as {@code List-Unsubscribe}), usually none.
     */
    record Email(String to, String subject, String text, java.util.Map<String, String> headers) {
        public Email {
            headers = java.util.Map.copyOf(headers);
        }

        public Email(String to, String subject, String text) {
            this(to, subject, text, java.util.Map.of());
        }
    }
}
