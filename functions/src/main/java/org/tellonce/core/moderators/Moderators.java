package org.tellonce.core.moderators;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tellonce.core.access.AccessRecorder;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Policy;
import org.tellonce.core.intake.Limits;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Story;

/**
 * The moderator's work (SPEC §12): the queue, one held story with what might be taken out of it, and
 * the decision. Who may is {@link Policy#moderate}/{@link Policy#queue}; every view of a story's text
 * and every decision is in the story's access log.
 */
public final class Moderators {
    public static final int PAGE_SIZE = 25;
    public static final int REASON_MAX = 1000;
    /** A story id as intake makes them (a UUID); anything else is looked up nowhere. */
    private static final Pattern STORY_ID = Pattern.compile("[0-9a-f-]{36}");

    private final ModerationStore store;
    private final AccessRecorder recorder;
    private final Clock clock;

    public Moderators(ModerationStore store, AccessRecorder recorder, Clock clock) {
        this.store = store;
        this.recorder = recorder;
        this.clock = clock;
    }

    public ModerationStore store() {
        return store;
    }

    /** A page of the queue as the actor may see it; empty when their role sees none (the caller answers 403). */
    public Optional<ModerationStore.Page> queue(Actor actor, Optional<ModerationStore.Cursor> cursor) {
        Policy.Queue queue = Policy.queue(actor);
        if (queue == Policy.Queue.NONE) {
            return Optional.empty();
        }
        return Optional.of(store.queue(queue == Policy.Queue.FLAGGED, cursor, PAGE_SIZE));
    }

    /**
     * The story a moderation route names (SPEC §12's {@code {storyId}}): its story id, or its reference as
     * the queue page and the safeguarding alert link it; empty when it is neither or no story has it.
     */
    public Optional<Reference> find(String storyIdOrReference) {
        if (storyIdOrReference == null) {
            return Optional.empty();
        }
        Optional<Reference> reference = Reference.parse(storyIdOrReference);
        if (reference.isPresent()) {
            return reference;
        }
        return STORY_ID.matcher(storyIdOrReference).matches() ? store.referenceOf(storyIdOrReference)
                : Optional.empty();
    }

    /** What opening a story came to. */
    public sealed interface Opened {
    }

    /** The story and the suggestions; the view is in the access log. */
    public record Shown(Story story, List<Suggestions.Suggestion> suggestions) implements Opened {
        @Override
        public String toString() {
            return "Shown[" + story.reference().value() + "]";
        }
    }

    /** No story a moderator sees (none, erased, or never held): 404. */
    public record NotFound() implements Opened {
    }

    /** The role may not open this story: 403. */
    public record Forbidden() implements Opened {
    }

    public Opened open(Actor actor, Reference reference) {
        Optional<Story> found = visible(reference);
        if (found.isEmpty()) {
            return Policy.queue(actor) == Policy.Queue.NONE ? new Forbidden() : new NotFound();
        }
        Story story = found.get();
        if (!Policy.moderate(actor, story.review().flagged()).allowed()) {
            return new Forbidden();
        }
        // Safeguarding staff looked to keep people safe; the residents' page says so in those words.
        recorder.record(actor, Policy.queue(actor) == Policy.Queue.ALL ? Action.MODERATE : Action.SEE_FLAGGED,
                reference);
        return new Shown(story, Suggestions.of(story.text(), story.name()));
    }

    /** What a decision came to. */
    public sealed interface Outcome {
    }

    /** Written, and in the access log. */
    public record Decided(Review review) implements Outcome {
    }

    /** Fields to fix (field name → message code): 400, nothing written. */
    public record Invalid(Map<String, String> errors) implements Outcome {
    }

    /** Someone decided first: 409, nothing written. */
    public record AlreadyDecided() implements Outcome {
    }

    /** Field message codes. */
    public static final String DECISION_UNKNOWN = "decision-unknown";
    public static final String REASON_MISSING = "reason-missing";
    public static final String REASON_TOO_LONG = "reason-too-long";
    public static final String TEXT_TOO_SHORT = "text-too-short";
    public static final String TEXT_TOO_LONG = "text-too-long";

    /**
     * Approves (with {@code sharedText} as partners' text when given and different from the story's) or
     * rejects (with a reason) a held story: one effect however many times it is sent.
     */
    public Outcome decide(Actor actor, Reference reference, String decision, Optional<String> sharedText,
                          Optional<String> reason) {
        Optional<Story> found = visible(reference);
        if (found.isEmpty()) {
            return Policy.queue(actor) == Policy.Queue.NONE ? new Refused() : new Missing();
        }
        Story story = found.get();
        if (!Policy.moderate(actor, story.review().flagged()).allowed()) {
            return new Refused();
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<String> text = sharedText.map(String::strip).filter(t -> !t.isEmpty());
        Optional<String> why = reason.map(String::strip).filter(t -> !t.isEmpty());
        boolean approve = "approve".equals(decision);
        if (!approve && !"reject".equals(decision)) {
            errors.put("decision", DECISION_UNKNOWN);
        }
        if (approve && text.isPresent()) {
            int length = text.get().codePointCount(0, text.get().length());
            if (length < Limits.STORY_MIN) {
                errors.put("sharedText", TEXT_TOO_SHORT);
            } else if (length > Limits.STORY_MAX) {
                errors.put("sharedText", TEXT_TOO_LONG);
            }
        }
        if ("reject".equals(decision)) {
            if (why.isEmpty()) {
                errors.put("reason", REASON_MISSING);
            } else if (why.get().codePointCount(0, why.get().length()) > REASON_MAX) {
                errors.put("reason", REASON_TOO_LONG);
            }
        }
        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        if (story.review().state() != Review.State.HELD) {
            return new AlreadyDecided();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Review current = story.review();
        Review decided = approve
                ? new Review(Review.State.APPROVED, current.concerns(), current.heldAt(),
                        text.filter(t -> !t.equals(story.text().strip())), Optional.empty(), Optional.of(now))
                : new Review(Review.State.REJECTED, current.concerns(), current.heldAt(), Optional.empty(), why,
                        Optional.of(now));
        if (store.decide(reference, decided) == ModerationStore.Written.NOT_HELD) {
            return visible(reference).isEmpty() ? new Missing() : new AlreadyDecided();
        }
        recorder.record(actor, approve ? Action.APPROVE : Action.REJECT, reference);
        return new Decided(decided);
    }

    /** The role may not decide this story: 403. */
    public record Refused() implements Outcome {
    }

    /** No story a moderator sees: 404. */
    public record Missing() implements Outcome {
    }

    /** A story that has been before the moderators (held, approved or rejected), not erased. */
    private Optional<Story> visible(Reference reference) {
        return store.story(reference).filter(s -> s.status() != Story.Status.ERASED)
                .filter(s -> s.review().state() != Review.State.NONE);
    }
}
