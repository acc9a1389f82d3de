package org.tellonce.core.moderation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tellonce.core.text.Folded;

/**
 * A text as the phrase lists read it: the core's folding ({@link Folded#forWords()}: compatibility forms,
 * case, diacritics, curly apostrophes), then words — runs of letters and digits. Everything else
 * (punctuation, hyphens, spaces of any kind, line breaks) only separates words, and a combining accent is
 * dropped like a precomposed one, so "skill" is never
 * "kill" and "self-harm", "self harm" and "self\nharm" read alike. An apostrophe inside a word is dropped
 * ("don't" reads "dont", Welsh "i'w" reads "iw"), so a resident who leaves it out writes the same word.
 */
final class Words {
    private Words() {
    }

    static List<String> of(String text) {
        String folded = Folded.of(text).forWords();
        List<String> words = new ArrayList<>(folded.length() / 5 + 1);
        StringBuilder word = new StringBuilder(24);
        int n = folded.length();
        for (int i = 0; i < n; i++) {
            char c = folded.charAt(i);
            if (mark(c)) {
                continue;
            }
            if (wordChar(c)) {
                word.append(c);
            } else if (c == '\'' && word.length() > 0 && i + 1 < n && wordChar(folded.charAt(i + 1))) {
                continue;
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** The one word {@code raw} is, if it is letters, digits and apostrophes only. */
    static Optional<String> single(String raw) {
        String folded = Folded.of(raw).forWords();
        for (int i = 0; i < folded.length(); i++) {
            if (!wordChar(folded.charAt(i)) && folded.charAt(i) != '\'') {
                return Optional.empty();
            }
        }
        List<String> words = of(raw);
        return words.size() == 1 ? Optional.of(words.get(0)) : Optional.empty();
    }

    /** A combining accent typed as its own character ("o" then U+0301): dropped, as a precomposed one is. */
    private static boolean mark(char c) {
        if (c < 0x0300) {
            return false;
        }
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    static boolean wordChar(char c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
        }
        if (Character.isLetterOrDigit(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }
}
