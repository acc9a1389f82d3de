package org.tellonce.adapters.email;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tellonce.core.email.EmailSender;

/**
 * Where e-mail goes on the local stack instead of an inbox: the stack owns one and shows it at
 * {@code GET /_local/email/outbox}. Selected with {@code EMAIL_SENDER=local}; never used in AWS.
 */
public final class LocalEmailOutbox implements EmailSender {
    public record Sent(Email email, Instant at) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(Email email) {
        sent.add(new Sent(email, Instant.now()));
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public void clear() {
        sent.clear();
    }
}
