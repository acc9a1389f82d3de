package org.tellonce.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** DynamoDB Streams records (SDK) turned into the {@code DynamodbEvent} Lambda delivers. */
final class StreamRecords {
    private StreamRecords() {
    }

    static DynamodbEvent event(List<Record> records, String streamArn, String region) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records.stream().map(r -> record(r, streamArn, region)).toList());
        return event;
    }

    static DynamodbEvent.DynamodbStreamRecord record(Record r, String streamArn, String region) {
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(r.eventID());
        out.setEventName(r.eventNameAsString());
        out.setEventVersion(r.eventVersion() == null ? "1.1" : r.eventVersion());
        out.setEventSource("aws:dynamodb");
        out.setAwsRegion(region);
        out.setEventSourceARN(streamArn);
        var d = r.dynamodb();
        StreamRecord sr = new StreamRecord();
        sr.setKeys(map(d.keys()));
        if (d.hasNewImage()) {
            sr.setNewImage(map(d.newImage()));
        }
        if (d.hasOldImage()) {
            sr.setOldImage(map(d.oldImage()));
        }
        sr.setSequenceNumber(d.sequenceNumber());
        sr.setSizeBytes(d.sizeBytes());
        if (d.streamViewTypeAsString() != null) {
            sr.setStreamViewType(StreamViewType.fromValue(d.streamViewTypeAsString()));
        }
        if (d.approximateCreationDateTime() != null) {
            sr.setApproximateCreationDateTime(Date.from(d.approximateCreationDateTime()));
        }
        out.setDynamodb(sr);
        return out;
    }

    static Map<String, AttributeValue> map(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> in) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, value(v)));
        return out;
    }

    static AttributeValue value(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
        AttributeValue out = new AttributeValue();
        if (v.s() != null) {
            out.setS(v.s());
        } else if (v.n() != null) {
            out.setN(v.n());
        } else if (v.b() != null) {
            out.setB(v.b().asByteBuffer());
        } else if (v.bool() != null) {
            out.setBOOL(v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            out.setNULL(true);
        } else if (v.hasSs()) {
            out.setSS(v.ss());
        } else if (v.hasNs()) {
            out.setNS(v.ns());
        } else if (v.hasBs()) {
            out.setBS(v.bs().stream().map(b -> b.asByteBuffer()).toList());
        } else if (v.hasM()) {
            out.setM(map(v.m()));
        } else if (v.hasL()) {
            out.setL(v.l().stream().map(StreamRecords::value).toList());
        }
        return out;
    }
}
