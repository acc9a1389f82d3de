package org.tellonce.handlers;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the table's stream handlers read of a record: its string attributes and its id for retries. */
public final class StreamRecords {
    private StreamRecords() {
    }

    public static List<DynamodbEvent.DynamodbStreamRecord> of(DynamodbEvent event) {
        return event == null || event.getRecords() == null ? List.of() : event.getRecords();
    }

    /** The string attributes of a record's keys (the only other types the table holds are not needed here). */
    public static Map<String, String> keys(DynamodbEvent.DynamodbStreamRecord record) {
        return strings(record.getDynamodb() == null ? null : record.getDynamodb().getKeys());
    }

    /** The string attributes of an inserted item; empty for any other change. */
    public static Map<String, String> inserted(DynamodbEvent.DynamodbStreamRecord record) {
        return "INSERT".equals(record.getEventName()) && record.getDynamodb() != null
                ? strings(record.getDynamodb().getNewImage()) : Map.of();
    }

    /** The string attributes of the item before the change; empty for an insert. */
    public static Map<String, String> oldImage(DynamodbEvent.DynamodbStreamRecord record) {
        return strings(record.getDynamodb() == null ? null : record.getDynamodb().getOldImage());
    }

    /** The string attributes of the item after the change; empty for a removal. */
    public static Map<String, String> newImage(DynamodbEvent.DynamodbStreamRecord record) {
        return strings(record.getDynamodb() == null ? null : record.getDynamodb().getNewImage());
    }

    /** What a retry of this record resumes from: its sequence number. */
    public static String id(DynamodbEvent.DynamodbStreamRecord record) {
        return record.getDynamodb() == null ? record.getEventID() : record.getDynamodb().getSequenceNumber();
    }

    /** Reports the record for retry: Lambda resumes from it. */
    public static StreamsEventResponse.BatchItemFailure failure(DynamodbEvent.DynamodbStreamRecord record) {
        return new StreamsEventResponse.BatchItemFailure(id(record));
    }

    private static Map<String, String> strings(Map<String, AttributeValue> image) {
        Map<String, String> out = new HashMap<>();
        if (image != null) {
            image.forEach((name, value) -> {
                if (value != null && value.getS() != null) {
                    out.put(name, value.getS());
                }
            });
        }
        return out;
    }
}
