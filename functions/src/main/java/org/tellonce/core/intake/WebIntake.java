package org.tellonce.core.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.story.Assisted;
import org.tellonce.core.story.Channel;

/**
 * The web's door to intake, for the JSON API and the story form alike: a story may only name partners
 * that are enabled right now, an Idempotency-Key is visible ASCII, and the form's own submission id
 * makes a double click store once. The rest is {@link IntakeService}'s.
 */
public final class WebIntake {
    private final IntakeService intake;
    private final StoryValidator validator;
    private final PartnerDirectory partners;
    private final Optional<String> session;

    /** @param partners the enabled partners: the only ids a story from the web may name */
    public WebIntake(IntakeService intake, StoryValidator validator, PartnerDirectory partners) {
        this(intake, validator, partners, Optional.empty());
    }

    private WebIntake(IntakeService intake, StoryValidator validator, PartnerDirectory partners,
                      Optional<String> session) {
        this.intake = intake;
        this.validator = validator;
        this.partners = partners;
        this.session = session;
    }

    /** Stories sent with the session of the resident {@code residentKey}: their own proven contact stays proven. */
    public WebIntake withSession(Optional<String> residentKey) {
        return new WebIntake(intake, validator, partners, residentKey);
    }

    /** A story sent as JSON. A replay answers as the first time did, even if a partner it names was disabled since. */
    public IntakeOutcome fromApi(StoryRequest story, Optional<String> idempotencyKey, String fingerprint) {
        Optional<Map<String, Violation>> refused = partnersRefused(story);
        if (refused.isEmpty()) {
            return intake.submit(story, Channel.WEB, idempotencyKey, fingerprint, session);
        }
        return intake.earlierAnswer(idempotencyKey, fingerprint)
                .orElseGet(() -> new IntakeOutcome.PartnersNotEnabled(refused.get()));
    }

    /**
     * A story a partner's staff member recorded for the resident (SPEC section 15), as JSON or from the
     * assisted form: the partners it names must be enabled, as for any story from the web. A replay
     * answers as the first time did.
     */
    public IntakeOutcome assisted(StoryRequest story, Assisted assisted, Optional<String> idempotencyKey,
                                  String fingerprint) {
        Optional<Map<String, Violation>> refused = partnersRefused(story);
        if (refused.isEmpty()) {
            return intake.submitAssisted(story, assisted, idempotencyKey, fingerprint);
        }
        return intake.earlierAnswer(idempotencyKey, fingerprint)
                .orElseGet(() -> new IntakeOutcome.PartnersNotEnabled(refused.get()));
    }

    /**
     * A story posted by the form, which offers enabled partners only: any other id is a form error.
     *
     * @param idempotencyKey from {@link #formKey}
     * @param keySent        whether the client sent the key as a header (not the form's submission id)
     */
    public IntakeOutcome fromForm(StoryRequest story, Optional<String> idempotencyKey, boolean keySent,
                                  String fingerprint) {
        Optional<Map<String, Violation>> refused = partnersRefused(story);
        if (refused.isPresent()) {
            return new IntakeOutcome.PartnersNotEnabled(refused.get());
        }
        IntakeOutcome outcome = intake.submit(story, Channel.WEB, idempotencyKey, fingerprint, session);
        if (outcome instanceof IntakeOutcome.KeyReused && !keySent) {
            // The resident went back and changed the form: that is a new story, idempotent in its own right.
            outcome = intake.submit(story, Channel.WEB, idempotencyKey.map(k -> k + ":" + fingerprint), fingerprint,
                    session);
        }
        return outcome;
    }

    /** The form's key: the Idempotency-Key header if sent, else its one-off submission id (if not blank). */
    public static Optional<String> formKey(Optional<String> header, Optional<String> submission) {
        return header.or(() -> submission.filter(s -> !s.isBlank()).map(s -> "form:" + s));
    }

    /** The key as sent, trimmed; empty unless it is 1 to {@link Limits#IDEMPOTENCY_KEY_MAX} visible ASCII characters. */
    public static Optional<String> idempotencyKey(String sent) {
        String key = sent.trim();
        if (key.isEmpty() || key.length() > Limits.IDEMPOTENCY_KEY_MAX || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    /**
     * Identifies a request by its media type and the fields read from it, not its bytes: the same
     * story sent again with other whitespace or key order is the same request, any other is caught.
     * Topics and partners are sets, so their order does not count either.
     */
    public static String fingerprint(String mediaType, StoryRequest story) {
        List<String> fields = new ArrayList<>(List.of(mediaType, story.story(), story.area(), story.name(),
                story.contact(), story.language(), story.share(), story.website()));
        for (List<String> set : List.of(story.topics(), story.partners())) {
            fields.add(Integer.toString(set.size()));
            set.stream().sorted().forEach(fields::add);
        }
        return Hashing.fieldsSha256Hex(fields);
    }

    /**
     * The violations to answer when the story names partners that are not enabled right now (read from
     * the store, not the form's cache), with the story's other violations so all are fixed at once. Empty
     * when it names none (no read), names only enabled ones, is a honeypot hit (answered like success),
     * or its partner list is malformed (the intake's own validation says so).
     */
    private Optional<Map<String, Violation>> partnersRefused(StoryRequest story) {
        if (!story.website().isEmpty() || story.partners().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Violation> violations = new LinkedHashMap<>();
        if (validator.validate(story) instanceof StoryValidator.Invalid invalid) {
            if (invalid.fields().containsKey("partners")) {
                return Optional.empty();
            }
            violations.putAll(invalid.fields());
        }
        Set<String> notOffered = partners.notOffered(story.partners());
        if (notOffered.isEmpty()) {
            return Optional.empty();
        }
        Violation notEnabled = Violation.of(Violation.Rule.PARTNER_NOT_ENABLED);
        violations.put(notEnabled.field(), notEnabled);
        return Optional.of(violations);
    }
}
