package org.tellonce.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Share;
import org.tellonce.export.Activity.ResponseFact;
import org.tellonce.export.Activity.ReviewFact;
import org.tellonce.export.Activity.ShareFact;
import org.tellonce.export.Activity.StoryFact;

/** Small activities for the figures and the chart, without a table. */
final class ActivityBuilder {
    private final List<StoryFact> stories = new ArrayList<>();
    private final List<ShareFact> shares = new ArrayList<>();
    private final List<ResponseFact> responses = new ArrayList<>();
    private final Map<String, String> partners = new HashMap<>();

    /** An anonymous web story from LE1. */
    ActivityBuilder story(int story, String receivedAt, String... topics) {
        return story(story, receivedAt, Channel.WEB, Share.ANONYMOUS, Optional.of("LE1"), topics);
    }

    ActivityBuilder story(int story, String receivedAt, Channel channel, Share share, Optional<String> area,
                          String... topics) {
        stories.add(new StoryFact(story, Instant.parse(receivedAt), channel, List.of(topics), area, share, false));
        return this;
    }

    /** As erasure leaves it: private, no topics, no area. */
    ActivityBuilder erased(int story, String receivedAt, Channel channel) {
        stories.add(new StoryFact(story, Instant.parse(receivedAt), channel, List.of(), Optional.empty(),
                Share.PRIVATE, true));
        return this;
    }

    /**
     * An anonymous web story from LE1 in a moderator's hands: held at {@code heldAt}, decided at
     * {@code decidedAt} (null: not decided).
     */
    ActivityBuilder reviewed(int story, Review.State state, String heldAt, String decidedAt, String... concerns) {
        Instant held = Instant.parse(heldAt);
        stories.add(new StoryFact(story, held, Channel.WEB, List.of(), Optional.of("LE1"), Share.ANONYMOUS, false,
                new ReviewFact(state, List.of(concerns), Optional.of(held),
                        Optional.ofNullable(decidedAt).map(Instant::parse))));
        return this;
    }

    /** An anonymous web story from LE1 about health, told in {@code language}. */
    ActivityBuilder told(int story, String receivedAt, String language) {
        stories.add(new StoryFact(story, Instant.parse(receivedAt), Channel.WEB, List.of("health"), Optional.of("LE1"),
                Share.ANONYMOUS, false, ReviewFact.NONE, Optional.of(language)));
        return this;
    }

    ActivityBuilder partner(String id, String name) {
        partners.put(id, name);
        return this;
    }

    ActivityBuilder share(int story, String partnerId, String sharedAt) {
        shares.add(new ShareFact(story, partnerId, Instant.parse(sharedAt)));
        return this;
    }

    ActivityBuilder response(int story, String partnerId, String at) {
        responses.add(new ResponseFact(story, partnerId, Instant.parse(at)));
        return this;
    }

    Activity build() {
        return new Activity(stories, shares, responses, partners);
    }
}
