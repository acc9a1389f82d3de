package org.tellonce.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.tellonce.adapters.email.LocalEmailOutbox;
import org.tellonce.http.Json;

/** {@code GET /_local/email/outbox}: the e-mails the functions would have sent, oldest first. */
final class LocalEmail {
    private final LocalEmailOutbox outbox;

    LocalEmail(LocalEmailOutbox outbox) {
        this.outbox = outbox;
    }

    LocalApiServer.LocalReply outbox(String method, String query, byte[] body) {
        ArrayNode list = Json.array();
        for (LocalEmailOutbox.Sent sent : outbox.sent()) {
            list.addObject().put("to", sent.email().to()).put("subject", sent.email().subject())
                    .put("text", sent.email().text()).put("at", sent.at().toString());
        }
        return new LocalApiServer.LocalReply(200, "application/json", Json.write(list));
    }
}
