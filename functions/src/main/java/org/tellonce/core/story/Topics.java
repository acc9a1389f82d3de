package org.tellonce.core.story;

import java.util.Arrays;
import java.util.List;

/**
 * The configured topic list. template.yaml's {@code Topics} parameter is the single source; it
 * reaches every function as the {@code TOPICS} environment variable (read by the wiring) (the local stack reads the
 * parameter's default from the template).
 */
public final class Topics {
    private final List<String> topics;

    public Topics(List<String> topics) {
        this.topics = List.copyOf(topics);
    }


    public static Topics parse(String commaSeparated) {
        return new Topics(Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList());
    }

    public List<String> all() {
        return topics;
    }

    public boolean contains(String topic) {
        return topics.contains(topic);
    }

    /** "mental-health" reads as "Mental health" on the form. */
    public static String label(String topic) {
        String words = topic.replace('-', ' ').replace('_', ' ');
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
