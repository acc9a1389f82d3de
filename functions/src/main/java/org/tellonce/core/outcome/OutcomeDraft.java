package org.tellonce.core.outcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** An outcome as a partner sent it, before it is checked: title, text and the ids of the stories it answers. */
public record OutcomeDraft(String title, String text, List<String> storyIds) {
    public static final int TITLE_MIN = 3;
    public static final int TITLE_MAX = 120;
    public static final int TEXT_MIN = 10;
    public static final int TEXT_MAX = 2000;
    /**
     * The outcome, its Idempotency-Key record and, per story, a check that the story is as it was read and
     * its link, are one transaction: DynamoDB takes at most 100 items in one, so (100 - 2) / 2 stories.
     */
    public static final int STORIES_MAX = 49;

    /** What is wrong with a field; {@link #validate} gives at most one per field. */
    public enum Problem {
        TITLE_LENGTH, TEXT_LENGTH, STORIES_COUNT, STORIES_REPEATED
    }

    public OutcomeDraft {
        title = title == null ? "" : title.strip();
        text = text == null ? "" : text.strip();
        storyIds = storyIds == null ? List.of() : storyIds.stream().map(id -> id == null ? "" : id.strip()).toList();
    }

    /** Field ({@code title}, {@code text}, {@code storyIds}) → what is wrong with it; empty when it may be stored. */
    public Map<String, Problem> validate() {
        Map<String, Problem> problems = new LinkedHashMap<>();
        int titleLength = title.codePointCount(0, title.length());
        if (titleLength < TITLE_MIN || titleLength > TITLE_MAX) {
            problems.put("title", Problem.TITLE_LENGTH);
        }
        int textLength = text.codePointCount(0, text.length());
        if (textLength < TEXT_MIN || textLength > TEXT_MAX) {
            problems.put("text", Problem.TEXT_LENGTH);
        }
        if (storyIds.isEmpty() || storyIds.size() > STORIES_MAX) {
            problems.put("storyIds", Problem.STORIES_COUNT);
        } else if (new LinkedHashSet<>(storyIds).size() != storyIds.size()) {
            problems.put("storyIds", Problem.STORIES_REPEATED);
        }
        return problems;
    }

    /** The ids in a stable order, so the same stories in another order are the same request. */
    public List<String> sortedIds() {
        List<String> ids = new ArrayList<>(storyIds);
        ids.sort(String::compareTo);
        return ids;
    }

    @Override
    public String toString() {
        return "OutcomeDraft[" + storyIds.size() + " stories]";
    }
}
