package org.tellonce.core.intake;

import java.time.Duration;

/** Every limit of intake, in one place. */
public final class Limits {
    public static final int STORY_MIN = 10;
    public static final int STORY_MAX = 5000;
    public static final int NAME_MAX = 100;
    public static final int BODY_MAX_BYTES = 64 * 1024;
    public static final int IDEMPOTENCY_KEY_MAX = 255;
    public static final int PARTNERS_MAX = 50;
    /**
     * Stories one contact (e-mail or phone) may send in an hour; more is answered 429. An operator
     * can change it with {@code STORIES_PER_CONTACT_PER_HOUR} (the wiring gives {@link IntakeService} the value).
     */
    public static final int STORIES_PER_CONTACT_PER_HOUR = 10;

    public static final Duration DUPLICATE_WINDOW = Duration.ofDays(30);
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** Manage tokens carry 256 random bits. */
    public static final int MANAGE_TOKEN_BYTES = 32;

    private Limits() {
    }
}
