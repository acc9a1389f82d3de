package org.tellonce.web;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tellonce.core.language.Language;
import org.tellonce.core.language.Messages;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;

/**
 * What every page needs to know about the request it answers: its language and where the language
 * switcher should lead. Gives the templates their words ({@link #t}) and builds the response:
 * {@code Content-Language}, and the {@code lang} cookie when the switcher was used.
 *
 * @param path     the page the switcher links back to (a GET page); empty for the page itself, so the
 *                 links are relative ({@code ?lang=cy}) and a page never repeats its own address
 * @param rawQuery the query to keep on those links (without {@code lang})
 * @param home     where the "TellOnce" header link goes
 * @param notice   the one-off banner the request asks for ({@code ?notice=...})
 */
public record Page(Language language, Messages text, String path, String rawQuery, Optional<Language> switched,
                   String home, Optional<String> notice) {
    /** A one-off banner ("your choice is saved"): shown once, not carried to the other languages' links. */
    public static final String NOTICE = "notice";

    public static Page of(HttpRequest request, String home) {
        Language language = Languages.of(request);
        return new Page(language, Messages.of(language), "", withoutLanguage(request.rawQuery()),
                Languages.chosen(request), home, Optional.ofNullable(request.query().get(NOTICE)));
    }

    /** For a page answered to a POST: the switcher leads to this GET page instead. */
    public Page switchingAt(String getPath) {
        return new Page(language, text, getPath, "", switched, home, notice);
    }

    /** The same page in another language (a form tells which language it was filled in). */
    public Page in(Language other) {
        return new Page(other, Messages.of(other), path, rawQuery, switched, home, notice);
    }

    public boolean hasNotice(String value) {
        return notice.filter(value::equals).isPresent();
    }

    /** Shorthand for {@code text().get(key, args)}. */
    public String t(String key, Object... args) {
        return text.get(key, args);
    }

    public String switchHref(Language target) {
        return path + "?" + (rawQuery.isEmpty() ? "" : rawQuery + "&") + Language.PARAMETER + "=" + target.tag();
    }

    /** Where a template writes this page: room for the layout (its style sheet) and a form. */
    PageOutput output() {
        return new PageOutput(12 * 1024);
    }

    /** The rendered page, with {@code Content-Language} and the {@code lang} cookie when the switcher was used. */
    HttpResponse respond(int status, PageOutput page) {
        HttpResponse response = HttpResponse.html(status, page.toString())
                .header("content-language", language.tag());
        switched.ifPresent(l -> response.cookie(l.setCookie()));
        return response;
    }

    private static boolean named(String pair, String name) {
        return pair.equals(name) || pair.startsWith(name + "=");
    }

    private static String withoutLanguage(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return Arrays.stream(rawQuery.split("&"))
                .filter(p -> !p.isEmpty() && !named(p, Language.PARAMETER) && !named(p, NOTICE))
                .collect(Collectors.joining("&"));
    }
}
