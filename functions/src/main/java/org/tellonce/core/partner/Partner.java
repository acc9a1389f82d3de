package org.tellonce.core.partner;

import java.util.List;

/**
 * A partner organisation: what it subscribes to and whether it is enabled. {@code topics} holds
 * topic names or the single entry {@code "*"} (every topic); {@code areas} holds prefixes of a
 * story's area (empty: every area).
 */
public record Partner(String id, String name, List<String> topics, List<String> areas, boolean enabled) {
    public static final String ALL_TOPICS = "*";

    public Partner {
        topics = List.copyOf(topics);
        areas = List.copyOf(areas);
    }

    public boolean takesAllTopics() {
        return topics.contains(ALL_TOPICS);
    }

    public Partner withEnabled(boolean value) {
        return new Partner(id, name, topics, areas, value);
    }
}
