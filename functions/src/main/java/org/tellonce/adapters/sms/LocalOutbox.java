package org.tellonce.adapters.sms;

import org.tellonce.core.sms.SmsSender;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where replies go on the local stack instead of a phone: {@code GET /_local/sms/outbox} lists
 * them. Selected with {@code SMS_SENDER=local}; never used in AWS.
 */
public final class LocalOutbox implements SmsSender {
    public record Sent(String to, String body, Instant at) {
    }

    private static final List<Sent> SENT = new CopyOnWriteArrayList<>();

    @Override
    public void send(String toE164, String body) {
        SENT.add(new Sent(toE164, body, Instant.now()));
    }

    public static List<Sent> sent() {
        return List.copyOf(SENT);
    }

    public static void clear() {
        SENT.clear();
    }
}
