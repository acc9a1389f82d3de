package org.tellonce.core.intake;

import java.util.List;

/**
 * One rule a submission broke, with the numbers or choices its words need, never what the resident
 * typed. Decided once by {@link StoryValidator} (and, for partners not enabled, by {@link WebIntake},
 * which reads the directory); the edge turns it into words: English for the JSON API, the page's language
 * on the form (see {@link ViolationWords}).
 *
 * @param limit   the limit broken, for the rules that have one ({@link Rule#hasLimit()}); 0 otherwise
 * @param offered the choices the resident may pick from, for {@link Rule#TOPIC_UNKNOWN}; empty otherwise
 */
public record Violation(Rule rule, int limit, List<String> offered) {

    /** Each rule once, with the field it is shown against. */
    public enum Rule {
        STORY_EMPTY("story", false),
        STORY_TOO_SHORT("story", true),
        STORY_TOO_LONG("story", true),
        /** Control characters or lone surrogates. */
        STORY_UNPRINTABLE("story", false),
        TOPIC_UNKNOWN("topics", false),
        AREA_UNRECOGNISED("area", false),
        NAME_TOO_LONG("name", true),
        /** Control characters, lone surrogates or a line break. */
        NAME_UNPRINTABLE("name", false),
        CONTACT_UNRECOGNISED("contact", false),
        /** Identified sharing asked for, with no contact to share. */
        CONTACT_NEEDED("contact", false),
        LANGUAGE_INVALID("language", false),
        SHARE_UNKNOWN("consent", false),
        TOO_MANY_PARTNERS("partners", true),
        /** Not a partner id at all. */
        PARTNER_MALFORMED("partners", false),
        /** A well-formed id that is not an enabled partner right now. */
        PARTNER_NOT_ENABLED("partners", false);

        private final String field;
        private final boolean hasLimit;

        Rule(String field, boolean hasLimit) {
            this.field = field;
            this.hasLimit = hasLimit;
        }

        public String field() {
            return field;
        }

        public boolean hasLimit() {
            return hasLimit;
        }
    }

    public Violation {
        offered = List.copyOf(offered);
        if (rule.hasLimit() != (limit > 0)) {
            throw new IllegalArgumentException(rule + (rule.hasLimit() ? " needs a limit" : " has no limit"));
        }
    }

    public static Violation of(Rule rule) {
        return new Violation(rule, 0, List.of());
    }

    public static Violation limit(Rule rule, int limit) {
        return new Violation(rule, limit, List.of());
    }

    public static Violation topicUnknown(List<String> offered) {
        return new Violation(Rule.TOPIC_UNKNOWN, 0, offered);
    }

    /** The form field to fix. */
    public String field() {
        return rule.field();
    }
}
