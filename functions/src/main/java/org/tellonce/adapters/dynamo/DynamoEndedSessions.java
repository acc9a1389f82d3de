package org.tellonce.adapters.dynamo;

import static org.tellonce.adapters.dynamo.Dynamo.n;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.partner.PartnerSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Inbox sessions signed out on the server: one small item per session (its id hashed), which DynamoDB's
 * TTL removes once the session would have expired anyway.
 */
public final class DynamoEndedSessions implements PartnerSession.EndedSessions {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoEndedSessions(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void end(String sessionId, Instant expires) {
        Map<String, AttributeValue> item = new HashMap<>(key(sessionId));
        item.put(Table.TTL, n(expires.getEpochSecond()));
        Dynamo.call(() -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public boolean ended(String sessionId) {
        Map<String, AttributeValue> item = Dynamo.call(() -> dynamo.getItem(b -> b.tableName(table)
                .key(key(sessionId)).consistentRead(true))).item();
        return item != null && !item.isEmpty();
    }

    private static Map<String, AttributeValue> key(String sessionId) {
        return Dynamo.key(Table.sessionEndPk(Hashing.sha256Hex(sessionId)), Table.SESSION_END_SK);
    }
}
