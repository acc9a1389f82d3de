package org.tellonce.adapters.sms;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tellonce.core.sms.SmsSender;

/**
 * Where replies go on the local stack instead of a phone: the stack owns one and shows it at
 * {@code GET /_local/sms/outbox}. Selected with {@code SMS_SENDER=local}; never used in AWS.
 */
public final class LocalOutbox implements SmsSender {
    public record Sent(String to, String body, Instant at) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(String toE164, String body) {
        sent.add(new Sent(toE164, body, Instant.now()));
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public void clear() {
        sent.clear();
    }
}
