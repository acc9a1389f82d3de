package org.tellonce.core.moderation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tellonce.core.moderation.PhraseSyntax.Gap;
import org.tellonce.core.moderation.PhraseSyntax.Slot;
import org.tellonce.core.moderation.PhraseSyntax.Word;

/**
 * Safeguarding flags (SPEC §12): which concerns a story's text raises, from the phrase lists in
 * {@code resources/safeguarding/{language}/{concern}.txt}. Every language's lists are checked whatever
 * language the story says it is in: residents mix languages.
 *
 * <p>The lists are compiled once into an index by each phrase's first word (and first-word stems), so a
 * story costs one pass over its words with a hash lookup each, not one pattern per phrase. A phrase
 * that a language's {@code not-a-concern.txt} covers entirely ("suicide doors", "could kill for") is
 * not a flag.
 *
 * <p>Nothing here logs, and nothing holds a story's text: a {@link Finding} names the phrase from the
 * list that matched, never the words the resident wrote.
 */
public final class Safeguarding {
    static final String ROOT = "safeguarding/";
    static final String LANGUAGES = "languages.txt";
    static final String NOT_A_CONCERN = "not-a-concern";
    static final String MUTATIONS = "mutations";

    /** Which phrase of which list matched: for moderators and tests, never the resident's words. */
    public record Finding(Concern concern, String language, String phrase, String file, int line) {
    }

    /** What a text raised: the concerns, and each phrase that raised one. */
    public record Result(Set<Concern> concerns, List<Finding> findings) {
        public boolean flagged() {
            return !concerns.isEmpty();
        }
    }

    /** One variant of one phrase; {@code concern} empty for a not-a-concern phrase. */
    private record Compiled(Slot[] slots, Optional<Concern> concern, String language, String phrase, String file,
            int line) {
    }

    private final Map<String, List<Compiled>> byWord;
    private final Map<String, List<Compiled>> byStem;
    /** The lengths of the stems that start a phrase, shortest first: the only prefixes of a word worth looking up. */
    private final int[] stemLengths;
    private final int phrases;
    private final Set<String> languages;

    private Safeguarding(List<Compiled> compiled, int phrases, Set<String> languages) {
        Map<String, List<Compiled>> words = new HashMap<>();
        Map<String, List<Compiled>> stems = new HashMap<>();
        Set<Integer> lengths = new TreeSet<>();
        for (Compiled c : compiled) {
            Word first = (Word) c.slots()[0];
            for (String word : first.words()) {
                words.computeIfAbsent(word, k -> new ArrayList<>()).add(c);
            }
            for (String stem : first.stems()) {
                stems.computeIfAbsent(stem, k -> new ArrayList<>()).add(c);
                lengths.add(stem.length());
            }
        }
        words.replaceAll((k, v) -> List.copyOf(v));
        stems.replaceAll((k, v) -> List.copyOf(v));
        this.byWord = Map.copyOf(words);
        this.byStem = Map.copyOf(stems);
        this.stemLengths = lengths.stream().mapToInt(Integer::intValue).toArray();
        this.phrases = phrases;
        this.languages = Collections.unmodifiableSet(new TreeSet<>(languages));
    }

    /** The lists shipped in the resources, read and compiled once per process. */
    public static Safeguarding load() {
        return Shipped.LISTS;
    }

    private static final class Shipped {
        static final Safeguarding LISTS = of(read());
    }

    private static Map<String, String> read() {
        String index = resource(LANGUAGES).orElseThrow(() -> new IllegalStateException("no " + ROOT + LANGUAGES));
        Map<String, String> files = new LinkedHashMap<>();
        for (String line : index.split("\r?\n")) {
            String language = PhraseSyntax.uncomment(line);
            if (language.isEmpty()) {
                continue;
            }
            List<String> names = new ArrayList<>();
            names.add(MUTATIONS);
            for (Concern concern : Concern.values()) {
                names.add(concern.wireName());
            }
            names.add(NOT_A_CONCERN);
            for (String name : names) {
                String file = language + "/" + name + ".txt";
                resource(file).ifPresent(content -> files.put(file, content));
            }
        }
        return files;
    }

