package org.tellonce.core.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.PartnerId;
import org.tellonce.core.story.Postcodes;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Topics;

/**
 * Checks a submission and says, field by field, which rule it broke: each rule decided here once, as a
 * {@link Violation} that never quotes the input. The words are the edge's ({@link ViolationWords}).
 */
public final class StoryValidator {
    private static final Pattern AREA_NAME = Pattern.compile("\\p{L}[\\p{L}\\p{M} .,'’&()-]{1,59}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}");

    private final Topics topics;

    public StoryValidator(Topics topics) {
        this.topics = topics;
    }

    public sealed interface Result permits Valid, Invalid {
    }

    public record Valid(ValidStory story) implements Result {
    }

    /** At most one violation per field, keyed by {@link Violation#field()}, in the form's order. */
    public record Invalid(Map<String, Violation> fields) implements Result {
    }

    /** A submission that passed every rule, normalised. */
    public record ValidStory(String text, List<String> topics, Optional<String> area, String language,
                             Optional<String> name, Optional<Contact> contact, Consent consent) {
    }

    public Result validate(StoryRequest request) {
        Map<String, Violation> errors = new LinkedHashMap<>();

        String text = request.story().strip();
        int length = text.codePointCount(0, text.length());
        int visible = visibleLength(text);
        if (visible == 0) {
            add(errors, Violation.of(Violation.Rule.STORY_EMPTY));
        } else if (visible < Limits.STORY_MIN) {
            add(errors, Violation.limit(Violation.Rule.STORY_TOO_SHORT, Limits.STORY_MIN));
        } else if (length > Limits.STORY_MAX) {
            add(errors, Violation.limit(Violation.Rule.STORY_TOO_LONG, Limits.STORY_MAX));
        } else if (!printable(text)) {
            add(errors, Violation.of(Violation.Rule.STORY_UNPRINTABLE));
        }

        LinkedHashSet<String> chosenTopics = new LinkedHashSet<>();
        for (String topic : request.topics()) {
            String t = topic.strip().toLowerCase(Locale.ROOT);
            if (!topics.contains(t)) {
                add(errors, Violation.topicUnknown(topics.all()));
                break;
            }
            chosenTopics.add(t);
        }

        Optional<String> area = Optional.empty();
        if (!request.area().isBlank()) {
            area = normaliseArea(request.area());
            if (area.isEmpty()) {
                add(errors, Violation.of(Violation.Rule.AREA_UNRECOGNISED));
            }
        }

        Optional<String> name = Optional.empty();
        String rawName = request.name().strip();
        if (!rawName.isEmpty()) {
            if (rawName.codePointCount(0, rawName.length()) > Limits.NAME_MAX) {
                add(errors, Violation.limit(Violation.Rule.NAME_TOO_LONG, Limits.NAME_MAX));
            } else if (!printable(rawName) || rawName.contains("\n")) {
                add(errors, Violation.of(Violation.Rule.NAME_UNPRINTABLE));
            } else {
                name = Optional.of(rawName);
            }
        }

        Optional<Contact> contact = Optional.empty();
        if (!request.contact().isBlank()) {
            contact = ContactParser.parse(request.contact());
            if (contact.isEmpty()) {
                add(errors, Violation.of(Violation.Rule.CONTACT_UNRECOGNISED));
            }
        }

        String language = "en";
        if (!request.language().isBlank()) {
            if (LANGUAGE.matcher(request.language().strip()).matches()) {
                language = request.language().strip().toLowerCase(Locale.ROOT);
            } else {
                add(errors, Violation.of(Violation.Rule.LANGUAGE_INVALID));
            }
        }

        Share share = Share.PRIVATE;
        if (!request.share().isBlank()) {
            Optional<Share> parsed = Share.parse(request.share().strip().toLowerCase(Locale.ROOT));
            if (parsed.isEmpty()) {
                add(errors, Violation.of(Violation.Rule.SHARE_UNKNOWN));
            } else {
                share = parsed.get();
            }
        }
        if (share == Share.IDENTIFIED && request.contact().isBlank()) {
            // An unreadable contact says so first; the resident fixes that, and this follows.
            errors.putIfAbsent("contact", Violation.of(Violation.Rule.CONTACT_NEEDED));
        }

        LinkedHashSet<String> partners = new LinkedHashSet<>();
        if (request.partners().size() > Limits.PARTNERS_MAX) {
            add(errors, Violation.limit(Violation.Rule.TOO_MANY_PARTNERS, Limits.PARTNERS_MAX));
        } else {
            for (String partner : request.partners()) {
                String p = partner.strip();
                if (!PartnerId.isValid(p)) {
                    add(errors, Violation.of(Violation.Rule.PARTNER_MALFORMED));
                    break;
                }
                partners.add(p);
            }
        }

        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        return new Valid(new ValidStory(text, new ArrayList<>(chosenTopics), area, language, name, contact,
                new Consent(share, new ArrayList<>(partners))));
    }

    private static void add(Map<String, Violation> errors, Violation violation) {
        errors.put(violation.field(), violation);
    }

    /**
     * A postcode district or sector stays as it is; a full postcode is cut to its sector (we do not
     * keep where exactly someone lives); an area name is kept as typed.
     */
    static Optional<String> normaliseArea(String raw) {
        String value = raw.strip().replaceAll("\\s+", " ");
        Optional<String> postcode = Postcodes.keptArea(value);
        if (postcode.isPresent()) {
            return postcode;
        }
        if (AREA_NAME.matcher(value).matches()) {
            return Optional.of(value);
        }
        return Optional.empty();
    }

    /**
     * What a reader sees of a story: characters, with zero-width and other format characters,
     * combining marks and control characters not counted, and a run of white space counted once.
     * (The longest story is still counted in characters stored.)
     */
    static int visibleLength(String text) {
        int count = 0;
        boolean space = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || (type == Character.CONTROL && !Character.isWhitespace(cp))) {
                continue;
            }
            boolean isSpace = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
            if (!(isSpace && space)) {
                count++;
            }
            space = isSpace;
        }
        return count;
    }

    /** No C0/C1 control characters (tab and line breaks are fine) and no lone surrogates. */
    static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
