package org.tellonce.core.sms;

/** Sends a text message. Callers have already checked opt-out and reply limits. */
public interface SmsSender {
    void send(String toE164, String body);
}
