package org.tellonce.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tellonce.core.moderators.Suggestions;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Story;
import org.tellonce.http.HttpResponse;

/**
 * The moderators' pages (SPEC §12): the queue (never a story's text) and one held story with its
 * suggested redactions and the approve and reject forms. Every value is escaped by the templates.
 */
public final class ModerationPages {
    public static final String QUEUE = "/moderation";
    public static final String NOTICE_APPROVED = "approved";
    public static final String NOTICE_REJECTED = "rejected";
    public static final String NOTICE_ALREADY_DECIDED = "already-decided";

    private ModerationPages() {
    }

    /** A line of the queue: what a moderator needs to choose what to read next, never the text. */
    record Line(String reference, String heldAt, String waiting, String concerns, boolean flagged, String channel,
                String language, String consent) {
    }

    record QueueModel(String title, boolean flaggedOnly, List<Line> lines, String previous, String next) {
    }

    /** A term of a story's description and its value in words. */
    record Term(String term, String value) {
    }

    /** A suggestion in words: why, and the words as written. */
    record Suggested(String why, String text) {
    }

    record StoryModel(String title, String reference, boolean held, String decided, List<Term> terms, String lang,
                      String text, List<Suggested> suggestions, String suggestedText, Map<String, String> errors,
                      String draftText, String draftReason) {
    }

    public static HttpResponse queue(Page page, boolean flaggedOnly, List<Story> stories, Instant now,
                                     String previousHref, String nextHref) {
        List<Line> lines = stories.stream().map(s -> line(page, s, now)).toList();
        QueueModel model = new QueueModel(page.t("moderation.queue.title"), flaggedOnly, lines, previousHref, nextHref);
        PageOutput out = page.output();
        JtemoderationQueueGenerated.render(out, null, page, model);
        return page.respond(200, out);
    }

    private static Line line(Page page, Story story, Instant now) {
        Instant held = story.review().heldAt().orElse(story.receivedAt());
        return new Line(story.reference().value(), page.text().dateTime(held), waiting(page, held, now),
                concerns(page, story.review()), story.review().flagged(),
                page.t("story.channel." + story.channel().wire()), page.text().languageName(story.language()),
                page.t("moderation.consent." + story.consent().share().wire()));
    }

    /** "3 hours", "2 days": how long a resident has been waiting. */
    static String waiting(Page page, Instant held, Instant now) {
        Duration d = Duration.between(held, now);
        if (d.toHours() < 1) {
            return page.t("moderation.waiting.minutes", Math.max(0, d.toMinutes()));
        }
        if (d.toHours() < 48) {
            return page.t("moderation.waiting.hours", d.toHours());
        }
        return page.t("moderation.waiting.days", d.toDays());
    }

    static String concerns(Page page, Review review) {
        if (!review.flagged()) {
            return page.t("moderation.concern.none");
        }
        return String.join(", ", review.concerns().stream().map(c -> page.t("moderation.concern." + c)).toList());
    }

    /**
     * One story: its text, what it is about and how it may be shared, the suggestions, and (while it is
     * held) the approve form prefilled with the suggestions taken and the reject form.
     */
    public static HttpResponse story(Page page, int status, Story story, List<Suggestions.Suggestion> suggestions,
                                     Map<String, String> errors, String draftText, String draftReason) {
        Review review = story.review();
        List<Term> terms = new ArrayList<>();
        terms.add(new Term(page.t("moderation.story.held"),
                page.text().dateTime(review.heldAt().orElse(story.receivedAt()))));
        terms.add(new Term(page.t("moderation.story.concerns"), concerns(page, review)));
        terms.add(new Term(page.t("story.channel"), page.t("story.channel." + story.channel().wire())));
        terms.add(new Term(page.t("partner.story.language"), page.text().languageName(story.language())));
        List<String> topics = story.topics().stream().map(page.text()::topic).toList();
        terms.add(new Term(page.t("story.topics"), topics.isEmpty() ? page.t("partner.story.none")
                : String.join(", ", topics)));
        terms.add(new Term(page.t("story.area"), story.area().orElse(page.t("partner.story.none"))));
        terms.add(new Term(page.t("moderation.story.consent"),
                page.t("moderation.consent." + story.consent().share().wire())));
        List<Suggested> suggested = suggestions.stream()
                .map(s -> new Suggested(page.t("moderation.suggestion." + s.kind().wire()), s.text())).toList();
        boolean held = review.state() == Review.State.HELD;
        String decided = held ? null : page.t("moderation.story.decided." + review.state().wire());
        String prefilled = draftText != null ? draftText
                : Suggestions.applied(story.text(), story.name(), suggestions);
        String title = page.t("moderation.story.title", story.reference().value());
        StoryModel model = new StoryModel(errors.isEmpty() ? title : page.t("error.titlePrefix", title),
                story.reference().value(), held, decided, terms, lang(story.language()), story.text(), suggested,
                prefilled, errors, prefilled, draftReason == null ? "" : draftReason);
        PageOutput out = page.output();
        JtemoderationStoryGenerated.render(out, null, page, model);
        return page.respond(status, out);
    }

    /** Not signed in (401: the staff sign-in link), not allowed (403), or no such held story (404). */
    public static HttpResponse refused(Page page, int status) {
        String kind = status == 401 ? "signIn" : status == 404 ? "notFound" : status == 400 ? "unreadable"
                : "forbidden";
        PageOutput out = page.output();
        JteproblemGenerated.render(out, null, page, page.t("moderation." + kind + ".title"),
                page.t("moderation." + kind + ".body"), status == 401 ? "/staff/sign-in" : QUEUE,
                "moderation." + kind + ".link");
        return page.respond(status, out);
    }

    private static String lang(String language) {
        return language == null || language.isBlank() ? "en" : language;
    }
}
