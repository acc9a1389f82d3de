package org.tellonce.handlers.sms;

import org.tellonce.core.sms.Conversation;
import org.tellonce.core.sms.InboundSms;
import org.tellonce.core.sms.SmsSender;
import org.tellonce.core.sms.SmsStore;
import org.tellonce.core.sms.SmsTexts;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.wiring.Wiring;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.telemetry.Log;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.resident.ResidentStore;
import org.tellonce.core.story.StoredStory;
import org.tellonce.adapters.dynamo.ResponseItems;
import org.tellonce.adapters.dynamo.Table;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Contact;
import org.tellonce.core.language.Language;

/**
 * {@code ResponseNotifierFunction}: when a partner answers a story that came by SMS, the resident
 * gets the answer by SMS too (unless opted out), once per response, through the table's stream,
 * in the language the resident chose by SMS or, failing that, the story's recorded language.
 */
public final class ResponseNotifierHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final ResidentStore stories;
    private final SmsStore sms;
    private final ResidentKeys residentKeys;
    private final java.util.function.Function<InboundSms.Provider, SmsSender> senders;
    private final Clock clock;
    private final FieldCipher cipher;

    public ResponseNotifierHandler() {
        this(Wiring.lambda());
    }

    public ResponseNotifierHandler(Wiring wiring) {
        this(wiring.storyStore(), wiring.smsStore(), wiring.residentKeys(), wiring::sender, wiring.clock(),
                wiring.fieldCipher());
    }

    public ResponseNotifierHandler(ResidentStore stories, SmsStore sms, ResidentKeys residentKeys, SmsSender sender,
                                   Clock clock, FieldCipher cipher) {
        this(stories, sms, residentKeys, provider -> sender, clock, cipher);
    }

    /** @param senders the sender for the provider the resident last wrote through */
    public ResponseNotifierHandler(ResidentStore stories, SmsStore sms, ResidentKeys residentKeys,
                                   java.util.function.Function<InboundSms.Provider, SmsSender> senders,
                                   Clock clock, FieldCipher cipher) {
        this.cipher = cipher;
        this.stories = stories;
        this.sms = sms;
        this.residentKeys = residentKeys;
        this.senders = senders;
        this.clock = clock;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        String requestId = context == null ? "-" : context.getAwsRequestId();
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords() == null
                ? List.<DynamodbEvent.DynamodbStreamRecord>of() : event.getRecords()) {
            try {
                notify(record, requestId);
            } catch (RuntimeException e) {
                Log.error(ResponseNotifierHandler.class, requestId, "notify_failed", Log.describe(e));
                failures.add(new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
            }
        }
        return new StreamsEventResponse(failures);
    }

    private void notify(DynamodbEvent.DynamodbStreamRecord record, String requestId) {
        if (!"INSERT".equals(record.getEventName()) || record.getDynamodb() == null
                || record.getDynamodb().getNewImage() == null) {
            return;
        }
        Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
        String pk = string(image, Table.PK);
        String sk = string(image, Table.SK);
        if (!Table.isStoryPk(pk) || !sk.startsWith(Table.RESPONSE_PREFIX)) {
            return;
        }
        Optional<StoredStory> story = Table.referenceFromPk(pk).flatMap(stories::load);
        if (story.isEmpty() || story.get().story().channel() != Channel.SMS
                || !(story.get().story().contact().orElse(null) instanceof Contact.Phone phone)) {
            return;
        }
        String responseId = string(image, "responseId");
        String residentKey = residentKeys.of(phone);
        if (sms.optedOut(residentKey)) {
            return;
        }
        SmsStore.Claim claim = sms.claimMessage(InboundSms.Provider.AWS, "response:" + responseId, clock.instant());
        if (!(claim instanceof SmsStore.Claimed)) {
            return;
        }
        Optional<String> text = Optional.empty();
        if (sms.allowReply(residentKey, clock.instant(), Conversation.REPLIES_PER_HOUR)) {
            // The language the number chose by SMS; else the one the story was told in; else English.
            Language language = sms.language(residentKey)
                    .or(() -> Language.of(story.get().story().language()))
                    .orElse(Language.EN);
            text = Optional.of(SmsTexts.in(language).partnerResponse(string(image, "partnerName"),
                    story.get().story().reference().value(),
                    cipher.open(string(image, ResponseItems.TEXT), ResponseItems.textContext(pk, sk))));
            try {
                senders.apply(sms.provider(residentKey).orElse(InboundSms.Provider.AWS)).send(phone.e164(), text.get());
            } catch (RuntimeException e) {
                // Not sent: the stream retries this record, and the retry must find it claimable, not in progress.
                sms.releaseMessage(InboundSms.Provider.AWS, "response:" + responseId);
                throw e;
            }
        }
        sms.completeMessage(InboundSms.Provider.AWS, "response:" + responseId, text.map(t -> "(sent)"), clock.instant());
        Log.info(ResponseNotifierHandler.class, requestId, "response_sms", text.isPresent() ? "sent" : "limited");
    }

    private static String string(Map<String, AttributeValue> image, String name) {
        AttributeValue value = image.get(name);
        return value == null || value.getS() == null ? "" : value.getS();
    }
}
