package org.tellonce.core.sms;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;

/**
 * A story answered YES or ANON whose topic and area are still being asked (SPEC §5, routing by SMS).
 * The consent it will get is kept here, not on the story, until the questions are answered, skipped or
 * time out: the story stays unshared until then. Each change raises {@code revision}, so of a late
 * answer and the sweep only the one that read the latest revision completes it.
 *
 * @param area the postcode district or sector answered; empty when skipped or not asked yet
 * @param retried whether the current question was already asked again after an answer we could not read
 */
public record Routing(Reference reference, Share share, Instant startedAt, Step step, List<String> topics,
                      Optional<String> area, boolean retried, int revision) {

    /** The question waiting for an answer. */
    public enum Step { TOPIC, AREA }

    public Routing {
        topics = List.copyOf(topics);
    }

    /** The first question: the topic, unless no topics are configured. */
    public static Routing start(Reference reference, Share share, Instant now, boolean askTopic) {
        return new Routing(reference, share, now, askTopic ? Step.TOPIC : Step.AREA, List.of(), Optional.empty(),
                false, 0);
    }

    /** The topic is answered (or skipped: none): the area is next. */
    public Routing withTopics(List<String> chosen) {
        return new Routing(reference, share, startedAt, Step.AREA, chosen, area, false, revision + 1);
    }

    /** The area is answered (or skipped: empty): the routing is complete. */
    public Routing withArea(Optional<String> chosen) {
        return new Routing(reference, share, startedAt, step, topics, chosen, retried, revision);
    }

    /** The current question is asked once more. */
    public Routing retrying() {
        return new Routing(reference, share, startedAt, step, topics, area, true, revision + 1);
    }

    /** The consent the story gets when the routing completes. */
    public Consent consent() {
        return new Consent(share, List.of());
    }
}
