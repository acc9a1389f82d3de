package org.tellonce.adapters.dynamo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.tellonce.core.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** Small helpers for hand-written item mapping and for turning outages into one exception. */
public final class Dynamo {
    private Dynamo() {
    }

    /** Runs a call; a network failure, a 5xx or throttling that outlived the SDK's retries means "unavailable". */
    public static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkClientException e) {
            throw new StoreUnavailableException(e);
        } catch (DynamoDbException e) {
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                throw new StoreUnavailableException(e);
            }
            throw e;
        }
    }

    /** The item as it is now (strongly consistent), or an empty map when there is none. */
    public static Map<String, AttributeValue> consistentGet(DynamoDbClient dynamo, String table, String pk, String sk) {
        var item = call(() -> dynamo.getItem(b -> b.tableName(table).key(key(pk, sk)).consistentRead(true))).item();
        return item == null ? Map.of() : item;
    }

    /** Whether the transaction was cancelled because the condition of its item at {@code index} failed. */
    public static boolean failedCheck(java.util.List<software.amazon.awssdk.services.dynamodb.model.CancellationReason> reasons,
                                      int index) {
        return index >= 0 && index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    public static AttributeValue list(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Table.PK, s(pk), Table.SK, s(sk));
    }

    public static Optional<String> string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? Optional.empty() : Optional.of(value.s());
    }

    public static String requireString(Map<String, AttributeValue> item, String name) {
        return string(item, name).orElseThrow(() -> new IllegalStateException("item lacks " + name));
    }

    public static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0L : Long.parseLong(value.n());
    }

    public static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    public static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || !value.hasL()) {
            return List.of();
        }
        return value.l().stream().map(AttributeValue::s).toList();
    }
}
