package org.tellonce.core.language;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the pages speak. Chosen by {@code ?lang=}, then the {@code lang} cookie that choice
 * sets, then the browser's {@code Accept-Language}; English when none of them names one we have.
 */
public enum Language {
    EN("en", "English"),
    CY("cy", "Cymraeg"),
    PL("pl", "Polski");

    public static final String PARAMETER = "lang";
    public static final String COOKIE = "lang";
    private static final long COOKIE_MAX_AGE_SECONDS = 365L * 24 * 3600;

    private final String tag;
    private final String ownName;

    Language(String tag, String ownName) {
        this.tag = tag;
        this.ownName = ownName;
    }

    /** The BCP 47 tag, as {@code <html lang>} and {@code hreflang} take it. */
    public String tag() {
        return tag;
    }

    /** The language's name in itself, as the switcher shows it. */
    public String ownName() {
        return ownName;
    }

    public Locale locale() {
        return Locale.forLanguageTag(tag);
    }

    /** {@code cy}, {@code CY}, {@code cy-GB}: the language whose primary subtag it is. */
    public static Optional<Language> of(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String primary = tag.strip().toLowerCase(Locale.ROOT);
        int dash = primary.indexOf('-');
        if (dash >= 0) {
            primary = primary.substring(0, dash);
        }
        for (Language language : values()) {
            if (language.tag.equals(primary)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }

    /** The best of ours for an {@code Accept-Language} header, in the browser's order of preference. */
    public static Optional<Language> fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > 500) {
            return Optional.empty();
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() <= 0) {
                continue;
            }
            if (range.getRange().equals("*")) {
                return Optional.of(EN);
            }
            Optional<Language> language = of(range.getRange());
            if (language.isPresent()) {
                return language;
            }
        }
        return Optional.empty();
    }


    /** Remembers the switcher's choice for every page. */
    public String setCookie() {
        return COOKIE + "=" + tag + "; Path=/; Max-Age=" + COOKIE_MAX_AGE_SECONDS + "; HttpOnly; Secure; SameSite=Lax";
    }
}
