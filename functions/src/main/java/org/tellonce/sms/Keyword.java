package org.tellonce.sms;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** SMS keywords: case- and whitespace-insensitive, whole message only. The one list of them. */
public enum Keyword {
    YES, ANON, NO, STOP, START, WITHDRAW, HELP;

    private static final Map<String, Keyword> WORDS = Map.ofEntries(
            Map.entry("YES", YES),
            Map.entry("ANON", ANON),
            Map.entry("NO", NO),
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
            Map.entry("HELP", HELP));

    /** The keyword a whole message is, if it is one ("  yes \n" is YES; "yes please" is a story). */
    public static Optional<Keyword> of(String message) {
        if (message == null) {
            return Optional.empty();
        }
        String word = message.strip().toUpperCase(Locale.ROOT);
        if (word.endsWith(".") || word.endsWith("!")) {
            word = word.substring(0, word.length() - 1).strip();
        }
        return Optional.ofNullable(WORDS.get(word));
    }
}
