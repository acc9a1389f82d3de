package org.tellonce.core.moderation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The phrase files' syntax, kept small enough for a safeguarding lead to write (README "Safeguarding
 * phrase lists"). One phrase a line; {@code #} starts a comment. Words are matched whole, after folding
 * (case, accents, curly apostrophes do not matter), with any punctuation or spacing between them.
 * <ul>
 * <li>{@code kill*} — any word starting with "kill" (kill, kills, killing, killed);
 * <li>{@code hit|hits|hitting} — any one of these words;
 * <li>{@code [really]}, {@code [really|truly|just]} — a word that may be there or not;
 * {@code [at all]} — words that may be there or not, together;
 * <li>{@code (my self|myself)} — one of these, each one or more words;
 * <li>{@code ...} — up to three other words in between ("threatened ... kill me");
 * <li>{@code ~taro} — the word or any of its initial mutations (the language's {@code mutations.txt}).
 * </ul>
 * A hyphenated word is written as two words ({@code self harm}): the text's hyphens separate words too.
 */
final class PhraseSyntax {
    /** Words {@code ...} may skip. */
    static final int GAP = 3;
    /** A shorter stem would match far too much ("ki*"). */
    static final int MIN_STEM = 3;
    private static final int MAX_VARIANTS = 4096;

    private PhraseSyntax() {
    }

    /** A word position in a phrase: any of some whole words, or any word with one of some stems. */
    sealed interface Slot permits Word, Gap {
    }

    record Word(Set<String> words, List<String> stems) implements Slot {
        boolean matches(String word) {
            if (words.contains(word)) {
                return true;
            }
            for (String stem : stems) {
                if (word.startsWith(stem)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Gap(int max) implements Slot {
    }

    /** A phrase file line that cannot be read, with the file and line to fix. */
    static final class Error extends IllegalArgumentException {
        Error(String source, int line, String message) {
            super(source + ":" + line + ": " + message);
        }
    }

    static String uncomment(String line) {
        int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).strip();
    }

    /** Every sequence of slots the phrase stands for (optional parts expanded), each starting and ending with a word. */
    static List<List<Slot>> parse(String source, int line, String phrase, Mutations mutations) {
        List<List<List<Slot>>> elements = new ArrayList<>();
        int i = 0;
        int n = phrase.length();
        while (i < n) {
            char c = phrase.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '[' || c == '(') {
                char close = c == '[' ? ']' : ')';
                int end = phrase.indexOf(close, i + 1);
                if (end < 0) {
                    throw new Error(source, line, "'" + c + "' is not closed with '" + close + "'");
                }
                String inner = phrase.substring(i + 1, end);
                if (inner.matches(".*[\\[\\]()].*") || inner.contains("...")) {
                    throw new Error(source, line, "brackets cannot hold brackets or ...");
                }
                List<List<Slot>> options = new ArrayList<>();
                for (String sequence : inner.split("\\|", -1)) {
                    if (sequence.isBlank()) {
                        throw new Error(source, line, "an empty choice between | in brackets");
                    }
                    List<Slot> slots = new ArrayList<>();
                    for (String word : sequence.strip().split("\\s+")) {
                        slots.add(word(source, line, word, mutations));
                    }
                    options.add(slots);
                }
                options = mergeSingleWords(options);
                if (c == '[') {
                    options.add(List.of());
                }
                elements.add(options);
                i = end + 1;
            } else if (phrase.startsWith("...", i)) {
                elements.add(List.of(List.of(new Gap(GAP))));
                i += 3;
            } else if (c == ']' || c == ')') {
                throw new Error(source, line, "'" + c + "' without an opening bracket");
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(phrase.charAt(end)) && "[]()".indexOf(phrase.charAt(end)) < 0
                        && !phrase.startsWith("...", end)) {
                    end++;
                }
                elements.add(List.of(List.of(word(source, line, phrase.substring(i, end), mutations))));
                i = end;
            }
        }
        List<List<Slot>> variants = new ArrayList<>();
        variants.add(List.of());
        for (List<List<Slot>> options : elements) {
            List<List<Slot>> next = new ArrayList<>();
            for (List<Slot> prefix : variants) {
                for (List<Slot> option : options) {
                    List<Slot> joined = new ArrayList<>(prefix);
                    joined.addAll(option);
                    next.add(joined);
                }
            }
            if (next.size() > MAX_VARIANTS) {
                throw new Error(source, line, "too many optional parts in one phrase: split it into several lines");
            }
            variants = next;
        }
        Set<List<Slot>> trimmed = new LinkedHashSet<>();
        for (List<Slot> variant : variants) {
            List<Slot> slots = trim(variant);
            if (slots.isEmpty()) {
                throw new Error(source, line, "a phrase needs at least one word that is always there");
            }
            trimmed.add(List.copyOf(slots));
        }
        return List.copyOf(trimmed);
    }

    /** One-word choices become one word position with all their words, so choices multiply less. */
    private static List<List<Slot>> mergeSingleWords(List<List<Slot>> options) {
        Set<String> words = new LinkedHashSet<>();
        List<String> stems = new ArrayList<>();
        List<List<Slot>> out = new ArrayList<>();
        for (List<Slot> option : options) {
            if (option.size() == 1 && option.get(0) instanceof Word word) {
                words.addAll(word.words());
                stems.addAll(word.stems());
            } else {
                out.add(option);
            }
        }
        if (!words.isEmpty() || !stems.isEmpty()) {
            out.add(0, List.of(new Word(Set.copyOf(words), List.copyOf(stems))));
        }
        return out;
    }

    /** Gaps at either end match nothing useful; two gaps side by side are one longer gap. */
    private static List<Slot> trim(List<Slot> variant) {
        List<Slot> out = new ArrayList<>();
        for (Slot slot : variant) {
            if (slot instanceof Gap gap) {
                if (out.isEmpty()) {
                    continue;
                }
                if (out.get(out.size() - 1) instanceof Gap previous) {
                    out.set(out.size() - 1, new Gap(previous.max() + gap.max()));
                    continue;
                }
            }
            out.add(slot);
        }
        while (!out.isEmpty() && out.get(out.size() - 1) instanceof Gap) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static Word word(String source, int line, String token, Mutations mutations) {
        Set<String> words = new LinkedHashSet<>();
        List<String> stems = new ArrayList<>();
        for (String alternative : token.split("\\|", -1)) {
            String core = alternative;
            boolean mutate = core.startsWith("~");
            if (mutate) {
                core = core.substring(1);
            }
            boolean stem = core.endsWith("*");
            if (stem) {
                core = core.substring(0, core.length() - 1);
            }
            Optional<String> folded = Words.single(core);
            if (folded.isEmpty()) {
                throw new Error(source, line, "'" + alternative + "' is not a word: use letters only, ~ before a word, "
                        + "* at its end, | between choices, and write a hyphenated word as two words");
            }
            String word = folded.get();
            if (stem && word.length() < MIN_STEM) {
                throw new Error(source, line, "'" + alternative + "': a stem needs at least " + MIN_STEM + " letters");
            }
            for (String form : mutate ? mutations.of(word) : Set.of(word)) {
                if (stem) {
                    stems.add(form);
                } else {
                    words.add(form);
                }
            }
        }
        return new Word(Set.copyOf(words), List.copyOf(stems));
    }
}
