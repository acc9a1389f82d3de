package org.tellonce.core.language;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.tellonce.core.story.Topics;

/**
 * Every word the pages show, from {@code messages*.properties} (UTF-8). A key missing in a
 * translation falls back to English; {@code {0}}, {@code {1}} are filled in as they are, so
 * apostrophes need no quoting (Welsh has many).
 */
public final class Messages {
    public static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final String BUNDLE = "messages";
    private static final Map<Language, Messages> ALL = new EnumMap<>(Language.class);

    static {
        for (Language language : Language.values()) {
            ALL.put(language, new Messages(language, ResourceBundle.getBundle(BUNDLE, language.locale(),
                    ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))));
        }
    }

    private final Language language;
    private final ResourceBundle bundle;
    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter date;

    private Messages(Language language, ResourceBundle bundle) {
        this.language = language;
        this.bundle = bundle;
        this.dateTime = DateTimeFormatter.ofPattern(bundle.getString("format.dateTime"), language.locale()).withZone(ZONE);
        this.date = DateTimeFormatter.ofPattern(bundle.getString("format.date"), language.locale()).withZone(ZONE);
    }

    public static Messages of(Language language) {
        return ALL.get(language);
    }

    public Language language() {
        return language;
    }

    /** The text for {@code key} with {@code {0}}, {@code {1}}, ... replaced by {@code args} (not escaped). */
    public String get(String key, Object... args) {
        String text = bundle.getString(key);
        if (args.length == 0) {
            return text;
        }
        // One pass, so a value that itself contains "{1}" (a partner's reply, say) is never filled in again.
        StringBuilder out = new StringBuilder(text.length() + 32);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '{' && i + 2 < text.length() && Character.isDigit(text.charAt(i + 1)) && text.charAt(i + 2) == '}'
                    && text.charAt(i + 1) - '0' < args.length) {
                out.append(args[text.charAt(i + 1) - '0']);
                i += 3;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    public boolean has(String key) {
        try {
            bundle.getString(key);
            return true;
        } catch (MissingResourceException e) {
            return false;
        }
    }

    /** A topic's name; topics configured without a translation read as their id ("mental-health" → "Mental health"). */
    public String topic(String topic) {
        String key = "topic." + topic;
        return has(key) ? get(key) : Topics.label(topic);
    }

    /** A language's name in this language ("Welsh", "Cymraeg", "walijski"), or its tag when we have none. */
    public String languageName(String tag) {
        String key = "languageName." + tag;
        return has(key) ? get(key) : tag;
    }

    public String dateTime(Instant at) {
        return dateTime.format(at);
    }

    public String date(Instant at) {
        return date.format(at);
    }
}
