package org.tellonce.sms;

import org.tellonce.story.Share;

/** What TellOnce says by SMS. Kept short: every 160 characters is another message to pay for. */
public final class SmsTexts {
    private SmsTexts() {
    }

    public static String received(String reference) {
        return "TellOnce: thank you, your story is saved as " + reference + ". May we share it with local partner "
                + "organisations? Reply YES (with your number), ANON (without it) or NO (keep it private).";
    }

    public static String duplicate(String reference) {
        return "TellOnce: we already have this story from you (" + reference + "). You do not need to send it again.";
    }

    public static String tooShort() {
        return "TellOnce: please tell us a little more (at least 10 characters) so we can save your story.";
    }

    public static String tooLong() {
        return "TellOnce: that message is too long for one story (5000 characters at most). Please shorten it.";
    }

    public static String rateLimited() {
        return "TellOnce: we have had many messages from you this hour. Please send more later.";
    }

    public static String cannotStore() {
        return "TellOnce: we could not save that message. Please send your story again as plain text.";
    }

    public static String consent(String reference, Share share) {
        return switch (share) {
            case IDENTIFIED -> "TellOnce: " + reference + " will be shared with partners with your number, so they "
                    + "can reply. Reply WITHDRAW at any time to stop sharing.";
            case ANONYMOUS -> "TellOnce: " + reference + " will be shared with partners without your number or "
                    + "details. Reply WITHDRAW at any time to stop sharing.";
            case PRIVATE -> "TellOnce: " + reference + " stays private. Nobody else will see it.";
        };
    }

    public static String nothingPending() {
        return "TellOnce: we have no story waiting for your answer. To tell us something, just send it as a message.";
    }

    public static String withdrawn(int stories) {
        if (stories == 0) {
            return "TellOnce: we have no stories from this number, so nothing has changed.";
        }
        return "TellOnce: done. " + (stories == 1 ? "Your story is" : "Your " + stories + " stories are")
                + " now private and no longer shared.";
    }

    public static String started() {
        return "TellOnce: you will get our messages again. Reply STOP to stop.";
    }

    public static String help() {
        return "TellOnce: send your story as a message and we keep it once. Reply YES, ANON or NO to share it, "
                + "WITHDRAW to stop sharing, STOP to stop messages.";
    }

    public static String partnerResponse(String partnerName, String reference, String text) {
        String body = "TellOnce: " + partnerName + " replied about " + reference + ": " + text;
        return body.length() > 1000 ? body.substring(0, 997) + "..." : body;
    }
}
