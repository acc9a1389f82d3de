package org.tellonce.core.story;

import java.util.Locale;
import java.util.Optional;

public enum Channel {
    WEB, SMS;

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
