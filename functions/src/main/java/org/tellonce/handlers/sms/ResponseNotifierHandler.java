package org.tellonce.handlers.sms;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.tellonce.adapters.dynamo.OutcomeItems;
import org.tellonce.adapters.dynamo.ResponseItems;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.core.story.Reference;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.sms.ResponseNotifier;
import org.tellonce.core.verify.ReplyNotifier;
import org.tellonce.handlers.StreamRecords;
import org.tellonce.telemetry.Log;
import org.tellonce.wiring.Wiring;

/**
 * {@code ResponseNotifierFunction}: the table's stream. Each partner response just stored goes to
 * {@link ReplyNotifier}, which texts it to the resident if the story came by SMS, or tells a web
 * resident who asked for it that there is a reply; so does each moderator's decision to reject a story
 * or share an edited version (a story item whose review leaves {@code held}), and each outcome a partner
 * links to a story (its {@code OUTCOME#} link item, SPEC section 13). A record whose
 * text could not be sent is a batch item failure, so the stream retries it.
 */
public final class ResponseNotifierHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final Function<ResponseNotifier.Response, String> notifier;
    private final Function<Reference, String> decisions;
    private final Function<OutcomeItems.Linked, String> outcomes;
    private final FieldCipher cipher;

    public ResponseNotifierHandler() {
        this(Wiring.lambda());
    }

    public ResponseNotifierHandler(Wiring wiring) {
        this(wiring.replyNotifier(), wiring.fieldCipher());
    }

    private ResponseNotifierHandler(ReplyNotifier notifier, FieldCipher cipher) {
        this(notifier::forward, notifier::decision,
                linked -> notifier.outcome(linked.reference(), linked.outcomeId(), linked.partnerName(), linked.title()),
                cipher);
    }

    /**
     * @param notifier tells the resident of a response and says what became of it (for the log)
     * @param cipher   opens the response texts the stream carries sealed
     */
    public ResponseNotifierHandler(Function<ResponseNotifier.Response, String> notifier, FieldCipher cipher) {
        this(notifier, reference -> "decision_not_told", cipher);
    }

    /** @param decisions tells the resident of a moderator's decision on their story (SPEC section 12) */
    public ResponseNotifierHandler(Function<ResponseNotifier.Response, String> notifier,
                                   Function<Reference, String> decisions, FieldCipher cipher) {
        this(notifier, decisions, linked -> "outcome_not_told", cipher);
    }

    /** @param outcomes tells the resident of an outcome a partner linked to their story (SPEC section 13) */
    public ResponseNotifierHandler(Function<ResponseNotifier.Response, String> notifier,
                                   Function<Reference, String> decisions, Function<OutcomeItems.Linked, String> outcomes,
                                   FieldCipher cipher) {
        this.notifier = notifier;
        this.decisions = decisions;
        this.outcomes = outcomes;
        this.cipher = cipher;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : StreamRecords.of(event)) {
            try {
                ResponseItems.fromImage(StreamRecords.inserted(record), cipher).map(notifier)
                        .ifPresent(outcome -> Log.info(ResponseNotifierHandler.class, requestId, "response_notified",
                                outcome.toLowerCase(Locale.ROOT)));
                OutcomeItems.fromImage(StreamRecords.inserted(record)).map(outcomes)
                        .ifPresent(outcome -> Log.info(ResponseNotifierHandler.class, requestId, "outcome_notified",
                                outcome.toLowerCase(Locale.ROOT)));
                Table.decidedStory(StreamRecords.keys(record), StreamRecords.oldImage(record),
                                StreamRecords.newImage(record)).map(decisions)
                        .ifPresent(outcome -> Log.info(ResponseNotifierHandler.class, requestId, "decision_notified",
                                outcome.toLowerCase(Locale.ROOT)));
            } catch (RuntimeException e) {
                Log.error(ResponseNotifierHandler.class, requestId, "notify_failed", Log.describe(e));
                failures.add(StreamRecords.failure(record));
            }
        }
        return new StreamsEventResponse(failures);
    }
}
