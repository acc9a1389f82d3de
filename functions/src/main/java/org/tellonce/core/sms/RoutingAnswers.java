package org.tellonce.core.sms;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.tellonce.core.language.Language;
import org.tellonce.core.language.Messages;
import org.tellonce.core.story.Postcodes;
import org.tellonce.core.story.Topics;

/**
 * Reads the answers to the routing questions: the topic (numbers from the list we sent, or topic names
 * in any case, with or without their accents, in the conversation's language or English, separated by
 * spaces or commas) and the area (a postcode district or sector).
 */
public final class RoutingAnswers {
    private final Topics topics;

    public RoutingAnswers(Topics topics) {
        this.topics = topics;
    }

    public boolean asksTopic() {
        return !topics.all().isEmpty();
    }

    /** The numbered topic list as the question shows it: "1 Health, 2 Social care, ...", in GSM-7 letters. */
    public String numberedList(Language language) {
        List<String> all = topics.all();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            items.add((i + 1) + " " + gsm(Messages.of(language).topic(all.get(i))));
        }
        return String.join(", ", items);
    }

    /** The topics an answer names, in configured order; empty when any part of it is not a topic. */
    public Optional<List<String>> topics(String answer, Language language) {
        List<String> words = Arrays.stream(folded(answer).split("[\\s,;.]+")).filter(w -> !w.isEmpty()).toList();
        Set<String> chosen = new LinkedHashSet<>();
        int i = 0;
        while (i < words.size()) {
            int taken = takeTopic(words, i, language, chosen);
            if (taken == 0) {
                return Optional.empty();
            }
            i += taken;
        }
        return chosen.isEmpty() ? Optional.empty()
                : Optional.of(topics.all().stream().filter(chosen::contains).toList());
    }

    /** The area an answer names: a postcode district or sector (a full postcode is kept only as its sector). */
    public static Optional<String> area(String answer) {
        return Postcodes.keptArea(answer).filter(Postcodes::isPostcodeArea);
    }

    /** Reads one topic (a number, or the longest name) at {@code start}; @return how many words it took */
    private int takeTopic(List<String> words, int start, Language language, Set<String> chosen) {
        Optional<String> numbered = numbered(words.get(start));
        if (numbered.isPresent()) {
            chosen.add(numbered.get());
            return 1;
        }
        for (int end = words.size(); end > start; end--) {
            Optional<String> named = named(String.join(" ", words.subList(start, end)), language);
            if (named.isPresent()) {
                chosen.add(named.get());
                return end - start;
            }
        }
        return 0;
    }

    private Optional<String> numbered(String word) {
        if (!word.matches("[0-9]{1,2}")) {
            return Optional.empty();
        }
        int n = Integer.parseInt(word);
        return n >= 1 && n <= topics.all().size() ? Optional.of(topics.all().get(n - 1)) : Optional.empty();
    }

    private Optional<String> named(String name, Language language) {
        return topics.all().stream().filter(topic -> folded(topic.replace('-', ' ')).equals(name)
                || folded(Messages.of(language).topic(topic)).equals(name)
                || folded(Messages.of(Language.EN).topic(topic)).equals(name)).findFirst();
    }

    private static String folded(String text) {
        return gsm(text).toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
    }

    /** Letters without their accents (ł as l too), so the list stays in GSM-7 and answers match typed plainly. */
    static String gsm(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace('ł', 'l').replace('Ł', 'L');
    }
}
