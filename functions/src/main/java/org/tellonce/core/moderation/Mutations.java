package org.tellonce.core.moderation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A language's initial mutations, read from its {@code mutations.txt}: each line {@code t = d nh th}
 * says a word starting with {@code t} may also be written starting with {@code d}, {@code nh} or
 * {@code th} ({@code taro}: {@code daro}, {@code nharo}, {@code tharo}); {@code -} means the letters are
 * dropped ({@code g = - ng}: {@code gŵr}, {@code ŵr}, {@code ngŵr}). A phrase asks for them with {@code ~}
 * before a word. The longest matching start wins ({@code ll} before {@code l}). Data, not code, so a
 * Welsh speaker can correct it.
 */
final class Mutations {
    static final Mutations NONE = new Mutations(Map.of());

    private final Map<String, List<String>> rules;

    private Mutations(Map<String, List<String>> rules) {
        this.rules = rules;
    }

    static Mutations parse(String source, String content) {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        String[] lines = content.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = PhraseSyntax.uncomment(lines[n]);
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new PhraseSyntax.Error(source, n + 1, "write a mutation as: start = other starts (e.g. t = d nh th)");
            }
            String from = letters(source, n + 1, line.substring(0, eq).strip());
            List<String> to = new ArrayList<>();
            for (String form : line.substring(eq + 1).strip().split("\\s+")) {
                if (form.isEmpty()) {
                    continue;
                }
                to.add(form.equals("-") ? "" : letters(source, n + 1, form));
            }
            if (to.isEmpty()) {
                throw new PhraseSyntax.Error(source, n + 1, "no mutated forms after =");
            }
            rules.merge(from, to, (a, b) -> {
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            });
        }
        return new Mutations(Map.copyOf(rules));
    }

    private static String letters(String source, int line, String raw) {
        return Words.single(raw).orElseThrow(() -> new PhraseSyntax.Error(source, line, "'" + raw + "' is not letters only"));
    }

    /** The word and each of its mutated forms (a form with nothing left is skipped). */
    Set<String> of(String word) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(word);
        String start = null;
        for (String from : rules.keySet()) {
            if (word.startsWith(from) && (start == null || from.length() > start.length())) {
                start = from;
            }
        }
        if (start != null) {
            String rest = word.substring(start.length());
            for (String to : rules.get(start)) {
                if (!(to + rest).isEmpty()) {
                    forms.add(to + rest);
                }
            }
        }
        return forms;
    }
}
