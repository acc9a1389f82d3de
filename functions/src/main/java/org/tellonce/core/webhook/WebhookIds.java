package org.tellonce.core.webhook;

import java.util.List;
import org.tellonce.core.crypto.Hashing;

/**
 * A {@code webhook-id} is derived from what happened, never drawn at random: a redelivered stream record
 * produces the same id, so the queue drops the copy and a partner that saw it already can tell.
 */
public final class WebhookIds {
    private WebhookIds() {
    }

    /**
     * @param what the event's own key: a share's feed position, a withdrawal's time, a response's or an
     *             outcome's id
     */
    public static String of(WebhookEvent.Type type, String partnerId, String storyId, String what) {
        return "msg_" + Hashing.fieldsSha256Hex(List.of(type.wire(), partnerId, storyId, what)).substring(0, 32);
    }
}
