package org.tellonce.sms;

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
    }

    public Result deliver(InboundSms message) {
        SmsStore.Claim claim = store.claimMessage(message.provider(), message.messageId(), clock.instant());
        if (claim instanceof SmsStore.Done done) {
            return new Result(done.reply(), false);
        }
        if (claim instanceof SmsStore.InProgress) {
            return new Result(Optional.empty(), false);
        }
        Optional<String> reply = conversation.handle(message);
        store.completeMessage(message.provider(), message.messageId(), reply, clock.instant());
        return new Result(reply, true);
    }
}
