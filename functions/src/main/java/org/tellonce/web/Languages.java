package org.tellonce.web;

import java.util.Optional;
import org.tellonce.core.language.Language;
import org.tellonce.http.HttpRequest;

/** Which language a web request asks for. */
public final class Languages {
    private Languages() {
    }

    /** The language a request asks for: the link's choice, the remembered choice, then the browser's. */
    public static Language of(HttpRequest request) {
        return chosen(request)
                .or(() -> request.cookie(Language.COOKIE).flatMap(Language::of))
                .or(() -> Language.fromAcceptLanguage(request.header("accept-language").orElse(null)))
                .orElse(Language.EN);
    }

    /** The language picked with the switcher on this request ({@code ?lang=cy}), if any. */
    public static Optional<Language> chosen(HttpRequest request) {
        return Optional.ofNullable(request.query().get(Language.PARAMETER)).flatMap(Language::of);
    }
}