    private static Optional<String> resource(String name) {
        try (InputStream in = Safeguarding.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Lists from file contents keyed {@code {language}/{name}.txt}, name a concern's wire name,
     * {@code not-a-concern} or {@code mutations}. A line that cannot be read fails with its file and line.
     */
    public static Safeguarding of(Map<String, String> files) {
        Map<String, Mutations> mutations = new HashMap<>();
        files.forEach((file, content) -> {
            if (name(file).equals(MUTATIONS)) {
                mutations.put(language(file), Mutations.parse(file, content));
            }
        });
        List<Compiled> compiled = new ArrayList<>();
        Set<String> languages = new TreeSet<>();
        int phrases = 0;
        for (Map.Entry<String, String> entry : files.entrySet()) {
            String file = entry.getKey();
            String name = name(file);
            if (name.equals(MUTATIONS)) {
                continue;
            }
            Optional<Concern> concern = Concern.fromWireName(name);
            if (concern.isEmpty() && !name.equals(NOT_A_CONCERN)) {
                throw new IllegalArgumentException(file + ": not a concern's name nor " + NOT_A_CONCERN);
            }
            String language = language(file);
            languages.add(language);
            String[] lines = entry.getValue().split("\r?\n", -1);
            for (int n = 0; n < lines.length; n++) {
                String phrase = PhraseSyntax.uncomment(lines[n]);
                if (phrase.isEmpty()) {
                    continue;
                }
                phrases++;
                for (List<Slot> variant : PhraseSyntax.parse(file, n + 1, phrase,
                        mutations.getOrDefault(language, Mutations.NONE))) {
                    compiled.add(new Compiled(variant.toArray(Slot[]::new), concern, language, phrase, file, n + 1));
                }
            }
        }
        return new Safeguarding(compiled, phrases, languages);
    }

    private static String language(String file) {
        int slash = file.indexOf('/');
        if (slash <= 0 || !file.endsWith(".txt")) {
            throw new IllegalArgumentException(file + ": expected {language}/{name}.txt");
        }
        return file.substring(0, slash);
    }

    private static String name(String file) {
        language(file);
        return file.substring(file.indexOf('/') + 1, file.length() - ".txt".length());
    }

    /** The concerns {@code text} raises, in any of the languages; empty for an ordinary story. */
    public Set<Concern> concerns(String text) {
        return check(text).concerns();
    }

    /** The concerns {@code text} raises and the phrases that raised them. */
    public Result check(String text) {
        if (text == null || text.isEmpty()) {
            return new Result(Set.of(), List.of());
        }
        List<String> words = Words.of(text);
        List<int[]> excluded = new ArrayList<>();
        List<Compiled> hits = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            visit(byWord.get(word), words, i, hits, spans, excluded);
            for (int length : stemLengths) {
                if (length > word.length()) {
                    break;
                }
                visit(byStem.get(word.substring(0, length)), words, i, hits, spans, excluded);
            }
        }
        Set<Concern> concerns = EnumSet.noneOf(Concern.class);
        List<Finding> findings = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (int h = 0; h < hits.size(); h++) {
            int[] span = spans.get(h);
            if (excluded.stream().anyMatch(e -> e[0] <= span[0] && span[1] <= e[1])) {
                continue;
            }
            Compiled hit = hits.get(h);
            concerns.add(hit.concern().orElseThrow());
            if (seen.add(hit.file() + ":" + hit.line())) {
                findings.add(new Finding(hit.concern().orElseThrow(), hit.language(), hit.phrase(), hit.file(), hit.line()));
            }
        }
        return new Result(Collections.unmodifiableSet(concerns), List.copyOf(findings));
    }

    private static void visit(List<Compiled> candidates, List<String> words, int start, List<Compiled> hits,
            List<int[]> spans, List<int[]> excluded) {
        if (candidates == null) {
            return;
        }
        for (Compiled c : candidates) {
            int end = match(c.slots(), 1, words, start + 1);
            if (end < 0) {
                continue;
            }
            if (c.concern().isPresent()) {
                hits.add(c);
                spans.add(new int[] {start, end});
            } else {
                excluded.add(new int[] {start, end});
            }
        }
    }

    /** Where the phrase's slots from {@code slot} on end when they match from word {@code at}, or -1. */
    private static int match(Slot[] slots, int slot, List<String> words, int at) {
        if (slot == slots.length) {
            return at;
        }
        if (slots[slot] instanceof Gap gap) {
            for (int skip = 0; skip <= gap.max() && at + skip < words.size(); skip++) {
                int end = match(slots, slot + 1, words, at + skip);
                if (end >= 0) {
                    return end;
                }
            }
            return -1;
        }
        if (at >= words.size() || !((Word) slots[slot]).matches(words.get(at))) {
            return -1;
        }
        return match(slots, slot + 1, words, at + 1);
    }

    public Set<String> languages() {
        return languages;
    }

    @Override
    public String toString() {
        return "Safeguarding[" + phrases + " phrases in " + String.join(", ", languages) + "]";
    }
}
