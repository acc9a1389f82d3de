package org.tellonce.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A resident's phone on End User Messaging: texts go to {@code POST /_local/sms}. It reads no replies
 * (one number gets only so many an hour), so a test finds its stories by their text.
 */
public final class TextingResident {
    private static final String OUR_NUMBER = "+447700900000";

    private final Http http;
    private final String number = TestPhones.next();

    public TextingResident(Http http) {
        this.http = http;
    }

    /** In E.164. */
    public String number() {
        return number;
    }

    public void sends(String text) {
        Map<String, String> message = new LinkedHashMap<>();
        message.put("originationNumber", number);
        message.put("destinationNumber", OUR_NUMBER);
        message.put("messageBody", text);
        message.put("inboundMessageId", UUID.randomUUID().toString());
        Http.Reply reply = http.postJson("/_local/sms", Http.write(message));
        if (reply.status() != 202) {
            throw new AssertionError("text not taken: " + reply);
        }
    }

    /**
     * Texts a story and answers the consent question with {@code consent} ({@code YES}, {@code ANON});
     * a yes is followed by its two routing questions (topic, area), both skipped, so it is shared now.
     */
    public void tells(String story, String consent) {
        sends(story);
        sends(consent);
        if (!consent.equalsIgnoreCase("NO")) {
            sends("SKIP");
            sends("SKIP");
        }
    }
}
