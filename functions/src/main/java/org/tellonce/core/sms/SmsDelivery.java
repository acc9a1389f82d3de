package org.tellonce.core.sms;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Processes each provider message id once, whatever the redelivery: the first delivery claims
 * the id, later ones get the first answer. While the first is still at work, a provider that is
 * answered inline waits for it; one answered by a separate send gets nothing (the first sends).
 */
public final class SmsDelivery {
    /** How long an inline delivery waits for the first delivery's answer (Twilio waits 15 s for a webhook). */
    static final Duration REPLAY_WAIT = Duration.ofSeconds(5);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(400);

    private final Conversation conversation;
    private final SmsStore store;
    private final Clock clock;
    private final Duration replayWait;

    public SmsDelivery(Conversation conversation, SmsStore store, Clock clock) {
        this(conversation, store, clock, REPLAY_WAIT);
    }

    SmsDelivery(Conversation conversation, SmsStore store, Clock clock, Duration replayWait) {
        this.conversation = conversation;
        this.store = store;
        this.clock = clock;
        this.replayWait = replayWait;
    }

    /** What to do with a delivery: reply (first time), or repeat/skip (redelivery). */
    public record Result(Optional<String> reply, boolean firstDelivery) {
        /** For the log: which delivery it was and whether it is answered; never the text. */
        public String summary() {
            return (firstDelivery ? "first" : "redelivery") + (reply.isPresent() ? " reply" : "");
        }
    }

    /**
     * For a provider that answers inline (Twilio's TwiML): nothing to send separately. A delivery that
     * overlaps the first waits (up to {@link #REPLAY_WAIT}) for the first answer and repeats it, so
     * every answer gives the reference; if the first is still at work after that, it says we are on it.
     */
    public Result deliver(InboundSms message) {
        SmsStore.Claim claim = claimOrAwaitFirst(message);
        if (claim instanceof SmsStore.InProgress) {
            return new Result(conversation.stillWorking(message), false);
        }
        return settle(message, claim, reply -> { });
    }

    /** Claims the message, or, while another delivery of it is at work, looks again for a while. */
    private SmsStore.Claim claimOrAwaitFirst(InboundSms message) {
        long until = System.nanoTime() + replayWait.toNanos();
        long pause = FIRST_PAUSE.toMillis();
        SmsStore.Claim claim = claim(message);
        while (claim instanceof SmsStore.InProgress && System.nanoTime() < until) {
            sleep(pause);
            // Backing off: many overlapping deliveries must not slow the store the first one is writing to.
            pause = Math.min(pause * 2, LONGEST_PAUSE.toMillis());
            claim = claim(message);
        }
        return claim;
    }

    /**
     * @param send sends the reply of a first delivery; if it throws, the claim is released so the
     *             provider's retry processes the message again (the story itself is idempotent), and
     *             the exception goes on to make that retry happen. A reply is never lost; only a
     *             crash between sending and recording could send it twice. A delivery overlapping the
     *             first sends nothing: the first sends the reply.
     */
    public Result deliver(InboundSms message, Consumer<String> send) {
        SmsStore.Claim claim = claim(message);
        if (claim instanceof SmsStore.InProgress) {
            return new Result(Optional.empty(), false);
        }
        return settle(message, claim, send);
    }

    private SmsStore.Claim claim(InboundSms message) {
        return store.claimMessage(message.provider(), message.messageId(), clock.instant());
    }

    /** A message processed before is answered as the first time; a claimed one is processed now. */
    private Result settle(InboundSms message, SmsStore.Claim claim, Consumer<String> send) {
        if (claim instanceof SmsStore.Done done) {
            return new Result(done.reply(), false);
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the first delivery's answer", e);
        }
    }
}
