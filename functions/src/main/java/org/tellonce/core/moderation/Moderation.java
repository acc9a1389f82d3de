package org.tellonce.core.moderation;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Story;

/**
 * The partnership's moderation policy (SPEC §12, {@code MODERATION}): which stories wait for a human
 * before they travel. {@link Mode#OFF} shares at once; {@link Mode#SAFEGUARDING} (the default) holds a
 * story whose text raises a safeguarding concern; {@link Mode#ALL} holds every story that would be shared.
 */
public final class Moderation {

    public enum Mode {
        OFF, SAFEGUARDING, ALL;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Mode> parse(String value) {
            for (Mode mode : values()) {
                if (mode.wire().equals(value)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }
    }

    private final Mode mode;
    private final Safeguarding safeguarding;

    public Moderation(Mode mode, Safeguarding safeguarding) {
        this.mode = mode;
        this.safeguarding = safeguarding;
    }

    /** The default policy with the shipped phrase lists. */
    public static Moderation defaults() {
        return new Moderation(Mode.SAFEGUARDING, Safeguarding.load());
    }

    public Mode mode() {
        return mode;
    }

    /** The safeguarding concerns a text raises (none when moderation is off), in a fixed order. */
    public List<String> concerns(String text) {
        if (mode == Mode.OFF) {
            return List.of();
        }
        return safeguarding.concerns(text).stream().sorted().map(Concern::wireName).toList();
    }

    /**
     * Where a new story stands: held when its text raises a concern (whatever its consent: the
     * safeguarding staff must see it), or under {@link Mode#ALL} when its consent would share it.
     */
    public Review atIntake(String text, Consent consent, Instant now) {
        List<String> concerns = concerns(text);
        if (!concerns.isEmpty() || mode == Mode.ALL && consent.share().shares()) {
            return Review.held(concerns, now);
        }
        return Review.NONE;
    }

    /**
     * Whether a story nobody has reviewed must be held before its first share: under {@link Mode#ALL}, a
     * story that was private when told and is shared later (an SMS answered YES, a consent widened).
     */
    public boolean holdsBeforeSharing(Story story) {
        return mode == Mode.ALL && story.review().state() == Review.State.NONE;
    }
}
