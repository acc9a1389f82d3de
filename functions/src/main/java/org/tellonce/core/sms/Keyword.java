package org.tellonce.core.sms;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.language.Language;
import org.tellonce.core.story.Reference;

/**
 * SMS keywords: case- and whitespace-insensitive, whole message only. The one list of them. The
 * English words work whatever the conversation's language; the Welsh and Polish ones are synonyms
 * (IE / DIENW / NA, TAK / ANONIM / NIE, HEPGOR / POMIN, ...). ENGLISH, CYMRAEG and POLSKI choose the
 * language the number is answered in. {@code DELETE TO-XXXXXX} is the one keyword with an argument.
 */
public enum Keyword {
    YES, ANON, NO, STOP, START, WITHDRAW, HELP, SKIP, STATUS, DELETE,
    ENGLISH(Language.EN), WELSH(Language.CY), POLISH(Language.PL);

    private static final Map<String, Keyword> WORDS = Map.ofEntries(
            Map.entry("YES", YES),
            Map.entry("IE", YES),
            Map.entry("TAK", YES),
            Map.entry("ANON", ANON),
            Map.entry("DIENW", ANON),
            Map.entry("ANONIM", ANON),
            Map.entry("NO", NO),
            Map.entry("NA", NO),
            Map.entry("NIE", NO),
            Map.entry("STOP", STOP),
            Map.entry("STOPALL", STOP),
            Map.entry("UNSUBSCRIBE", STOP),
            Map.entry("CANCEL", STOP),
            Map.entry("END", STOP),
            Map.entry("QUIT", STOP),
            Map.entry("OPTOUT", STOP),
            Map.entry("OPT-OUT", STOP),
            Map.entry("REMOVE", STOP),
            Map.entry("ARRET", STOP),
            Map.entry("TD", STOP),
            Map.entry("START", START),
            Map.entry("UNSTOP", START),
            Map.entry("WITHDRAW", WITHDRAW),
            Map.entry("TYNNU", WITHDRAW),
            Map.entry("TYNNU'N ÔL", WITHDRAW),
            Map.entry("TYNNU'N OL", WITHDRAW),
            Map.entry("WYCOFAJ", WITHDRAW),
            Map.entry("HELP", HELP),
            Map.entry("CYMORTH", HELP),
            Map.entry("POMOC", HELP),
            Map.entry("SKIP", SKIP),
            Map.entry("HEPGOR", SKIP),
            Map.entry("POMIN", SKIP),
            Map.entry("POMIŃ", SKIP),
            Map.entry("STATUS", STATUS),
            Map.entry("STATWS", STATUS),
            Map.entry("DELETE", DELETE),
            Map.entry("DILEU", DELETE),
            Map.entry("USUN", DELETE),
            Map.entry("USUŃ", DELETE),
            Map.entry("ENGLISH", ENGLISH),
            Map.entry("SAESNEG", ENGLISH),
            Map.entry("ANGIELSKI", ENGLISH),
            Map.entry("CYMRAEG", WELSH),
            Map.entry("WELSH", WELSH),
            Map.entry("POLSKI", POLISH),
            Map.entry("POLISH", POLISH));

    private final Language language;

    Keyword() {
        this(null);
    }

    Keyword(Language language) {
        this.language = language;
    }

    /** The language a language keyword chooses; empty for every other keyword. */
    public Optional<Language> language() {
        return Optional.ofNullable(language);
    }

    /** The keyword a whole message is, if it is one ("  yes \n" is YES; "yes please" is a story). */
    public static Optional<Keyword> of(String message) {
        return message == null ? Optional.empty() : Optional.ofNullable(WORDS.get(folded(message)));
    }

    /** The story a {@code DELETE TO-XXXXXX} message names (in any case, the Welsh and Polish words too). */
    public static Optional<Reference> deletion(String message) {
        if (message == null) {
            return Optional.empty();
        }
        String[] words = folded(message).split(" ");
        return words.length == 2 && WORDS.get(words[0]) == DELETE ? Reference.parse(words[1]) : Optional.empty();
    }

    private static String folded(String message) {
        // Phones often turn ' into ’ (TYNNU’N ÔL).
        String word = message.strip().replace('\u2019', '\'').replaceAll("\\s+", " ")
                .toUpperCase(Locale.ROOT);
        if (word.endsWith(".") || word.endsWith("!")) {
            word = word.substring(0, word.length() - 1).strip();
        }
        return word;
    }
}
