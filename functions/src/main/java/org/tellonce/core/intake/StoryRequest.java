package org.tellonce.core.intake;

import java.util.List;

/**
 * A story submission as it arrived, from the form or from JSON, before validation. Absent values
 * are empty strings or lists.
 */
public record StoryRequest(
        String story,
        List<String> topics,
        String area,
        String name,
        String contact,
        String language,
        String share,
        List<String> partners,
        String website) {

    public StoryRequest {
        topics = List.copyOf(topics);
        partners = List.copyOf(partners);
    }
}
