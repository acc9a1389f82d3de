package org.tellonce.core.story;

import java.util.Locale;
import java.util.Optional;

/** How a story came in: the web form or API, a text message, or told to a partner's staff (section 15). */
public enum Channel {
    WEB, SMS, ASSISTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Channel> parse(String value) {
        for (Channel channel : values()) {
            if (channel.wire().equals(value)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
