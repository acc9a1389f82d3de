package org.tellonce.core.feed;

/** What a partner may send a resident, by the API or the inbox alike. */
public final class ResponseText {
    private ResponseText() {
    }

    /** 1 to {@link FeedService#RESPONSE_MAX} characters, no control characters but line breaks and tabs. */
    public static boolean acceptable(String text) {
        int length = text.codePointCount(0, text.length());
        return length >= 1 && length <= FeedService.RESPONSE_MAX && text.chars().noneMatch(c ->
                Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
    }
}
