package org.tellonce.core.sms;

import java.time.Clock;
import java.util.Optional;

/**
 * Processes each provider message id once, whatever the redelivery: the first delivery claims
 * the id, later ones get the first answer (or nothing while the first is still at work).
 */
public final class SmsDelivery {
    private final Conversation conversation;
    private final SmsStore store;
    private final Clock clock;

    public SmsDelivery(Conversation conversation, SmsStore store, Clock clock) {
        this.conversation = conversation;
        this.store = store;
        this.clock = clock;
    }

    /** What to do with a delivery: reply (first time), or repeat/skip (redelivery). */
    public record Result(Optional<String> reply, boolean firstDelivery) {
        /** For the log: which delivery it was and whether it is answered; never the text. */
        public String summary() {
            return (firstDelivery ? "first" : "redelivery") + (reply.isPresent() ? " reply" : "");
        }
    }

    /** For a provider that answers inline (Twilio's TwiML): nothing to send separately. */
    public Result deliver(InboundSms message) {
        return deliver(message, reply -> { });
    }

    /**
     * @param send sends the reply of a first delivery; if it throws, the claim is released so the
     *             provider's retry processes the message again (the story itself is idempotent), and
     *             the exception goes on to make that retry happen. A reply is never lost; only a
     *             crash between sending and recording could send it twice.
     */
    public Result deliver(InboundSms message, java.util.function.Consumer<String> send) {
        SmsStore.Claim claim = store.claimMessage(message.provider(), message.messageId(), clock.instant());
        if (claim instanceof SmsStore.Done done) {
            return new Result(done.reply(), false);
        }
        if (claim instanceof SmsStore.InProgress) {
            return new Result(Optional.empty(), false);
        }
        Optional<String> reply;
        try {
            reply = conversation.handle(message);
            reply.ifPresent(send);
        } catch (RuntimeException e) {
            store.releaseMessage(message.provider(), message.messageId());
            throw e;
        }
        store.completeMessage(message.provider(), message.messageId(), reply, clock.instant());
        return new Result(reply, true);
    }
}
