package org.tellonce.core.consent;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.tellonce.core.intake.Limits;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.PartnerId;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

/**
 * The rules a consent change must pass, whichever way it arrives: the JSON {@code PUT .../consent}
 * and the story page's form decode their body into a {@link Choice}, check it here, and only word the
 * problems their own way.
 */
public final class ConsentPolicy {

    /**
     * What the resident sent, decoded but not yet checked.
     *
     * @param share    the share as sent (any case, surrounding spaces); empty when not sent as text
     * @param partners the partner ids as sent; empty when what was sent is not a list of strings
     */
    public record Choice(Optional<String> share, Optional<List<String>> partners) {
    }

    /** What is wrong with a consent change; at most one per field. */
    public enum Problem {
        /** No share given, or not private, anonymous or identified. */
        SHARE_NOT_CHOSEN("share"),
        /** Identified sharing of a story that has no contact details. */
        NO_CONTACT_TO_SHARE("share"),
        /** The partners are not a list of at most {@link Limits#PARTNERS_MAX} partner ids. */
        PARTNERS_MALFORMED("partners"),
        /** A partner named is not an enabled partner right now. */
        PARTNERS_NOT_ENABLED("partners");

        private final String field;

        Problem(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /**
     * The consent as chosen (partners once each, in the order given) and its problems, share first.
     * With a share that cannot be read, the consent keeps the story's current share; with malformed
     * partners, it names none: what a page shows again, never what is saved.
     */
    public record Checked(Consent consent, Set<Problem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private final PartnerDirectory directory;

    /**
     * @param directory the enabled partners; read (from the store as it is now) only when partners are
     *                  named and well formed: a typo must not share with nobody
     */
    public ConsentPolicy(PartnerDirectory directory) {
        this.directory = directory;
    }

    public Checked check(Choice choice, Story story) {
        Set<Problem> problems = EnumSet.noneOf(Problem.class);
        Optional<Share> parsed = choice.share().map(v -> v.strip().toLowerCase(Locale.ROOT)).flatMap(Share::parse);
        if (parsed.isEmpty()) {
            problems.add(Problem.SHARE_NOT_CHOSEN);
        } else if (parsed.get() == Share.IDENTIFIED && story.contact().isEmpty()) {
            problems.add(Problem.NO_CONTACT_TO_SHARE);
        }
        Optional<List<String>> partners = choice.partners();
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        if (partners.isEmpty() || partners.get().size() > Limits.PARTNERS_MAX
                || !partners.get().stream().allMatch(PartnerId::isValid)) {
            problems.add(Problem.PARTNERS_MALFORMED);
        } else {
            ids.addAll(partners.get());
            if (!directory.notOffered(List.copyOf(ids)).isEmpty()) {
                problems.add(Problem.PARTNERS_NOT_ENABLED);
            }
        }
        return new Checked(new Consent(parsed.orElse(story.consent().share()), List.copyOf(ids)), problems);
    }
}
